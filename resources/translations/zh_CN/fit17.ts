<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Fit17</name>
    <message>
        <source>Not paid</source>
        <translation>不发</translation>
    </message>
    <message>
        <source>Capped at {amount} yuan.</source>
        <translation>超过上限，按 {amount} 元封顶。</translation>
    </message>
    <message>
        <source>{measure} {value} of {threshold}: {missing} missing × {each} yuan, minus {amount} yuan.</source>
        <translation>{measure} {value}，标准 {threshold}，少 {missing} × {each} 元，扣 {amount} 元。</translation>
    </message>
    <message>
        <source>{measure} {value}, below the norm of {threshold}: the month's allowance is cancelled.</source>
        <translation>{measure} {value}，少于标准 {threshold}：当月津贴取消。</translation>
    </message>
    <message>
        <source>{measure} {value}, below {threshold}: the month's allowance is cancelled.</source>
        <translation>{measure} {value}，少于 {threshold}：当月津贴取消。</translation>
    </message>
    <message>
        <source>{measure} {value}, {threshold} or more: the month's allowance is cancelled.</source>
        <translation>{measure} {value}，达到 {threshold}：当月津贴取消。</translation>
    </message>
    <message>
        <source>{measure} {value}: {count} × {each} yuan, plus {amount} yuan.</source>
        <translation>{measure} {value}，{count} × {each} 元，奖 {amount} 元。</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>最后修改时间</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>密码修改时间</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <source>up to No. {seq}</source>
        <translation>至第 {seq} 号</translation>
    </message>
    <message>
        <source>Backup made and verified: {file} (audit events up to No. {seq}).</source>
        <translation>备份已完成并已校验：{file}（审计事件截至第 {seq} 号）。</translation>
    </message>
    <message>
        <source>No. {seq}</source>
        <translation>第 {seq} 号</translation>
    </message>
</context>
</TS>
