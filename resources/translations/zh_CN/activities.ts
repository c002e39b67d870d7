<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActivitiesPage</name>
    <message>
        <source> (void)</source>
        <translation>（已作废）</translation>
    </message>
    <message>
        <source>A problem of this tour has the deadline {date}; the tour cannot be later than that.</source>
        <translation>本次巡视有问题的整改期限为 {date}，巡视日期不能晚于该日期。</translation>
    </message>
    <message>
        <source>A problem to be solved later needs a deadline (YYYY-MM-DD).</source>
        <translation>限期解决的问题须填写期限（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>Adopted</source>
        <translation>已采纳</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Another problem</source>
        <translation>再加一个问题</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>巡视区域</translation>
    </message>
    <message>
        <source>Before the suggestion was made ({date}); a review cannot come first.</source>
        <translation>早于建议提出日期（{date}），评审不能在提出之前。</translation>
    </message>
    <message>
        <source>Benefit</source>
        <translation>效益</translation>
    </message>
    <message>
        <source>Choose a hazard in the list first.</source>
        <translation>请先在列表中选择一条隐患。</translation>
    </message>
    <message>
        <source>Choose a record in the list first.</source>
        <translation>请先在列表中选择一条记录。</translation>
    </message>
    <message>
        <source>Choose a saved problem in the table first.</source>
        <translation>请先在表中选择一个已保存的问题。</translation>
    </message>
    <message>
        <source>Choose an entry from the list.</source>
        <translation>请从列表中选择。</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>评审结论</translation>
    </message>
    <message>
        <source>Family assistance</source>
        <translation>女工家属协管</translation>
    </message>
    <message>
        <source>Family conflict resolved</source>
        <translation>化解家庭矛盾</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>后续跟踪</translation>
    </message>
    <message>
        <source>Forum</source>
        <translation>座谈会</translation>
    </message>
    <message>
        <source>Hazard linked.</source>
        <translation>隐患已关联。</translation>
    </message>
    <message>
        <source>Hazard number, e.g. JK01-2026-00017</source>
        <translation>隐患编号，如 JK01-2026-00017</translation>
    </message>
    <message>
        <source>Hazard unlinked.</source>
        <translation>已取消关联。</translation>
    </message>
    <message>
        <source>Hazard {number} is already linked to another activity; unlink it there first.</source>
        <translation>隐患 {number} 已关联到其他活动，请先在那里取消关联。</translation>
    </message>
    <message>
        <source>Hazard {number} is already linked to this activity.</source>
        <translation>隐患 {number} 已关联到本次活动。</translation>
    </message>
    <message>
        <source>Hazard {number} is not linked to this activity.</source>
        <translation>隐患 {number} 未关联到本次活动。</translation>
    </message>
    <message>
        <source>Hazard {number} is void and cannot be linked.</source>
        <translation>隐患 {number} 已作废，不能关联。</translation>
    </message>
    <message>
        <source>Hazard {number} was found on {found}. Only hazards found on the activity day ({day}) or within {days} days after it (up to {last}) can be linked; check the number or the activity.</source>
        <translation>隐患 {number} 的发现日期是 {found}。只能关联活动当天（{day}）或其后 {days} 天内（至 {last}）发现的隐患，请核对编号或活动。</translation>
    </message>
    <message>
        <source>Home visit</source>
        <translation>家访</translation>
    </message>
    <message>
        <source>Implementation saved.</source>
        <translation>实施情况已保存。</translation>
    </message>
    <message>
        <source>Implemented</source>
        <translation>已实施</translation>
    </message>
    <message>
        <source>Implemented by (unit)</source>
        <translation>实施单位</translation>
    </message>
    <message>
        <source>Implemented on</source>
        <translation>实施日期</translation>
    </message>
    <message>
        <source>Implemented on {date} by {who}; benefit: {benefit}; reward {reward} yuan</source>
        <translation>{date} 由 {who} 实施；效益：{benefit}；奖励 {reward} 元</translation>
    </message>
    <message>
        <source>Implemented…</source>
        <translation>登记实施…</translation>
    </message>
    <message>
        <source>Inspector (or type a name below)</source>
        <translation>群监员（或在下方填写姓名）</translation>
    </message>
    <message>
        <source>It was reviewed on {date}; the proposal cannot be later than that.</source>
        <translation>该建议已于 {date} 评审，提出日期不能晚于评审日期。</translation>
    </message>
    <message>
        <source>Its implementation was already recorded ({date}).</source>
        <translation>已登记过实施情况（{date}）。</translation>
    </message>
    <message>
        <source>Kind of problem</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <source>Kind of suggestion</source>
        <translation>建议类别</translation>
    </message>
    <message>
        <source>Kind of 不放心人员</source>
        <translation>不放心人员类别</translation>
    </message>
    <message>
        <source>Labour protection</source>
        <translation>劳动保护</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>带队人</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>关联</translation>
    </message>
    <message>
        <source>Linked hazard {number} would fall outside {days} days after this date; unlink it first.</source>
        <translation>已关联的隐患 {number} 将不在该日期后 {days} 天内，请先取消关联。</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Name the person visited (or give the number of their 三违).</source>
        <translation>请填写走访对象（或填写其三违编号）。</translation>
    </message>
    <message>
        <source>Network activities</source>
        <translation>群监活动</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新增记录</translation>
    </message>
    <message>
        <source>No hazard has the number “{number}”; type it as on the card, e.g. JK01-2026-00017.</source>
        <translation>没有编号为“{number}”的隐患，请按隐患卡填写，如 JK01-2026-00017。</translation>
    </message>
    <message>
        <source>No 三违 has the number {number}; type it as on the 三违 record, e.g. JK01-SW-2026-00017.</source>
        <translation>没有编号为 {number} 的三违，请按三违记录填写，如 JK01-SW-2026-00017。</translation>
    </message>
    <message>
        <source>Not adopted</source>
        <translation>未采纳</translation>
    </message>
    <message>
        <source>Note (why, if not adopted)</source>
        <translation>说明（未采纳时写明原因）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>One problem per line; empty lines are ignored. A problem to be solved later needs a deadline. Later an open problem may get a deadline, or a missed one become open again (with the reason); “solved on site” is only set at the tour.</source>
        <translation>每行一个问题，空行忽略。限期解决的问题须填写期限。以后可将未解决的问题改为限期解决，或将逾期的改回未解决（须填写修改原因）；“现场解决”只能在巡视当时登记。</translation>
    </message>
    <message>
        <source>Only a problem to be solved later has a deadline; clear it or change the status.</source>
        <translation>只有限期解决的问题才有期限，请清空期限或修改状态。</translation>
    </message>
    <message>
        <source>Only a submitted suggestion can be reviewed; this one was already reviewed on {date}.</source>
        <translation>只能评审待评审的建议；这条已于 {date} 评审。</translation>
    </message>
    <message>
        <source>Only an adopted suggestion can be implemented; review it first.</source>
        <translation>只有已采纳的建议才能登记实施，请先评审。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <source>Organised by</source>
        <translation>组织单位</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>参加人数</translation>
    </message>
    <message>
        <source>Person visited</source>
        <translation>走访对象</translation>
    </message>
    <message>
        <source>Pit-head visit</source>
        <translation>井口慰问</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Problem {n}: {message}</source>
        <translation>问题 {n}：{message}</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题数</translation>
    </message>
    <message>
        <source>Problems raised</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <source>Proposer</source>
        <translation>建议人</translation>
    </message>
    <message>
        <source>Proposer's name</source>
        <translation>建议人姓名</translation>
    </message>
    <message>
        <source>Raised on a worker representatives' tour</source>
        <translation>职工代表巡视发现</translation>
    </message>
    <message>
        <source>Record {what}, version {version}{state}</source>
        <translation>记录 {what}，第 {version} 版{state}</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>整改答复</translation>
    </message>
    <message>
        <source>Representatives</source>
        <translation>职工代表人数</translation>
    </message>
    <message>
        <source>Representatives' tours</source>
        <translation>职工代表巡视</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>评审</translation>
    </message>
    <message>
        <source>Review date</source>
        <translation>评审日期</translation>
    </message>
    <message>
        <source>Review saved.</source>
        <translation>评审结果已保存。</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>评审人</translation>
    </message>
    <message>
        <source>Reviewed on {date} by {who}: {decision}. {note}</source>
        <translation>{date} 由 {who} 评审：{decision}。{note}</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>评审…</translation>
    </message>
    <message>
        <source>Reward (yuan)</source>
        <translation>奖励（元）</translation>
    </message>
    <message>
        <source>Reward (yuan, may be empty)</source>
        <translation>奖励金额（元，可不填）</translation>
    </message>
    <message>
        <source>Route / areas</source>
        <translation>检查路线/区域</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Safety squads</source>
        <translation>安全小分队</translation>
    </message>
    <message>
        <source>Safety suggestions</source>
        <translation>合理化建议</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Solved later</source>
        <translation>限期解决</translation>
    </message>
    <message>
        <source>Solved on site</source>
        <translation>现场解决</translation>
    </message>
    <message>
        <source>Squad</source>
        <translation>小分队</translation>
    </message>
    <message>
        <source>Squad activity saved.</source>
        <translation>小分队活动已保存。</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>待评审</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议内容</translation>
    </message>
    <message>
        <source>Suggestion saved.</source>
        <translation>建议已保存。</translation>
    </message>
    <message>
        <source>The deadline is before the tour ({date}); give a day on or after it.</source>
        <translation>期限早于巡视日期（{date}），请填写当天或之后的日期。</translation>
    </message>
    <message>
        <source>This activity is void; no hazard can be linked to it.</source>
        <translation>该活动已作废，不能关联隐患。</translation>
    </message>
    <message>
        <source>This problem is void or not of this tour.</source>
        <translation>该问题已作废或不属于本次巡视。</translation>
    </message>
    <message>
        <source>This problem was solved on site at the tour; if that is wrong, void the problem and add it again.</source>
        <translation>该问题已在巡视时现场解决；如登记有误，请作废该问题后重新添加。</translation>
    </message>
    <message>
        <source>This record is void and cannot be changed.</source>
        <translation>这条记录已作废，不能修改。</translation>
    </message>
    <message>
        <source>Tour saved with {count} problems.</source>
        <translation>巡视记录已保存，含 {count} 个问题。</translation>
    </message>
    <message>
        <source>Type the reason in the form, then unlink.</source>
        <translation>先在表单中填写原因，再取消关联。</translation>
    </message>
    <message>
        <source>Type the reason in the form, then void.</source>
        <translation>先在表单中填写原因，再作废。</translation>
    </message>
    <message>
        <source>Unlink…</source>
        <translation>取消关联…</translation>
    </message>
    <message>
        <source>Visitors / organisers</source>
        <translation>走访人/组织者</translation>
    </message>
    <message>
        <source>Void problem…</source>
        <translation>作废问题…</translation>
    </message>
    <message>
        <source>Void: {reason}</source>
        <translation>已作废：{reason}</translation>
    </message>
    <message>
        <source>Voided.</source>
        <translation>已作废。</translation>
    </message>
    <message>
        <source>Why visited</source>
        <translation>走访原因</translation>
    </message>
    <message>
        <source>fixed on site</source>
        <translation>现场整改</translation>
    </message>
    <message>
        <source>{activities} squad checks; {found} hazards found, {rectified} of them rectified; {stopped} 三违 stopped</source>
        <translation>小分队检查 {activities} 次；发现隐患 {found} 条，已整改 {rectified} 条；制止三违 {stopped} 人次</translation>
    </message>
    <message>
        <source>{made} suggestions: {adopted} adopted, {rejected} not adopted, {pending} waiting; {implemented} implemented; rewards {reward} yuan</source>
        <translation>合理化建议 {made} 条：采纳 {adopted}，未采纳 {rejected}，待评审 {pending}；已实施 {implemented}；奖励 {reward} 元</translation>
    </message>
    <message>
        <source>{tours} tours, {reps} representatives; {found} problems found: {on_site} solved on site, {later} to be solved by a deadline, {open} open</source>
        <translation>巡视 {tours} 次，职工代表 {reps} 人次，发现问题 {found} 个：现场解决 {on_site}、限期解决 {later}、未解决 {open}</translation>
    </message>
    <message>
        <source>{visits} home visits ({violation} to 三违 people, {worry} to 不放心人员); {conflicts} conflicts resolved; {forums} forums ({forum_people} people); {pithead} pit-head visits ({pithead_people} people)</source>
        <translation>家访 {visits} 次（三违人员 {violation}，不放心人员 {worry}）；化解矛盾 {conflicts} 起；座谈会 {forums} 次（{forum_people} 人）；井口慰问 {pithead} 次（{pithead_people} 人）</translation>
    </message>
    <message>
        <source>三违 number (optional)</source>
        <translation>三违编号（选填）</translation>
    </message>
    <message>
        <source>三违 offender</source>
        <translation>三违人员</translation>
    </message>
    <message>
        <source>三违 {number} is void; give another number or leave it empty.</source>
        <translation>三违 {number} 已作废，请填写其他编号或留空。</translation>
    </message>
    <message>
        <source>三违 {number} was recorded on {date}, after this activity; check the number or the date.</source>
        <translation>三违 {number} 登记于 {date}，晚于本次活动，请核对编号或日期。</translation>
    </message>
    <message>
        <source>不放心人员</source>
        <translation>不放心人员</translation>
    </message>
</context>
</TS>
