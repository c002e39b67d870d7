<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Domain</name>
    <message>
        <source>A reason is required: say why in a few words.</source>
        <translation>必须填写原因：简要说明为什么。</translation>
    </message>
    <message>
        <source>A unit cannot be its own parent.</source>
        <translation>单位不能以自身为上级。</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>验收合格</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已验收</translation>
    </message>
    <message>
        <source>Active from</source>
        <translation>启用日期</translation>
    </message>
    <message>
        <source>Active to</source>
        <translation>停用日期</translation>
    </message>
    <message>
        <source>Amend</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Appointed on</source>
        <translation>聘任日期</translation>
    </message>
    <message>
        <source>Branch chair</source>
        <translation>分会主任</translation>
    </message>
    <message>
        <source>Cannot create the folder {folder}: {error}</source>
        <translation>无法创建文件夹 {folder}：{error}</translation>
    </message>
    <message>
        <source>Choose an existing entry.</source>
        <translation>请选择已有的条目。</translation>
    </message>
    <message>
        <source>Choose one of the offered values.</source>
        <translation>请从给出的选项中选择。</translation>
    </message>
    <message>
        <source>Close (write off)</source>
        <translation>销号</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Contains a broken character (lone surrogate); retype the text.</source>
        <translation>含有损坏的字符（孤立代理项），请重新输入。</translation>
    </message>
    <message>
        <source>Contains a control character (U+{code:04X}); retype the text.</source>
        <translation>含有控制字符（U+{code:04X}），请重新输入。</translation>
    </message>
    <message>
        <source>Contains an invisible text-direction control character; retype the text.</source>
        <translation>含有不可见的文字方向控制字符，请重新输入。</translation>
    </message>
    <message>
        <source>Date {date} is before the previous step ({last}).</source>
        <translation>日期 {date} 早于上一步骤（{last}）。</translation>
    </message>
    <message>
        <source>Date {date} is before {earliest}; check the year.</source>
        <translation>日期 {date} 早于 {earliest}，请检查年份。</translation>
    </message>
    <message>
        <source>Date {date} is in the future (today is {today}).</source>
        <translation>日期 {date} 是将来的日期（今天是 {today}）。</translation>
    </message>
    <message>
        <source>Default deadline (days)</source>
        <translation>默认整改期限（天）</translation>
    </message>
    <message>
        <source>Employee no.</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Ends (HH:MM)</source>
        <translation>结束（时:分）</translation>
    </message>
    <message>
        <source>Escalate (supervised listing)</source>
        <translation>挂牌督办</translation>
    </message>
    <message>
        <source>Escalates to</source>
        <translation>督办上报至</translation>
    </message>
    <message>
        <source>Extend deadline</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>Fixed on site</source>
        <translation>现场整改</translation>
    </message>
    <message>
        <source>Front line</source>
        <translation>一线</translation>
    </message>
    <message>
        <source>Funds cannot be negative.</source>
        <translation>资金不能为负数。</translation>
    </message>
    <message>
        <source>General (一般)</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Give the new deadline.</source>
        <translation>请填写新的整改期限。</translation>
    </message>
    <message>
        <source>Give the supervision level (e.g. mine or group).</source>
        <translation>请填写督办级别（如矿级、集团）。</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>集团公司</translation>
    </message>
    <message>
        <source>Group leader</source>
        <translation>群监组长</translation>
    </message>
    <message>
        <source>Hazard #{id} does not exist.</source>
        <translation>隐患 #{id} 不存在。</translation>
    </message>
    <message>
        <source>Hazard categories</source>
        <translation>隐患专业</translation>
    </message>
    <message>
        <source>Hazard levels</source>
        <translation>隐患等级</translation>
    </message>
    <message>
        <source>Hazard natures</source>
        <translation>隐患性质</translation>
    </message>
    <message>
        <source>Hazard sources</source>
        <translation>隐患来源</translation>
    </message>
    <message>
        <source>In rectification</source>
        <translation>整改中</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>群监员</translation>
    </message>
    <message>
        <source>Inspectors</source>
        <translation>群监员花名册</translation>
    </message>
    <message>
        <source>Issue notice</source>
        <translation>下发整改通知</translation>
    </message>
    <message>
        <source>Left on</source>
        <translation>离任日期</translation>
    </message>
    <message>
        <source>Tree level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>一线/二线</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Major (重大)</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>矿</translation>
    </message>
    <message>
        <source>Must not be before {start}.</source>
        <translation>不能早于 {start}。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Name the person who checked the rectification.</source>
        <translation>请填写验收人。</translation>
    </message>
    <message>
        <source>Name who found it (an inspector or a name).</source>
        <translation>请填写发现人（群监员或姓名）。</translation>
    </message>
    <message>
        <source>Name who ordered the supervised listing.</source>
        <translation>请填写督办单位或督办人。</translation>
    </message>
    <message>
        <source>National grade</source>
        <translation>国家分级</translation>
    </message>
    <message>
        <source>No other hazard has the number {number}.</source>
        <translation>没有编号为 {number} 的其他隐患。</translation>
    </message>
    <message>
        <source>No such entry.</source>
        <translation>没有该条目。</translation>
    </message>
    <message>
        <source>Not a date; type it as YYYY-MM-DD.</source>
        <translation>不是有效日期，请按 YYYY-MM-DD 格式输入。</translation>
    </message>
    <message>
        <source>Not a whole number.</source>
        <translation>不是整数。</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>没有任何改动。</translation>
    </message>
    <message>
        <source>Notice issued</source>
        <translation>已通知</translation>
    </message>
    <message>
        <source>Opened on</source>
        <translation>设立日期</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>组织机构</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>上级单位</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Protective triggers are missing (removed outside SafetyWatch): {names}.</source>
        <translation>保护触发器缺失（在本程序之外被删除）：{names}。</translation>
    </message>
    <message>
        <source>Receptionist</source>
        <translation>接待员</translation>
    </message>
    <message>
        <source>Record {table} #{id} does not exist.</source>
        <translation>记录 {table} #{id} 不存在。</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已登记</translation>
    </message>
    <message>
        <source>Reject acceptance</source>
        <translation>验收不合格</translation>
    </message>
    <message>
        <source>Report done</source>
        <translation>报告整改完成</translation>
    </message>
    <message>
        <source>Reported done</source>
        <translation>待验收</translation>
    </message>
    <message>
        <source>Required for a major hazard (五落实).</source>
        <translation>重大隐患必填（五落实）。</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>SQLite integrity check: {line}</source>
        <translation>SQLite 完整性检查：{line}</translation>
    </message>
    <message>
        <source>Second line</source>
        <translation>二线</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Special inspector</source>
        <translation>特聘群监员</translation>
    </message>
    <message>
        <source>Start rectification</source>
        <translation>开始整改</translation>
    </message>
    <message>
        <source>Starts (HH:MM)</source>
        <translation>开始（时:分）</translation>
    </message>
    <message>
        <source>Starts or ends with spaces; remove them.</source>
        <translation>开头或结尾有空格，请删除。</translation>
    </message>
    <message>
        <source>Surface</source>
        <translation>地面</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>The deadline {deadline} is before the found date {found}.</source>
        <translation>整改期限 {deadline} 早于发现日期 {found}。</translation>
    </message>
    <message>
        <source>The deadline {deadline} is more than five years after the found date.</source>
        <translation>整改期限 {deadline} 比发现日期晚五年以上。</translation>
    </message>
    <message>
        <source>The new deadline must be after the current one ({current}).</source>
        <translation>新期限必须晚于当前期限（{current}）。</translation>
    </message>
    <message>
        <source>The year cannot change: it is part of the number {number}.</source>
        <translation>年份不能更改：它是编号 {number} 的一部分。</translation>
    </message>
    <message>
        <source>This entry has been retired; choose another.</source>
        <translation>该条目已停用，请选择其他条目。</translation>
    </message>
    <message>
        <source>This record was changed by someone else (version {theirs}, you edited {yours}). Reload it and enter your change again.</source>
        <translation>该记录已被他人修改（当前版本 {theirs}，您编辑的是版本 {yours}）。请重新加载后再输入您的修改。</translation>
    </message>
    <message>
        <source>Too long: {length} characters, at most {max} allowed.</source>
        <translation>太长：{length} 个字符，最多允许 {max} 个。</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Unit / department</source>
        <translation>区队/科室</translation>
    </message>
    <message>
        <source>Use the amend form to change a hazard's details.</source>
        <translation>请用更正表单修改隐患内容。</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>失效日期</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>井口工作站</translation>
    </message>
    <message>
        <source>Workstations</source>
        <translation>井口工作站</translation>
    </message>
    <message>
        <source>audit event #{seq} ({entity} {id}, {action} at {at})</source>
        <translation>审计事件 #{seq}（{entity} {id}，{action}，{at}）</translation>
    </message>
    <message>
        <source>none (the record is final)</source>
        <translation>无（记录已终结）</translation>
    </message>
    <message>
        <source>{label} differs from its last audit event #{seq}: {details}. It was changed outside SafetyWatch.</source>
        <translation>{label} 与其最后一条审计事件 #{seq} 不一致：{details}。该记录在本程序之外被修改过。</translation>
    </message>
    <message>
        <source>{label} has no audit event: it was added outside SafetyWatch.</source>
        <translation>{label} 没有审计事件：它是在本程序之外添加的。</translation>
    </message>
    <message>
        <source>{label}: its last audit event #{seq} records no content.</source>
        <translation>{label}：其最后一条审计事件 #{seq} 没有记录内容。</translation>
    </message>
    <message>
        <source>{path} is damaged ({error}). It was not changed; restore it from a backup.</source>
        <translation>{path} 已损坏（{error}）。文件未被改动，请从备份恢复。</translation>
    </message>
    <message>
        <source>{path} is empty (0 bytes): it is not a SafetyWatch database. Restore a backup or choose another file.</source>
        <translation>{path} 是空文件（0 字节），不是 SafetyWatch 数据库。请恢复备份或选择其他文件。</translation>
    </message>
    <message>
        <source>{path} is not a SafetyWatch database (not an SQLite file).</source>
        <translation>{path} 不是 SafetyWatch 数据库（不是 SQLite 文件）。</translation>
    </message>
    <message>
        <source>{person} rectified this hazard and cannot also accept it.</source>
        <translation>{person} 是该隐患的整改人，不能同时担任验收人。</translation>
    </message>
    <message>
        <source>{table} #{id} has audit events but the record is gone.</source>
        <translation>{table} #{id} 有审计事件，但记录已不存在。</translation>
    </message>
    <message>
        <source>{where}: does not link to the event before it.</source>
        <translation>{where}：与前一条事件的链接断开。</translation>
    </message>
    <message>
        <source>{where}: expected #{expected}; events are missing.</source>
        <translation>{where}：应为 #{expected}，有事件缺失。</translation>
    </message>
    <message>
        <source>{where}: its content was changed after it was written.</source>
        <translation>{where}：写入后内容被改动过。</translation>
    </message>
    <message>
        <source>{where}: its content, or the event before it, was changed after it was written.</source>
        <translation>{where}：写入后，它或它前面的事件的内容被改动过。</translation>
    </message>
    <message>
        <source>Audit event #{seq} ({table} #{id}) holds content SafetyWatch never writes: it was changed outside SafetyWatch.</source>
        <translation>审计事件 #{seq}（{table} #{id}）的内容不是 SafetyWatch 写入的格式：它在 SafetyWatch 之外被改动过。</translation>
    </message>
    <message>
        <source>Station {code}'s event #{seq} as the office holds it does not continue that station's chain (expected #{expected}): it was changed, removed or inserted in this file.</source>
        <translation>安全科保存的群监站 {code} 的事件 #{seq} 接不上该站的事件链（应为 #{expected}）：它在本文件中被改动、删除或插入过。</translation>
    </message>
    <message>
        <source>The office acknowledged station {code}'s events up to #{acked}, but holds them up to #{held}: its copy of that station's chain was cut or extended outside SafetyWatch.</source>
        <translation>安全科已确认收到群监站 {code} 的事件至 #{acked}，但实际保存至 #{held}：该站事件链的副本在 SafetyWatch 之外被截断或增补过。</translation>
    </message>
    <message>
        <source>Audit event #{seq} records {table} #{id} again: a record is created once.</source>
        <translation>审计事件 #{seq} 再次记录了 {table} #{id} 的建立：一条记录只能建立一次。</translation>
    </message>
    <message>
        <source>“{action}” is not allowed while the hazard is “{status}”. Allowed now: {allowed}.</source>
        <translation>隐患处于“{status}”状态时不能执行“{action}”。当前可执行：{allowed}。</translation>
    </message>
    <message>
        <source>“{value}” is already used.</source>
        <translation>“{value}”已被使用。</translation>
    </message>
    <message>
        <source>The database is busy (another program is writing). Nothing was saved; try again in a moment.</source>
        <translation>数据库正忙（另一个程序正在写入）。未保存任何内容，请稍后重试。</translation>
    </message>
    <message>
        <source>The database is locked by another program. Nothing was saved; try again in a moment.</source>
        <translation>数据库被另一个程序锁定。未保存任何内容，请稍后重试。</translation>
    </message>
    <message>
        <source>The database is read-only. Nothing was saved; check the file's permissions or the disk.</source>
        <translation>数据库是只读的。未保存任何内容，请检查文件权限或磁盘。</translation>
    </message>
    <message>
        <source>The disk could not be read or written. Nothing was saved; check the disk and try again.</source>
        <translation>磁盘读写失败。未保存任何内容，请检查磁盘后重试。</translation>
    </message>
    <message>
        <source>The database file is damaged. Nothing was saved; restore it from a backup.</source>
        <translation>数据库文件已损坏。未保存任何内容，请从备份恢复。</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was saved; free some space and try again.</source>
        <translation>磁盘已满。未保存任何内容，请清理空间后重试。</translation>
    </message>
    <message>
        <source>The database file could not be opened. Check that the folder exists and may be written.</source>
        <translation>无法打开数据库文件。请检查文件夹是否存在且可写。</translation>
    </message>
    <message>
        <source>This file is not a SafetyWatch database (or it is damaged).</source>
        <translation>该文件不是 SafetyWatch 数据库（或已损坏）。</translation>
    </message>
    <message>
        <source>This database was made by a newer version of SafetyWatch (schema {rev}). Install that version to open it; the file was not changed.</source>
        <translation>该数据库由更新版本的 SafetyWatch 创建（结构版本 {rev}）。请安装该版本后再打开；文件未被改动。</translation>
    </message>
    <message>
        <source>Must be between {low} and {high}.</source>
        <translation>必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>This entry is already retired.</source>
        <translation>该条目已停用。</translation>
    </message>
    <message>
        <source>{record} was changed outside SafetyWatch ({columns} differ from its audit trail), so it cannot be changed here. Nothing was saved. Verify the database, then restore a verified backup or keep the file as evidence.</source>
        <translation>{record} 在本程序之外被修改过（{columns} 与其审计记录不一致），因此不能在此修改。未保存任何内容。请先校验数据库，再恢复一份已校验的备份，或保留该文件作为证据。</translation>
    </message>
    <message>
        <source>{table} #{id}: audit event #{seq} ({action}) started from values its earlier events never recorded ({details}). The record was changed outside SafetyWatch before that change.</source>
        <translation>{table} #{id}：审计事件 #{seq}（{action}）的修改前取值不是其先前事件记录的值（{details}）。该记录在这次修改之前已在本程序之外被修改过。</translation>
    </message>
    <message>
        <source>The account {login} was changed outside SafetyWatch ({columns} differ from its audit trail): it cannot log in. Verify the database, then restore a verified backup.</source>
        <translation>账户 {login} 在本程序之外被修改过（{columns} 与其审计记录不一致），不能登录。请先校验数据库，再恢复一份已校验的备份。</translation>
    </message>
    <message>
        <source>Audit event #{seq} ({table}) names no record: its record id {id!r} is not a number.</source>
        <translation>审计事件 #{seq}（{table}）没有指向任何记录：其记录号 {id!r} 不是数字。</translation>
    </message>
</context>
</TS>
