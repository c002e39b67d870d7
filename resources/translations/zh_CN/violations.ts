<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ViolationsPage</name>
    <message>
        <source>Add handling</source>
        <translation>添加帮教处理</translation>
    </message>
    <message>
        <source>Add handling…</source>
        <translation>添加帮教处理…</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>全部性质</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Amend 三违 {number}</source>
        <translation>修改三违 {number}</translation>
    </message>
    <message>
        <source>Amend…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Cadre</source>
        <translation>干部</translation>
    </message>
    <message>
        <source>Clear signature</source>
        <translation>撤销签字</translation>
    </message>
    <message>
        <source>Clear signature…</source>
        <translation>撤销签字…</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>决定人/单位</translation>
    </message>
    <message>
        <source>Employment</source>
        <translation>用工性质</translation>
    </message>
    <message>
        <source>Fine (yuan)</source>
        <translation>罚款（元）</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>帮教处理</translation>
    </message>
    <message>
        <source>Handling added.</source>
        <translation>已添加帮教处理。</translation>
    </message>
    <message>
        <source>Handling step</source>
        <translation>处理措施</translation>
    </message>
    <message>
        <source>How found</source>
        <translation>发现途径</translation>
    </message>
    <message>
        <source>Inspector who stopped it</source>
        <translation>制止的群监员</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>最近一次</translation>
    </message>
    <message>
        <source>Linked hazard</source>
        <translation>关联隐患</translation>
    </message>
    <message>
        <source>Name of who stopped it</source>
        <translation>制止人姓名</translation>
    </message>
    <message>
        <source>New 三违 card</source>
        <translation>登记三违</translation>
    </message>
    <message>
        <source>New 三违 record</source>
        <translation>三违登记</translation>
    </message>
    <message>
        <source>No hazard has the number {number}.</source>
        <translation>没有编号为 {number} 的隐患。</translation>
    </message>
    <message>
        <source>Offender</source>
        <translation>违章人</translation>
    </message>
    <message>
        <source>Offender signed</source>
        <translation>违章人已签字</translation>
    </message>
    <message>
        <source>Offender's employee no.</source>
        <translation>违章人工号</translation>
    </message>
    <message>
        <source>Offender's unit</source>
        <translation>违章人单位</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Reason for the amendment</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>三违台账</translation>
    </message>
    <message>
        <source>Repeat offenders</source>
        <translation>重复违章人员</translation>
    </message>
    <message>
        <source>Rule item</source>
        <translation>违反条款</translation>
    </message>
    <message>
        <source>Safety officer</source>
        <translation>安监员</translation>
    </message>
    <message>
        <source>Saved as {number}.</source>
        <translation>已保存，编号 {number}。</translation>
    </message>
    <message>
        <source>Search number, name, place, description</source>
        <translation>搜索编号、姓名、地点、违章事实</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>性质</translation>
    </message>
    <message>
        <source>Signature recorded.</source>
        <translation>签字情况已记录。</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签字</translation>
    </message>
    <message>
        <source>Stopped by</source>
        <translation>制止人</translation>
    </message>
    <message>
        <source>Team (optional)</source>
        <translation>班组（选填）</translation>
    </message>
    <message>
        <source>The offender signed the paper record</source>
        <translation>违章人已在纸质记录上签字</translation>
    </message>
    <message>
        <source>The record was voided; it stays in the register, struck through.</source>
        <translation>记录已作废，仍保留在台账中并以删除线显示。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Trade (工种)</source>
        <translation>工种</translation>
    </message>
    <message>
        <source>Training days</source>
        <translation>培训天数</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Void 三违 record</source>
        <translation>作废三违记录</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>违章事实</translation>
    </message>
    <message>
        <source>Why is the signature cleared?</source>
        <translation>为什么撤销签字？</translation>
    </message>
    <message>
        <source>Why is this record void?</source>
        <translation>为什么作废这条记录？</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, e.g. 2026-06-09</source>
        <translation>年-月-日，如 2026-06-09</translation>
    </message>
    <message>
        <source>e.g. JK01-2026-00017 (optional)</source>
        <translation>如 JK01-2026-00017（选填）</translation>
    </message>
    <message>
        <source>fine {amount} yuan</source>
        <translation>罚款 {amount} 元</translation>
    </message>
    <message>
        <source>from YYYY-MM-DD</source>
        <translation>起始 年-月-日</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>of them serious</source>
        <translation>其中严重</translation>
    </message>
    <message>
        <source>to YYYY-MM-DD</source>
        <translation>截止 年-月-日</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>{count} in the last 12 months</source>
        <translation>近 12 个月第 {count} 次</translation>
    </message>
    <message>
        <source>{count} 三违 in the 12 months up to this one</source>
        <translation>截至本次，近 12 个月三违 {count} 次</translation>
    </message>
    <message>
        <source>{days} days training</source>
        <translation>培训 {days} 天</translation>
    </message>
    <message>
        <source>“{text}” is not in the list; choose an entry.</source>
        <translation>“{text}”不在列表中，请从列表中选择。</translation>
    </message>
    <message>
        <source>三违 in 12 months</source>
        <translation>近 12 个月三违次数</translation>
    </message>
    <message>
        <source>三违 register</source>
        <translation>三违台账</translation>
    </message>
    <message>
        <source>三违 type</source>
        <translation>三违类别</translation>
    </message>
    <message>
        <source>This entry is not in use on {date}; choose another.</source>
        <translation>该条目在 {date} 未启用，请选择其他条目。</translation>
    </message>
    <message>
        <source>Choose a 区队 (unit).</source>
        <translation>请选择区队。</translation>
    </message>
    <message>
        <source>Choose a 班组 (team).</source>
        <translation>请选择班组。</translation>
    </message>
    <message>
        <source>工号 if known: name and unit are filled in</source>
        <translation>已知工号请填写，自动带出姓名和单位</translation>
    </message>
    <message>
        <source>Show void records</source>
        <translation>显示已作废记录</translation>
    </message>
    <message>
        <source>All inspectors</source>
        <translation>全部群监员</translation>
    </message>
    <message>
        <source>Record numbers</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>People with two or more 三违 in the 12 months up to {date}. Double-click (or Enter on) a person to list their records.</source>
        <translation>截至 {date} 近 12 个月内三违两次及以上的人员。双击（或按回车）某人可列出其全部记录。</translation>
    </message>
</context>
</TS>
