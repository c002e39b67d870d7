<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>audit17</name>
    <message>
        <source>Time ({zone})</source>
        <translation>时间（{zone}）</translation>
    </message>
    <message>
        <source>internal no. {id}</source>
        <translation>内部编号 {id}</translation>
    </message>
    <message>
        <source>Event No. {seq}, {time}</source>
        <translation>第 {seq} 号事件，{time}</translation>
    </message>
    <message>
        <source>Record: {kind} {name}</source>
        <translation>记录：{kind} {name}</translation>
    </message>
    <message>
        <source>Made with it: {kind} {name}</source>
        <translation>同时记录：{kind} {name}</translation>
    </message>
    <message>
        <source>Versions of {kind} {name}: {count}</source>
        <translation>{kind} {name} 的版本：{count} 个</translation>
    </message>
    <message>
        <source>version {number}</source>
        <translation>第 {number} 版</translation>
    </message>
    <message>
        <source>Workstation closures</source>
        <translation>井口工作站撤站记录</translation>
    </message>
    <message>
        <source>Training sessions</source>
        <translation>培训记录</translation>
    </message>
    <message>
        <source>Training attendance</source>
        <translation>培训出勤</translation>
    </message>
    <message>
        <source>Exchange stations</source>
        <translation>已登记的群监站</translation>
    </message>
    <message>
        <source>Record transfers</source>
        <translation>记录移交</translation>
    </message>
    <message>
        <source>Changed from</source>
        <translation>修改时间从</translation>
    </message>
    <message>
        <source>local time ({zone}), converted to UTC</source>
        <translation>本机时间（{zone}），查询时换算为 UTC</translation>
    </message>
    <message>
        <source>Records keep their change time in UTC; the times typed here are this computer's clock.</source>
        <translation>记录的修改时间以 UTC 保存；这里输入的是本机时钟的时间。</translation>
    </message>
    <message>
        <source>Status before</source>
        <translation>原状态</translation>
    </message>
    <message>
        <source>Status after</source>
        <translation>新状态</translation>
    </message>
    <message>
        <source>UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <source>Password fingerprint</source>
        <translation>密码指纹</translation>
    </message>
    <message>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <source>Failed log-ins</source>
        <translation>连续登录失败次数</translation>
    </message>
</context>
</TS>
