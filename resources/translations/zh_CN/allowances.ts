<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AllowancePage</name>
    <message>
        <source>Adjust an approved month</source>
        <translation>调整已审批月份</translation>
    </message>
    <message>
        <source>Adjustment saved.</source>
        <translation>调整已保存。</translation>
    </message>
    <message>
        <source>Adjustments</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>Adjust…</source>
        <translation>调整…</translation>
    </message>
    <message>
        <source>Allowance (yuan)</source>
        <translation>应发（元）</translation>
    </message>
    <message>
        <source>Allowances</source>
        <translation>群监员津贴</translation>
    </message>
    <message>
        <source>Approve allowances</source>
        <translation>审批津贴</translation>
    </message>
    <message>
        <source>Approve and lock the allowances of {month}? Later corrections become adjustments.</source>
        <translation>审批并锁定 {month} 的津贴吗？之后的更正将作为调整计入以后月份。</translation>
    </message>
    <message>
        <source>Approve and lock…</source>
        <translation>审批锁定…</translation>
    </message>
    <message>
        <source>Approved by {who} on {day}: locked.</source>
        <translation>已审批：{who} 于 {day} 审批，已锁定。</translation>
    </message>
    <message>
        <source>Choose an inspector first.</source>
        <translation>请先选择一名群监员。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Corrects month</source>
        <translation>更正月份</translation>
    </message>
    <message>
        <source>Duty and report rates</source>
        <translation>上岗率与汇报率</translation>
    </message>
    <message>
        <source>Duty rate (head-count)</source>
        <translation>上岗率（人数）</translation>
    </message>
    <message>
        <source>Duty rate (shifts)</source>
        <translation>上岗率（班次）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Inspector-months</source>
        <translation>人·月</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Not approved: computed from today's records.</source>
        <translation>未审批：按当前记录实时计算。</translation>
    </message>
    <message>
        <source>On duty / required</source>
        <translation>上岗/应上岗</translation>
    </message>
    <message>
        <source>Paid (yuan)</source>
        <translation>实发（元）</translation>
    </message>
    <message>
        <source>Paid with month</source>
        <translation>计入月份</translation>
    </message>
    <message>
        <source>Report rate (head-count)</source>
        <translation>汇报率（人数）</translation>
    </message>
    <message>
        <source>Report rate (shifts)</source>
        <translation>汇报率（班次）</translation>
    </message>
    <message>
        <source>Reports / required</source>
        <translation>有效汇报/应汇报</translation>
    </message>
    <message>
        <source>Rules…</source>
        <translation>规则…</translation>
    </message>
    <message>
        <source>Shift-weighted duty rate = Σ min(duty shifts, required) / Σ required; report rate = shifts with a report / duty shifts. Head-count rates = inspector-months meeting the monthly norm / inspector-months on the roll. Required shifts: the norm pro-rated for days on the roll, minus leave, injury and training shifts.</source>
        <translation>上岗率（班次）= Σ min(上岗班次, 应上岗班次) / Σ 应上岗班次；汇报率（班次）= 有汇报的班次 / 上岗班次。上岗率、汇报率（人数）= 达到月度标准的人·月 / 在册人·月。应上岗班次 = 月度标准按在册天数折算，再减去请假、工伤、培训班次。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>e.g. 180 or -50</source>
        <translation>如 180 或 -50</translation>
    </message>
    <message>
        <source>{count} inspectors would now get a different amount; adjust them in an open month.</source>
        <translation>按当前记录重算，有 {count} 名群监员金额不同；请在未审批月份中调整。</translation>
    </message>
    <message>
        <source>{count} inspectors · total {amount} yuan</source>
        <translation>{count} 名群监员 · 合计 {amount} 元</translation>
    </message>
    <message>
        <source>{count} rows</source>
        <translation>{count} 行</translation>
    </message>
    <message>
        <source>{month} approved and locked.</source>
        <translation>{month} 已审批锁定。</translation>
    </message>
</context>
</TS>
