<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActivitiesPage</name>
    <message>
        <source>Activity</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>Adopted</source>
        <translation>已采纳</translation>
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
        <source>Choose a record in the list first.</source>
        <translation>请先在列表中选择一条记录。</translation>
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
        <source>Hazard number</source>
        <translation>隐患编号</translation>
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
        <source>Implemented…</source>
        <translation>登记实施…</translation>
    </message>
    <message>
        <source>Inspector (or type a name below)</source>
        <translation>群监员（或在下方填写姓名）</translation>
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
        <source>Link a hazard</source>
        <translation>关联隐患</translation>
    </message>
    <message>
        <source>Link a hazard…</source>
        <translation>关联隐患…</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
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
        <source>Problems raised (one per line; empty lines are ignored)</source>
        <translation>发现的问题（每行一个，空行忽略）</translation>
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
        <source>Review saved.</source>
        <translation>评审结果已保存。</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>评审人</translation>
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
        <source>Tour saved with {count} problems.</source>
        <translation>巡视记录已保存，含 {count} 个问题。</translation>
    </message>
    <message>
        <source>Visitors / organisers</source>
        <translation>走访人/组织者</translation>
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
        <source>{activities} squad checks; {found} hazards found, {rectified} of them rectified; {stopped} 三违 stopped</source>
        <translation>小分队检查 {activities} 次；发现隐患 {found} 条，已整改 {rectified} 条；制止三违 {stopped} 人次</translation>
    </message>
    <message>
        <source>{made} suggestions: {adopted} adopted, {rejected} not adopted, {pending} waiting; {implemented} implemented; rewards {reward} yuan</source>
        <translation>合理化建议 {made} 条：采纳 {adopted}，未采纳 {rejected}，待评审 {pending}；已实施 {implemented}；奖励 {reward} 元</translation>
    </message>
    <message>
        <source>{tours} tours, {reps} representatives; {found} problems found: {on_site} solved on site, {later} to be solved by a deadline, {open} open</source>
        <translation>巡视 {tours} 次，职工代表 {reps} 人次；发现问题 {found} 个：现场解决 {on_site}，限期解决 {later}，未解决 {open}</translation>
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
        <source>不放心人员</source>
        <translation>不放心人员</translation>
    </message>
</context>
</TS>
