<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Network</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Adjustment for {month}: {amount} yuan ({reason}).</source>
        <translation>{month} 调整：{amount} 元（{reason}）。</translation>
    </message>
    <message>
        <source>Allowance rules</source>
        <translation>津贴规则</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Base amount</source>
        <translation>基础金额</translation>
    </message>
    <message>
        <source>Before it was adopted ({date}).</source>
        <translation>早于采纳日期（{date}）。</translation>
    </message>
    <message>
        <source>Before the 三违 itself ({date}).</source>
        <translation>早于三违发生日期（{date}）。</translation>
    </message>
    <message>
        <source>Bonus per item</source>
        <translation>每项奖励</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>Choose an existing shift.</source>
        <translation>请选择已有的班次。</translation>
    </message>
    <message>
        <source>Choose an existing workstation.</source>
        <translation>请选择已有的工作站。</translation>
    </message>
    <message>
        <source>Choose the inspector who stopped it (or say who else did).</source>
        <translation>请选择制止的群监员（或注明其他制止人）。</translation>
    </message>
    <message>
        <source>Command against rules (违章指挥)</source>
        <translation>违章指挥</translation>
    </message>
    <message>
        <source>Found by the network (群监网)</source>
        <translation>群监网查出</translation>
    </message>
    <message>
        <source>Administrative or higher inspection</source>
        <translation>行政及上级检查</translation>
    </message>
    <message>
        <source>Counts as</source>
        <translation>统计归类</translation>
    </message>
    <message>
        <source>Deduction per missing item</source>
        <translation>每缺一项扣款</translation>
    </message>
    <message>
        <source>Duty of inspector #{inspector} on sheet #{sheet} is missing from the duty table.</source>
        <translation>登记表 #{sheet} 上群监员 #{inspector} 的上岗记录在上岗表中缺失。</translation>
    </message>
    <message>
        <source>Duty row of inspector #{inspector} on sheet #{sheet} differs from its sheet.</source>
        <translation>登记表 #{sheet} 上群监员 #{inspector} 的上岗记录与登记表不一致。</translation>
    </message>
    <message>
        <source>Duty row of inspector #{inspector} on sheet #{sheet} is not on any valid sheet.</source>
        <translation>登记表 #{sheet} 上群监员 #{inspector} 的上岗记录不属于任何有效登记表。</translation>
    </message>
    <message>
        <source>Duty shifts</source>
        <translation>上岗班次</translation>
    </message>
    <message>
        <source>Duty shifts a month</source>
        <translation>每月上岗班次</translation>
    </message>
    <message>
        <source>Employment types</source>
        <translation>用工性质</translation>
    </message>
    <message>
        <source>Enter it in an open month after {month}.</source>
        <translation>请在 {month} 之后的未关闭月份中登记。</translation>
    </message>
    <message>
        <source>Found by a safety squad</source>
        <translation>安全小分队发现</translation>
    </message>
    <message>
        <source>Gate (cancels the month)</source>
        <translation>否决项（取消当月津贴）</translation>
    </message>
    <message>
        <source>Gate fires when the measure is</source>
        <translation>否决条件</translation>
    </message>
    <message>
        <source>Group by one of: {choices}.</source>
        <translation>请按以下之一分组：{choices}。</translation>
    </message>
    <message>
        <source>Hazards found</source>
        <translation>发现隐患</translation>
    </message>
    <message>
        <source>How 三违 are found</source>
        <translation>三违发现途径</translation>
    </message>
    <message>
        <source>Items reported but “reported” is not marked.</source>
        <translation>填了汇报条数，但未勾选“已汇报”。</translation>
    </message>
    <message>
        <source>Labour discipline (违反劳动纪律)</source>
        <translation>违反劳动纪律</translation>
    </message>
    <message>
        <source>Major hazards found</source>
        <translation>发现重大隐患</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>考核项</translation>
    </message>
    <message>
        <source>Mine (empty: every mine)</source>
        <translation>所属矿（空：所有矿）</translation>
    </message>
    <message>
        <source>Monthly duty totals of inspector #{inspector} for {month} are missing.</source>
        <translation>群监员 #{inspector} {month} 的月度上岗汇总缺失。</translation>
    </message>
    <message>
        <source>Monthly duty totals of inspector #{inspector} for {month} differ from the sheets.</source>
        <translation>群监员 #{inspector} {month} 的月度上岗汇总与登记表不一致。</translation>
    </message>
    <message>
        <source>Monthly norms</source>
        <translation>月度考核标准</translation>
    </message>
    <message>
        <source>Name who made the suggestion (an inspector or a name).</source>
        <translation>请填写建议人（群监员或姓名）。</translation>
    </message>
    <message>
        <source>Name who stopped it.</source>
        <translation>请填写制止人。</translation>
    </message>
    <message>
        <source>No hazard with this number.</source>
        <translation>没有这个编号的隐患。</translation>
    </message>
    <message>
        <source>No organisation unit has the code {code}.</source>
        <translation>没有代码为 {code} 的单位。</translation>
    </message>
    <message>
        <source>No such inspector.</source>
        <translation>没有这名群监员。</translation>
    </message>
    <message>
        <source>Not a month; type it as YYYY-MM.</source>
        <translation>不是有效月份，请按 YYYY-MM 输入。</translation>
    </message>
    <message>
        <source>Not a time; type it as HH:MM (00:00–24:00).</source>
        <translation>不是有效时间，请按“时:分”输入（00:00–24:00）。</translation>
    </message>
    <message>
        <source>Not on the roll of inspectors on {date}.</source>
        <translation>{date} 不在群监员名册中。</translation>
    </message>
    <message>
        <source>Only an inspector is chosen from the roster; type other people's names.</source>
        <translation>只有群监员从名册中选择；其他人员请直接填写姓名。</translation>
    </message>
    <message>
        <source>Only blanks; leave it empty instead.</source>
        <translation>只有空白字符，请直接留空。</translation>
    </message>
    <message>
        <source>Operation against rules (违章作业)</source>
        <translation>违章作业</translation>
    </message>
    <message>
        <source>Own 三违</source>
        <translation>本人三违</translation>
    </message>
    <message>
        <source>Paid: {amount} yuan.</source>
        <translation>实发 {amount} 元。</translation>
    </message>
    <message>
        <source>Records of {month} changed while the report was printed; print it again.</source>
        <translation>打印报表期间 {month} 的记录有变化，请重新打印。</translation>
    </message>
    <message>
        <source>Reported but not on duty: mark them on duty first, or clear “reported”.</source>
        <translation>未上岗却记了汇报：请先标记上岗，或取消“已汇报”。</translation>
    </message>
    <message>
        <source>Reports a month</source>
        <translation>每月有效汇报</translation>
    </message>
    <message>
        <source>Rule kind</source>
        <translation>规则类型</translation>
    </message>
    <message>
        <source>Rule {rule}: a gate needs “less than” or “at least”.</source>
        <translation>规则 {rule}：否决项需要选择“少于”或“不少于”。</translation>
    </message>
    <message>
        <source>Rule {rule}: choose what it measures.</source>
        <translation>规则 {rule}：请选择考核项。</translation>
    </message>
    <message>
        <source>Rule {rule}: only duty shifts, reports and suggestions have a monthly norm; give a threshold.</source>
        <translation>规则 {rule}：只有上岗班次、有效汇报和合理化建议有月度标准，请填写标准值。</translation>
    </message>
    <message>
        <source>Rule {rule}: unknown kind “{kind}”.</source>
        <translation>规则 {rule}：未知的规则类型“{kind}”。</translation>
    </message>
    <message>
        <source>Say why it is not adopted.</source>
        <translation>请说明不予采纳的原因。</translation>
    </message>
    <message>
        <source>Say why the family was visited.</source>
        <translation>请说明走访原因。</translation>
    </message>
    <message>
        <source>Serious (严重)</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Serious 三违 in own team</source>
        <translation>本班组严重三违</translation>
    </message>
    <message>
        <source>Shift sheet #{id} does not exist.</source>
        <translation>班次登记表 #{id} 不存在。</translation>
    </message>
    <message>
        <source>Substantive reports</source>
        <translation>有效汇报</translation>
    </message>
    <message>
        <source>Suggestion categories</source>
        <translation>建议类别</translation>
    </message>
    <message>
        <source>Suggestions a month</source>
        <translation>每月合理化建议</translation>
    </message>
    <message>
        <source>Suggestions made</source>
        <translation>提出建议</translation>
    </message>
    <message>
        <source>The approval date must be after the month and not in the future.</source>
        <translation>审批日期须在该月之后，且不能是将来的日期。</translation>
    </message>
    <message>
        <source>The end of the period is before its start.</source>
        <translation>统计期的结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>The reprint of {month} differs from the report printed at its close; check the program version.</source>
        <translation>{month} 的重印件与关闭时打印的报表不一致，请检查程序版本。</translation>
    </message>
    <message>
        <source>This record is already void.</source>
        <translation>这条记录已作废。</translation>
    </message>
    <message>
        <source>This record is void; it cannot be amended.</source>
        <translation>这条记录已作废，不能修改。</translation>
    </message>
    <message>
        <source>This record is void; nothing can be added to it.</source>
        <translation>这条记录已作废，不能再添加内容。</translation>
    </message>
    <message>
        <source>This sheet is already voided.</source>
        <translation>这张登记表已作废。</translation>
    </message>
    <message>
        <source>This sheet was saved before; changing it needs a reason.</source>
        <translation>这张登记表已保存过，修改需要填写原因。</translation>
    </message>
    <message>
        <source>This sheet was voided meanwhile. Reload it.</source>
        <translation>这张登记表已被作废，请重新载入。</translation>
    </message>
    <message>
        <source>This shift belongs to another mine.</source>
        <translation>该班次属于其他矿。</translation>
    </message>
    <message>
        <source>Threshold (empty: the month's norm)</source>
        <translation>标准值（空=月度标准）</translation>
    </message>
    <message>
        <source>Time “{value}” is not HH:MM (00:00–23:59).</source>
        <translation>时间“{value}”不是“时:分”格式（00:00–23:59）。</translation>
    </message>
    <message>
        <source>Times are only kept for an inspector on duty.</source>
        <translation>只有上岗的群监员才记录入井/升井时间。</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Total with adjustments: {amount} yuan.</source>
        <translation>含调整合计 {amount} 元。</translation>
    </message>
    <message>
        <source>Unknown duty status “{value}”.</source>
        <translation>未知的上岗状态“{value}”。</translation>
    </message>
    <message>
        <source>Which kind of 不放心人员?</source>
        <translation>属于哪类不放心人员？</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>不少于</translation>
    </message>
    <message>
        <source>less than</source>
        <translation>少于</translation>
    </message>
    <message>
        <source>{month} has not ended yet.</source>
        <translation>{month} 尚未结束。</translation>
    </message>
    <message>
        <source>{month} has not ended yet; approve it from the first day of the next month.</source>
        <translation>{month} 尚未结束，请从下月 1 日起审批。</translation>
    </message>
    <message>
        <source>{month} is already approved and locked.</source>
        <translation>{month} 已审批锁定。</translation>
    </message>
    <message>
        <source>{month} is already closed.</source>
        <translation>{month} 已关闭。</translation>
    </message>
    <message>
        <source>{month} is closed: its records cannot change. Enter a correction for it in an open month.</source>
        <translation>{month} 已关闭，其记录不能再修改。请在未关闭的月份中登记更正。</translation>
    </message>
    <message>
        <source>{month} is not closed.</source>
        <translation>{month} 尚未关闭。</translation>
    </message>
    <message>
        <source>{month} is not closed: correct the records themselves.</source>
        <translation>{month} 尚未关闭：请直接修改原始记录。</translation>
    </message>
    <message>
        <source>{who} appears twice on this sheet.</source>
        <translation>{who} 在本表中出现了两次。</translation>
    </message>
    <message>
        <source>{who} is already marked for this shift on the sheet of {workstation}.</source>
        <translation>{who} 本班次已登记在 {workstation} 的登记表上。</translation>
    </message>
    <message>
        <source>{who} is not on the roll on {date} (appointed/left dates).</source>
        <translation>{who} 在 {date} 不在群监员名册中（请核对聘任/离任日期）。</translation>
    </message>
    <message>
        <source>“No problems this shift” cannot go with reported items; clear one of them.</source>
        <translation>“本班无问题”不能同时填写汇报条数，请清除其中之一。</translation>
    </message>
    <message>
        <source>“No problems this shift” is a report: mark it reported as well.</source>
        <translation>“本班无问题”也是一次汇报，请同时勾选“已汇报”。</translation>
    </message>
    <message>
        <source>“Solved on site” is only for problems solved during the tour; use “solved later”.</source>
        <translation>“现场解决”只用于巡视当时解决的问题，请改用“限期解决”。</translation>
    </message>
    <message>
        <source>三违 handling steps</source>
        <translation>三违帮教处理措施</translation>
    </message>
    <message>
        <source>三违 record #{id} does not exist.</source>
        <translation>三违记录 #{id} 不存在。</translation>
    </message>
    <message>
        <source>三违 severities</source>
        <translation>三违性质</translation>
    </message>
    <message>
        <source>三违 stopped</source>
        <translation>制止三违</translation>
    </message>
    <message>
        <source>三违 types</source>
        <translation>三违类别</translation>
    </message>
    <message>
        <source>No shift sheets were kept in this period: there is no duty data.</source>
        <translation>本期没有上岗登记表：无上岗数据（无记录）。</translation>
    </message>
</context>
</TS>
