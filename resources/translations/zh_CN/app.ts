<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;About SafetyWatch</source>
        <translation>关于 SafetyWatch(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Verify database…</source>
        <translation>校验数据库(&amp;V)…</translation>
    </message>
    <message>
        <source>About SafetyWatch</source>
        <translation>关于 SafetyWatch</translation>
    </message>
    <message>
        <source>Audit chain head: #{seq} {hash}</source>
        <translation>审计链头：#{seq} {hash}</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计追踪</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Coming in a later version</source>
        <translation>将在后续版本中提供</translation>
    </message>
    <message>
        <source>Database upgraded; a copy of the old one was kept at {path}</source>
        <translation>数据库已升级，旧数据库的副本保存在 {path}</translation>
    </message>
    <message>
        <source>Hazard register</source>
        <translation>隐患台账</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Monthly report</source>
        <translation>月报</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Operator: {name}</source>
        <translation>操作员：{name}</translation>
    </message>
    <message>
        <source>Problems were found:
{problems}
{head}</source>
        <translation>发现问题：
{problems}
{head}</translation>
    </message>
    <message>
        <source>Reference data</source>
        <translation>基础数据</translation>
    </message>
    <message>
        <source>Register hazard</source>
        <translation>隐患登记</translation>
    </message>
    <message>
        <source>SafetyWatch hit an unexpected error. Your saved records are safe. Details were written to {log}.</source>
        <translation>SafetyWatch 遇到意外错误。已保存的记录是安全的。详细信息已写入 {log}。</translation>
    </message>
    <message>
        <source>SafetyWatch {version}
Offline ledger of the mass safety supervision network.
Database: {path}</source>
        <translation>SafetyWatch {version}
群监网安全监督台账（离线版）
数据库：{path}</translation>
    </message>
    <message>
        <source>SafetyWatch – mass safety supervision ledger</source>
        <translation>SafetyWatch 群监网安全监督台账</translation>
    </message>
    <message>
        <source>Shift duty and reports</source>
        <translation>上岗与汇报</translation>
    </message>
    <message>
        <source>The database is intact: {events} audit events and {records} records checked.
{head}</source>
        <translation>数据库完好：已校验 {events} 条审计事件和 {records} 条记录。
{head}</translation>
    </message>
    <message>
        <source>The new language is used the next time SafetyWatch starts.</source>
        <translation>新的语言将在下次启动 SafetyWatch 时生效。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Verify database</source>
        <translation>校验数据库</translation>
    </message>
    <message>
        <source>Verifying the database…</source>
        <translation>正在校验数据库…</translation>
    </message>
    <message>
        <source>Violations (三违)</source>
        <translation>三违</translation>
    </message>
    <message>
        <source>Your name (recorded with every change you make):</source>
        <translation>您的姓名（将记录在您所做的每一项修改中）：</translation>
    </message>
    <message>
        <source>{count} open hazards are past their deadline</source>
        <translation>{count} 条未整改隐患已超过期限</translation>
    </message>
    <message>
        <source>{title}  ▲ {count} overdue</source>
        <translation>{title}  ▲ 逾期 {count}</translation>
    </message>
    <message>
        <source>Fill with &amp;demo data…</source>
        <translation>填充演示数据(&amp;D)…</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Fill this database with one year of demo records of one mine (about 3,000 hazards)?
Demo records are audited like real ones and cannot be removed afterwards: use this only on a database for training or trying the program.</source>
        <translation>要向本数据库填充一个矿一年的演示记录（约 3000 条隐患）吗？
演示记录与真实记录一样记入审计，事后无法删除：仅在用于培训或试用的数据库上使用。</translation>
    </message>
    <message>
        <source>Generating demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
    <message>
        <source>Demo data added for {first} to {last}: {hazards} hazards, {inspectors} inspectors, {units} units, {workstations} workstations.</source>
        <translation>已添加 {first} 至 {last} 的演示数据：隐患 {hazards} 条，群监员 {inspectors} 人，单位 {units} 个，井口工作站 {workstations} 个。</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>SQLite found damage in {path}: {problem}
Do not enter new records. Close SafetyWatch and restore the database from a backup.</source>
        <translation>SQLite 在 {path} 中发现损坏：{problem}
请不要再录入新记录。请关闭 SafetyWatch 并从备份恢复数据库。</translation>
    </message>
    <message>
        <source>Records were changed outside SafetyWatch: verify the database (Tools → Verify database)</source>
        <translation>有记录在本程序之外被修改：请校验数据库（工具 → 校验数据库）</translation>
    </message>
</context>
</TS>
