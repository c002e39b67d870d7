<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Tours</name>
    <message>
        <source>A problem of this tour has a deadline or solved date {date}; the tour cannot be later than that.</source>
        <translation>该巡视有问题的期限或解决日期为 {date}，巡视日期不能晚于该日。</translation>
    </message>
    <message>
        <source>Give the day the problem was solved (YYYY-MM-DD).</source>
        <translation>请填写问题解决的日期（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>Head count</source>
        <translation>代表人数</translation>
    </message>
    <message>
        <source>Mark solved…</source>
        <translation>登记已解决…</translation>
    </message>
    <message>
        <source>Name the representatives who took part (or give the head count).</source>
        <translation>请填写参加巡视的职工代表（或填写代表人数）。</translation>
    </message>
    <message>
        <source>No one on the roll has the 工号 {number}; type the name before it.</source>
        <translation>名册中没有工号 {number}；请在工号前填写姓名。</translation>
    </message>
    <message>
        <source>One problem per line; empty lines are ignored. A problem to be solved later needs a deadline. Later an open problem may get a deadline, or a missed one become open again (with the reason); “solved on site” is only set at the tour. When a problem is solved afterwards, choose it and press “Mark solved…”.</source>
        <translation>每行一个问题，空行忽略。限期解决的问题须填写期限。以后可将未解决的问题改为限期解决，或将逾期的改回未解决（须填写修改原因）；“现场解决”只能在巡视当时登记。问题事后解决时，选中该问题并点“登记已解决…”。</translation>
    </message>
    <message>
        <source>Problem solved afterwards</source>
        <translation>问题事后解决</translation>
    </message>
    <message>
        <source>Representatives present</source>
        <translation>参加代表</translation>
    </message>
    <message>
        <source>Say who solved the problem (a person or a unit).</source>
        <translation>请填写解决问题的人员或单位。</translation>
    </message>
    <message>
        <source>Solved afterwards</source>
        <translation>事后解决</translation>
    </message>
    <message>
        <source>Solved by</source>
        <translation>解决人</translation>
    </message>
    <message>
        <source>Solved on</source>
        <translation>解决日期</translation>
    </message>
    <message>
        <source>The chosen problem was solved after the tour: the day and by whom.</source>
        <translation>所选问题在巡视后解决：登记解决日期和解决人。</translation>
    </message>
    <message>
        <source>The head count is {reps} but {count} representatives are named; correct one or clear the count.</source>
        <translation>代表人数填的是 {reps}，但列出了 {count} 名代表；请改正其一，或清空人数。</translation>
    </message>
    <message>
        <source>The problem cannot be solved before the tour ({date}); give a day on or after it.</source>
        <translation>问题不能在巡视（{date}）之前解决；请填写当天或之后的日期。</translation>
    </message>
    <message>
        <source>The solved date is in the future; give the day it was solved.</source>
        <translation>解决日期在将来；请填写实际解决的日期。</translation>
    </message>
    <message>
        <source>This problem was marked solved on {date}; to correct that, edit the problem with a reason.</source>
        <translation>该问题已登记于 {date} 解决；如需更正，请填写原因后修改该问题。</translation>
    </message>
    <message>
        <source>This problem was solved on site at the tour.</source>
        <translation>该问题已在巡视时现场解决。</translation>
    </message>
    <message>
        <source>This problem was solved on site at the tour; it has no later solved date.</source>
        <translation>该问题已在巡视时现场解决，没有事后解决日期。</translation>
    </message>
    <message>
        <source>counted from the names below</source>
        <translation>按下方名单自动计数</translation>
    </message>
    <message>
        <source>one per line: name and 工号 (or the 工号 alone)</source>
        <translation>每行一人：姓名和工号（或只填工号）</translation>
    </message>
    <message>
        <source>person or unit</source>
        <translation>人员或单位</translation>
    </message>
    <message>
        <source>{name} is named twice.</source>
        <translation>{name} 重复列出。</translation>
    </message>
    <message>
        <source>{tours} tours, {reps} representative-times ({people} people); {found} problems found: {on_site} solved on site, {afterwards} solved afterwards, {due} due and not solved, {open} open</source>
        <translation>巡视 {tours} 次，职工代表 {reps} 人次（{people} 人），发现问题 {found} 个：现场解决 {on_site}、事后解决 {afterwards}、到期未解决 {due}、待解决 {open}</translation>
    </message>
    <message>
        <source>“{entry}” is not a name and 工号: type one representative per line, e.g. 张三 10234.</source>
        <translation>“{entry}”不是“姓名 工号”：每行填一名代表，例如 张三 10234。</translation>
    </message>
    <message>
        <source>“{entry}” is too long.</source>
        <translation>“{entry}”太长。</translation>
    </message>
</context>
</TS>
