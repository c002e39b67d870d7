<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditPage</name>
    <message>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <source>Action: {action}</source>
        <translation>操作：{action}</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <source>Allowance adjustments</source>
        <translation>津贴调整</translation>
    </message>
    <message>
        <source>Allowance lines</source>
        <translation>津贴明细</translation>
    </message>
    <message>
        <source>Approved allowance months</source>
        <translation>已审批的津贴月份</translation>
    </message>
    <message>
        <source>Chain head: event #{seq}, hash {hash}</source>
        <translation>审计链头：第 #{seq} 条事件，哈希 {hash}</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Changes:</source>
        <translation>变更：</translation>
    </message>
    <message>
        <source>Made with it: {kind} #{id}</source>
        <translation>同时记录：{kind} #{id}</translation>
    </message>
    <message>
        <source>Closed months</source>
        <translation>已关账月份</translation>
    </message>
    <message>
        <source>Content:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Event #{seq} at {time} (UTC {utc})</source>
        <translation>事件 #{seq}，{time}（UTC {utc}）</translation>
    </message>
    <message>
        <source>Hash: {hash}</source>
        <translation>哈希：{hash}</translation>
    </message>
    <message>
        <source>Hazard records</source>
        <translation>隐患</translation>
    </message>
    <message>
        <source>Hazard steps</source>
        <translation>隐患闭环步骤</translation>
    </message>
    <message>
        <source>Intact: {events} audit events and {records} records checked.</source>
        <translation>完好：已校验 {events} 条审计事件和 {records} 条记录。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Lookup lists</source>
        <translation>代码表</translation>
    </message>
    <message>
        <source>Problems were found:
{problems}</source>
        <translation>发现问题：
{problems}</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>Record: {kind} #{id}</source>
        <translation>记录：{kind} #{id}</translation>
    </message>
    <message>
        <source>Report corrections</source>
        <translation>报表更正</translation>
    </message>
    <message>
        <source>Security events</source>
        <translation>安全事件</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Shift sheets</source>
        <translation>上岗汇报表</translation>
    </message>
    <message>
        <source>Squad checks</source>
        <translation>小分队检查</translation>
    </message>
    <message>
        <source>Tour problems</source>
        <translation>巡视问题</translation>
    </message>
    <message>
        <source>Tours</source>
        <translation>职工代表巡视</translation>
    </message>
    <message>
        <source>User: {user}</source>
        <translation>用户：{user}</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Verify the database and the audit chain</source>
        <translation>校验数据库和审计链</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Versions of {kind} #{id}: {count}</source>
        <translation>{kind} #{id} 的版本：{count} 个</translation>
    </message>
    <message>
        <source>amended</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>changed own password</source>
        <translation>修改本人密码</translation>
    </message>
    <message>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>first version</source>
        <translation>首个版本</translation>
    </message>
    <message>
        <source>locked after failed log-ins</source>
        <translation>登录失败过多而锁定</translation>
    </message>
    <message>
        <source>log-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>logged in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>password rehashed</source>
        <translation>密码重新散列</translation>
    </message>
    <message>
        <source>password reset</source>
        <translation>密码重置</translation>
    </message>
    <message>
        <source>record no.</source>
        <translation>记录号</translation>
    </message>
    <message>
        <source>refused (not allowed)</source>
        <translation>拒绝（无权限）</translation>
    </message>
    <message>
        <source>unlocked</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>{count} events</source>
        <translation>{count} 条事件</translation>
    </message>
    <message>
        <source>三违 handling</source>
        <translation>三违处理</translation>
    </message>
    <message>
        <source>三违 records</source>
        <translation>三违记录</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>A login name has 2 to 32 letters, digits or . - _ @, without spaces.</source>
        <translation>登录名为 2 至 32 个字母、数字或 . - _ @，不含空格。</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>审计员</translation>
    </message>
    <message>
        <source>Between {low} and {high} minutes.</source>
        <translation>须在 {low} 至 {high} 分钟之间。</translation>
    </message>
    <message>
        <source>Choose a kind of record.</source>
        <translation>请选择记录类别。</translation>
    </message>
    <message>
        <source>Choose a role.</source>
        <translation>请选择角色。</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>录入员</translation>
    </message>
    <message>
        <source>Log-in failed: the login name or the password is wrong, or the account is disabled, or it is locked for {minutes} minutes after {count} failed attempts.</source>
        <translation>登录失败：登录名或密码错误，或账户已停用，或因连续 {count} 次失败已锁定 {minutes} 分钟。</translation>
    </message>
    <message>
        <source>No such user.</source>
        <translation>没有该用户。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Not allowed: the role {role} may not {action}. Nothing was changed.</source>
        <translation>无权操作：{role}不能{action}。未做任何更改。</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Record kind</source>
        <translation>记录类别</translation>
    </message>
    <message>
        <source>The login name {login} is taken.</source>
        <translation>登录名 {login} 已被使用。</translation>
    </message>
    <message>
        <source>The new password must differ from the old one.</source>
        <translation>新密码不能与旧密码相同。</translation>
    </message>
    <message>
        <source>The password contains a control character.</source>
        <translation>密码含有控制字符。</translation>
    </message>
    <message>
        <source>The password may have at most {n} characters.</source>
        <translation>密码最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>The password must not contain the login name.</source>
        <translation>密码不能包含登录名。</translation>
    </message>
    <message>
        <source>The password needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <source>The password of user {login} (#{id}) was replaced outside SafetyWatch.</source>
        <translation>用户 {login}（#{id}）的密码在本程序之外被替换。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>This account is not locked.</source>
        <translation>该账户未被锁定。</translation>
    </message>
    <message>
        <source>This database already has an administrator: log in.</source>
        <translation>该数据库已有管理员，请登录。</translation>
    </message>
    <message>
        <source>This password is too easy to guess; choose a less common one.</source>
        <translation>该密码太容易被猜到，请换一个不常见的密码。</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>不能停用自己的账户。</translation>
    </message>
    <message>
        <source>accept and close hazards</source>
        <translation>验收和销号隐患</translation>
    </message>
    <message>
        <source>add demo data</source>
        <translation>添加演示数据</translation>
    </message>
    <message>
        <source>amend or void records</source>
        <translation>更正或作废记录</translation>
    </message>
    <message>
        <source>approve allowances</source>
        <translation>审批津贴</translation>
    </message>
    <message>
        <source>back up and restore</source>
        <translation>备份和恢复</translation>
    </message>
    <message>
        <source>browse records and reports</source>
        <translation>查看记录和报表</translation>
    </message>
    <message>
        <source>change settings</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>close months</source>
        <translation>月度关账</translation>
    </message>
    <message>
        <source>edit reference data</source>
        <translation>修改基础数据</translation>
    </message>
    <message>
        <source>enter records</source>
        <translation>录入记录</translation>
    </message>
    <message>
        <source>export records</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <source>import records</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>管理用户</translation>
    </message>
    <message>
        <source>print reports</source>
        <translation>打印报表</translation>
    </message>
    <message>
        <source>review the audit trail</source>
        <translation>查阅审计记录</translation>
    </message>
    <message>
        <source>use one's own account</source>
        <translation>使用本人账户</translation>
    </message>
    <message>
        <source>verify the database</source>
        <translation>校验数据库</translation>
    </message>
    <message>
        <source>{login} is the only active administrator: add another one first.</source>
        <translation>{login} 是唯一在用的管理员：请先添加另一名管理员。</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Locked after a time without input. {name} ({login}), enter your password to go on.</source>
        <translation>长时间无操作，已锁定。{name}（{login}），请输入密码继续。</translation>
    </message>
    <message>
        <source>SafetyWatch is locked</source>
        <translation>群监网安全监督台账已锁定</translation>
    </message>
    <message>
        <source>Sign out…</source>
        <translation>退出登录…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Acceptable</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>At least 8 characters; a phrase of several words is easy to remember.</source>
        <translation>至少 8 个字符；由几个词组成的短语好记又安全。</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Create the administrator</source>
        <translation>创建系统管理员</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>较好</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation>再输一次</translation>
    </message>
    <message>
        <source>SafetyWatch – first start</source>
        <translation>群监网安全监督台账 – 首次启动</translation>
    </message>
    <message>
        <source>SafetyWatch – log in</source>
        <translation>群监网安全监督台账 – 登录</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>强</translation>
    </message>
    <message>
        <source>This database has no user accounts yet. Create the administrator: the administrator adds the clerks, safety officers and auditors, and does not enter records.</source>
        <translation>该数据库还没有用户账户。请创建系统管理员：管理员负责添加录入员、安监员和审计员，本人不录入记录。</translation>
    </message>
    <message>
        <source>Very strong</source>
        <translation>很强</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Your password was set by the administrator. Choose your own password now.</source>
        <translation>您的密码是管理员设置的，请现在设置您自己的密码。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>User: {name} ({login}), {role}</source>
        <translation>用户：{name}（{login}），{role}</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Your role ({role}) may not use this page.</source>
        <translation>您的角色（{role}）不能使用此页。</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>立即锁定(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation>退出登录(&amp;S)</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Sign out and close SafetyWatch's window? Anything not yet saved is lost.</source>
        <translation>退出登录并关闭窗口？尚未保存的内容将丢失。</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>A first password for {login} (they choose their own at the next log-in):</source>
        <translation>为 {login} 设置初始密码（下次登录时须改为自己的密码）：</translation>
    </message>
    <message>
        <source>A first password: the user must choose their own at the first log-in.</source>
        <translation>初始密码：用户首次登录时须改为自己的密码。</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>更改角色…</translation>
    </message>
    <message>
        <source>Disable user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Enable user</source>
        <translation>启用用户</translation>
    </message>
    <message>
        <source>Enable…</source>
        <translation>启用…</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>初始密码</translation>
    </message>
    <message>
        <source>Last log-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>Lock the screen after this time without input:</source>
        <translation>无操作多长时间后锁屏：</translation>
    </message>
    <message>
        <source>Locked until {time}</source>
        <translation>锁定至 {time}</translation>
    </message>
    <message>
        <source>Must choose a password</source>
        <translation>须设置自己的密码</translation>
    </message>
    <message>
        <source>New first password set for {login}.</source>
        <translation>已为 {login} 设置新的初始密码。</translation>
    </message>
    <message>
        <source>New role of {login}:</source>
        <translation>{login} 的新角色：</translation>
    </message>
    <message>
        <source>Reason (kept in the audit trail):</source>
        <translation>原因（记入审计追踪）：</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Role of {login} changed.</source>
        <translation>{login} 的角色已更改。</translation>
    </message>
    <message>
        <source>Save setting</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The screen now locks after {minutes} minutes without input.</source>
        <translation>现在无操作 {minutes} 分钟后锁屏。</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>解锁…</translation>
    </message>
    <message>
        <source>User role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>User {login} added.</source>
        <translation>用户 {login} 已添加。</translation>
    </message>
    <message>
        <source>{login} disabled: they can no longer log in.</source>
        <translation>{login} 已停用，不能再登录。</translation>
    </message>
    <message>
        <source>{login} enabled.</source>
        <translation>{login} 已启用。</translation>
    </message>
    <message>
        <source>{login} unlocked.</source>
        <translation>{login} 已解锁。</translation>
    </message>
</context>
</TS>
