<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Allowances</name>
    <message>
        <source>; now {amount}</source>
        <translation>；现应为 {amount}</translation>
    </message>
    <message>
        <source>Adjust an approved month</source>
        <translation>调整已审批月份</translation>
    </message>
    <message>
        <source>Adjustment of {amount} yuan saved; it is paid with {month}.</source>
        <translation>已保存调整 {amount} 元，随 {month} 发放。</translation>
    </message>
    <message>
        <source>Adjustment only</source>
        <translation>仅调整</translation>
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
        <source>Choose an inspector to see how the allowance was computed.</source>
        <translation>选择一名群监员，查看津贴的计算过程。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>正在审批…</translation>
    </message>
    <message>
        <source>Correct an approved month through a later, open month</source>
        <translation>通过以后未审批的月份更正已审批月份</translation>
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
        <source>Full</source>
        <translation>全发</translation>
    </message>
    <message>
        <source>Give an amount between −{limit} and {limit} yuan, not 0; negative takes money back.</source>
        <translation>请填写 −{limit} 至 {limit} 元之间且不为 0 的金额；负数表示扣回。</translation>
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
        <source>Mining unit</source>
        <translation>区队</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>No later month to pay it with.</source>
        <translation>没有可计入的以后月份。</translation>
    </message>
    <message>
        <source>No such inspector; choose one from the list.</source>
        <translation>没有该群监员，请从列表中选择。</translation>
    </message>
    <message>
        <source>Not approved: computed from today's records.</source>
        <translation>未审批：按当前记录实时计算。</translation>
    </message>
    <message>
        <source>Not on the roll this month.</source>
        <translation>本月不在册。</translation>
    </message>
    <message>
        <source>On duty / required</source>
        <translation>上岗/应上岗</translation>
    </message>
    <message>
        <source>Only an approved month is adjusted; correct the records of an open month.</source>
        <translation>只有已审批的月份才需调整；未审批月份请直接更正记录。</translation>
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
        <source>Recomputed from today's records: {now} yuan instead of the approved {then} yuan (difference {delta}). Enter an adjustment paid with an open month.</source>
        <translation>按当前记录重算为 {now} 元，已审批 {then} 元（差额 {delta}）。请录入调整，随未审批月份发放。</translation>
    </message>
    <message>
        <source>Reduced</source>
        <translation>减发</translation>
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
        <source>Rule {rule}: amounts and thresholds cannot be negative; a deduction takes a positive amount.</source>
        <translation>规则 {rule}：金额和标准值不能为负数；扣减规则也填正数金额。</translation>
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
        <source>The adjustment is paid with a month after {month}; choose a later month.</source>
        <translation>调整须随 {month} 之后的月份发放，请选择更晚的月份。</translation>
    </message>
    <message>
        <source>The deductions exceed the allowance; nothing below 0 is charged.</source>
        <translation>扣减超过津贴，按 0 元计，不倒扣。</translation>
    </message>
    <message>
        <source>The inspector has no allowance in {month}.</source>
        <translation>该群监员在 {month} 没有津贴记录。</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Type a whole number of yuan, e.g. 180 or -50.</source>
        <translation>请填写整数元，如 180 或 -50。</translation>
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
        <source>{month} approved and locked: {count} inspectors, {amount} yuan.</source>
        <translation>{month} 已审批锁定：{count} 名群监员，合计 {amount} 元。</translation>
    </message>
    <message>
        <source>{month} is already approved and locked; choose a later month.</source>
        <translation>{month} 已审批锁定，请选择更晚的月份。</translation>
    </message>
    <message>
        <source>{month} is not approved: correct the records instead of adjusting.</source>
        <translation>{month} 尚未审批：请直接更正记录，无需调整。</translation>
    </message>
    <message>
        <source>{rule} {amount} yuan.</source>
        <translation>{rule} {amount} 元。</translation>
    </message>
    <message>
        <source>“{month}” is not a month; type it as YYYY-MM, e.g. 2026-05.</source>
        <translation>“{month}”不是有效月份，请按 YYYY-MM 填写，如 2026-05。</translation>
    </message>
</context>
</TS>
