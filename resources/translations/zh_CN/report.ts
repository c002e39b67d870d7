<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Report</name>
    <message>
        <source>&amp;Generate (F5)</source>
        <translation>生成(&amp;G)（F5）</translation>
    </message>
    <message>
        <source>&amp;Print… (Ctrl+P)</source>
        <translation>打印(&amp;P)…（Ctrl+P）</translation>
    </message>
    <message>
        <source>&amp;Save… (Ctrl+S)</source>
        <translation>保存(&amp;S)…（Ctrl+S）</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>文字分析</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Close the month</source>
        <translation>关闭月份</translation>
    </message>
    <message>
        <source>Close the month…</source>
        <translation>关闭本月…</translation>
    </message>
    <message>
        <source>Close {month}? The report is stored as it is printed now; records dated in {month} can no longer be entered, amended or voided, and corrections are entered as adjustments shown in a later report. This cannot be undone.</source>
        <translation>关闭 {month}？报表将按现在打印的样子存档；日期在 {month} 的记录不能再录入、修改或作废，更正须登记为调整事项，列入以后月份的报表。此操作不可撤销。</translation>
    </message>
    <message>
        <source>Closing {month}…</source>
        <translation>正在关闭 {month}…</translation>
    </message>
    <message>
        <source>Correct a closed month</source>
        <translation>更正已关闭的月份</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正内容</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Counting the month's records…</source>
        <translation>正在统计本月记录…</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Enter a correction…</source>
        <translation>登记更正…</translation>
    </message>
    <message>
        <source>Generating the report of {month}…</source>
        <translation>正在生成 {month} 月报…</translation>
    </message>
    <message>
        <source>Hazards by category</source>
        <translation>隐患按专业分类</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>近 12 个月</translation>
    </message>
    <message>
        <source>Last 12 months ({first} to {last})</source>
        <translation>近 12 个月（{first} 至 {last}）</translation>
    </message>
    <message>
        <source>No records</source>
        <translation>无记录</translation>
    </message>
    <message>
        <source>Last month: {value}</source>
        <translation>上月：{value}</translation>
    </message>
    <message>
        <source>Laying out the PDF…</source>
        <translation>正在排版 PDF…</translation>
    </message>
    <message>
        <source>The stored report is not in a layout this program knows ({problem}).</source>
        <translation>保存的报表格式无法识别（{problem}）。</translation>
    </message>
    <message>
        <source>Main problems, typical hazards, next month's priorities</source>
        <translation>主要问题、典型隐患、下月工作重点</translation>
    </message>
    <message>
        <source>No hazards</source>
        <translation>无隐患</translation>
    </message>
    <message>
        <source>Other categories</source>
        <translation>其他专业</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Overview: {month}</source>
        <translation>概览：{month}</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;JSON (*.json);;CSV for Excel/WPS (*.csv)</source>
        <translation>PDF (*.pdf);;JSON (*.json);;CSV，供 Excel/WPS 打开 (*.csv)</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新（F5）</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报表</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Shown in the report of</source>
        <translation>列入报表月份</translation>
    </message>
    <message>
        <source>Statistic month</source>
        <translation>统计月份</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>更正项目</translation>
    </message>
    <message>
        <source>The analysis is printed at the end of the report. A closed month is printed exactly as it was printed at its close.</source>
        <translation>文字分析印在报表末尾。已关闭的月份按关闭时打印的原样输出。</translation>
    </message>
    <message>
        <source>The analysis is {count} characters long; keep it to {limit}.</source>
        <translation>文字分析有 {count} 字，请控制在 {limit} 字以内。</translation>
    </message>
    <message>
        <source>The choices changed since the preview: press Generate (F5).</source>
        <translation>选择已改变，预览不是当前内容：请按"生成"（F5）。</translation>
    </message>
    <message>
        <source>The correction will be listed in the report of {month}.</source>
        <translation>更正将列入 {month} 的报表。</translation>
    </message>
    <message>
        <source>The figures could not be counted: {error}</source>
        <translation>无法统计：{error}</translation>
    </message>
    <message>
        <source>The printer could not be started: {error}</source>
        <translation>无法启动打印机：{error}</translation>
    </message>
    <message>
        <source>e.g. 表1 hazards found</source>
        <translation>例如：表1 查出隐患</translation>
    </message>
    <message>
        <source>{month} is open: the figures are counted now.</source>
        <translation>{month} 未关闭：数字为现在统计的结果。</translation>
    </message>
    <message>
        <source>{month} was closed by {who} ({at}). This is the report printed then (SHA-256 {sha}…). Its records can no longer be changed; enter corrections instead.</source>
        <translation>{month} 已由 {who} 关闭（{at}）。这是当时打印的报表（SHA-256 {sha}…）。该月记录不能再修改，请登记更正。</translation>
    </message>
    <message>
        <source>{pages} pages sent to the printer.</source>
        <translation>已向打印机发送 {pages} 页。</translation>
    </message>
    <message>
        <source>{pages} pages.</source>
        <translation>共 {pages} 页。</translation>
    </message>
    <message>
        <source>{start} to {end} so far, compared with last month ({prev_start} to {prev_end})</source>
        <translation>{start} 至 {end}（截至今日），与上月（{prev_start} 至 {prev_end}）对比</translation>
    </message>
    <message>
        <source>SafetyWatch user guide</source>
        <translation>群监网安全监督台账 使用说明</translation>
    </message>
    <message>
        <source>The user guide was not found at {path}.</source>
        <translation>找不到使用说明：{path}。</translation>
    </message>
    <message>
        <source>User &amp;guide</source>
        <translation>使用说明(&amp;G)</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>&amp;Export records…</source>
        <translation>导出记录(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Import records…</source>
        <translation>导入记录(&amp;I)…</translation>
    </message>
</context>
</TS>
