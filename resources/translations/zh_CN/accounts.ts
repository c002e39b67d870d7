<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>Not allowed: a {role} may not {action}. Nothing was changed.</source>
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
</TS>
