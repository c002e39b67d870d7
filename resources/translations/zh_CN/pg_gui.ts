<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>PgGui</name>
    <message>
      <source>This is a server database: a backup here runs pg_dump and needs a server user allowed to create databases (the administrator's). The administrator usually schedules safetywatch backup on the server and restores a backup into a new database with safetywatch restore (docs/postgresql.md).</source>
      <translation>这是服务器数据库：在此备份将运行 pg_dump，需要一个允许创建数据库的服务器用户（管理员的）。通常由管理员在服务器上定时运行 safetywatch backup，并用 safetywatch restore 把备份恢复到一个新数据库（见 docs/postgresql.md）。</translation>
    </message>
    <message>
      <source>{count} backups made on this PC take {used:.0f} MB of the {budget:.0f} MB budget: the oldest are deleted when a new one would exceed it. The program makes no automatic backups of a server database.</source>
      <translation>本机所做的 {count} 个备份占用 {used:.0f} MB（上限 {budget:.0f} MB）：新备份超出上限时删除最旧的。程序不自动备份服务器数据库。</translation>
    </message>
    <message>
      <source>Enter the server: its name or IP address on the LAN (e.g. 192.168.1.20).</source>
      <translation>请填写服务器：局域网中的名称或 IP 地址（例如 192.168.1.20）。</translation>
    </message>
    <message>
      <source>Enter the database name the administrator created (e.g. safetywatch).</source>
      <translation>请填写管理员创建的数据库名称（例如 safetywatch）。</translation>
    </message>
    <message>
      <source>Enter the user name of the office PCs (e.g. safetywatch_app).</source>
      <translation>请填写办公室电脑使用的用户名（例如 safetywatch_app）。</translation>
    </message>
    <message>
      <source>SafetyWatch – server database</source>
      <translation>群监网安全监督台账 – 服务器数据库</translation>
    </message>
    <message>
      <source>optional, e.g. safetywatch_audit</source>
      <translation>可不填，例如 safetywatch_audit</translation>
    </message>
    <message>
      <source>empty: from the password file (.pgpass)</source>
      <translation>不填：取自密码文件（.pgpass）</translation>
    </message>
    <message>
      <source>Server</source>
      <translation>服务器</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>端口</translation>
    </message>
    <message>
      <source>Database</source>
      <translation>数据库</translation>
    </message>
    <message>
      <source>Auditor's user</source>
      <translation>审计员用户名</translation>
    </message>
    <message>
      <source>The connection is remembered on this PC without the password: a password typed here is used until SafetyWatch closes. The auditor's user is the read-only role the administrator created (server-setup); auditors then work through it.</source>
      <translation>本机记住此连接，但不保存密码：在此输入的密码只用到关闭程序为止。审计员用户名是管理员创建的只读角色（server-setup），审计员通过它工作。</translation>
    </message>
    <message>
      <source>Connect</source>
      <translation>连接</translation>
    </message>
    <message>
      <source>Test connection</source>
      <translation>测试连接</translation>
    </message>
    <message>
      <source>Use this PC's database file</source>
      <translation>使用本机的数据库文件</translation>
    </message>
    <message>
      <source>Server database</source>
      <translation>服务器数据库</translation>
    </message>
    <message>
      <source>Connected to {address}.</source>
      <translation>已连接到 {address}。</translation>
    </message>
    <message>
      <source>Database…</source>
      <translation>数据库…</translation>
    </message>
  </context>
</TS>
