<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ShiftSheetPage</name>
    <message>
        <source>Absent</source>
        <translation>缺岗</translation>
    </message>
    <message>
        <source>All unmarked on duty (Ctrl+Shift+A)</source>
        <translation>未标记的全部上岗 (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>Anything about this shift as a whole (optional)</source>
        <translation>关于本班整体的情况（可不填）</translation>
    </message>
    <message>
        <source>Arrows: move · Space: cycle duty status / tick · type 工号 or name in the first columns to jump · digits and text: type into the cell · Del: clear</source>
        <translation>方向键：移动 · 空格：切换上岗状态/勾选 · 在工号或姓名列输入工号或姓名可跳到该行 · 数字和文字：直接输入单元格 · Del：清除</translation>
    </message>
    <message>
        <source>Change a saved sheet</source>
        <translation>修改已保存的登记表</translation>
    </message>
    <message>
        <source>Changed meanwhile</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <source>Choose a workstation and a shift.</source>
        <translation>请选择工作站和班次。</translation>
    </message>
    <message>
        <source>Choose an inspector's row first.</source>
        <translation>请先选中一名群监员所在的行。</translation>
    </message>
    <message>
        <source>Ctrl+Left/Right or PgUp/PgDn: previous/next day · Enter: load the sheet</source>
        <translation>Ctrl+左/右 或 PgUp/PgDn：前一天/后一天 · 回车：载入登记表</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A: all unmarked on duty · Ctrl+H: hazard card · Ctrl+W: 三违 card · Ctrl+S: save</source>
        <translation>Ctrl+Shift+A：未标记的全部上岗 · Ctrl+H：登记隐患 · Ctrl+W：登记三违 · Ctrl+S：保存</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Duty</source>
        <translation>上岗</translation>
    </message>
    <message>
        <source>Enter a hazard card for the current row's inspector (Ctrl+H).</source>
        <translation>为当前行的群监员登记隐患卡 (Ctrl+H)。</translation>
    </message>
    <message>
        <source>Enter a 三违 card for the current row's inspector (Ctrl+W).</source>
        <translation>为当前行的群监员登记三违卡 (Ctrl+W)。</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>已录入</translation>
    </message>
    <message>
        <source>Expected {expected} · on duty {on} · leave/injury/training {exempt} · absent {absent} · reported {reported}</source>
        <translation>应到 {expected} 人 · 上岗 {on} · 请假/工伤/培训 {exempt} · 缺岗 {absent} · 汇报 {reported}</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>HH:MM; 0740 is read as 07:40.</source>
        <translation>时:分；输入 0740 即为 07:40。</translation>
    </message>
    <message>
        <source>Hazard card (Ctrl+H)</source>
        <translation>登记隐患 (Ctrl+H)</translation>
    </message>
    <message>
        <source>Hazard nos.</source>
        <translation>隐患</translation>
    </message>
    <message>
        <source>Hazards</source>
        <translation>隐患数</translation>
    </message>
    <message>
        <source>Hazards and 三违 already entered from this inspector's report of this shift.</source>
        <translation>根据该群监员本班汇报已录入的隐患和三违编号。</translation>
    </message>
    <message>
        <source>In</source>
        <translation>入井</translation>
    </message>
    <message>
        <source>Injury</source>
        <translation>工伤</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>载入</translation>
    </message>
    <message>
        <source>Mark every row without a status 上岗 (Ctrl+Shift+A).</source>
        <translation>把尚未标记状态的各行都标为上岗 (Ctrl+Shift+A)。</translation>
    </message>
    <message>
        <source>New sheet</source>
        <translation>新登记</translation>
    </message>
    <message>
        <source>No problems</source>
        <translation>本班无问题</translation>
    </message>
    <message>
        <source>Not saved: correct the marked cells.</source>
        <translation>未保存：请改正标红的单元格。</translation>
    </message>
    <message>
        <source>On duty</source>
        <translation>上岗</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>升井</translation>
    </message>
    <message>
        <source>Reload the sheet now?</source>
        <translation>现在重新载入登记表吗？</translation>
    </message>
    <message>
        <source>Report summary</source>
        <translation>汇报摘要</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>汇报</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save the sheet (Ctrl+S); changing a saved sheet asks for a reason.</source>
        <translation>保存登记表 (Ctrl+S)；修改已保存的登记表需填写原因。</translation>
    </message>
    <message>
        <source>Saved · entered by {clerk} · version {version}</source>
        <translation>已保存 · 录入人 {clerk} · 版本 {version}</translation>
    </message>
    <message>
        <source>Saved · {on} on duty, {reported} reported</source>
        <translation>已保存 · {on} 人上岗，{reported} 人汇报</translation>
    </message>
    <message>
        <source>Space: a report of no problems (marks it reported, clears the item counts).</source>
        <translation>空格：汇报本班无问题（同时标记汇报，并清空各项数目）。</translation>
    </message>
    <message>
        <source>Space: ticks or clears; ticking marks the inspector on duty.</source>
        <translation>空格：勾选或取消；勾选时同时标为上岗。</translation>
    </message>
    <message>
        <source>Space: 上岗 → 缺岗 → 请假 → 工伤 → 培训 → empty (not on this shift). Del: empty.</source>
        <translation>空格：上岗 → 缺岗 → 请假 → 工伤 → 培训 → 空（本班未排班）。Del：清空。</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>建议数</translation>
    </message>
    <message>
        <source>The sheet was voided; its shifts no longer count.</source>
        <translation>登记表已作废，其班次不再计入考勤。</translation>
    </message>
    <message>
        <source>This sheet has unsaved marks. Save them first?</source>
        <translation>本表有未保存的登记，先保存吗？</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Type a number from 0 to {high}.</source>
        <translation>请输入 0 到 {high} 之间的数字。</translation>
    </message>
    <message>
        <source>Type a 工号 or a name here to jump to that inspector.</source>
        <translation>在此列输入工号或姓名，即跳到该群监员。</translation>
    </message>
    <message>
        <source>Type the number of items on the report card; a number above 0 marks it reported.</source>
        <translation>输入汇报卡上的条数；大于 0 时自动标记汇报。</translation>
    </message>
    <message>
        <source>Unsaved marks</source>
        <translation>未保存的登记</translation>
    </message>
    <message>
        <source>Void a sheet saved by mistake (asks for a reason).</source>
        <translation>作废误存的登记表（需填写原因）。</translation>
    </message>
    <message>
        <source>Void this sheet</source>
        <translation>作废本表</translation>
    </message>
    <message>
        <source>Void this sheet…</source>
        <translation>作废本表…</translation>
    </message>
    <message>
        <source>Why is this sheet changed?</source>
        <translation>为什么修改这张登记表？</translation>
    </message>
    <message>
        <source>Why is this sheet void?</source>
        <translation>为什么作废这张登记表？</translation>
    </message>
    <message>
        <source>not marked {count}</source>
        <translation>未标记 {count}</translation>
    </message>
    <message>
        <source>{count} inspectors marked on duty.</source>
        <translation>已将 {count} 名群监员标记为上岗。</translation>
    </message>
    <message>
        <source>三违 card (Ctrl+W)</source>
        <translation>登记三违 (Ctrl+W)</translation>
    </message>
    <message>
        <source>三违 items</source>
        <translation>三违数</translation>
    </message>
</context>
</TS>
