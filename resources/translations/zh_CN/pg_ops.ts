<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ServerDatabase</name>
    <message>
        <source>Cannot open the server database {address}: {reason}. {advice} SafetyWatch did not open any other database instead.</source>
        <translation>无法打开服务器数据库 {address}：{reason}。{advice} SafetyWatch 没有改为打开任何其他数据库。</translation>
    </message>
    <message>
        <source>Check that the server is running and that this PC reaches it (host, port, firewall, network).</source>
        <translation>请检查服务器是否在运行，以及本机能否连到它（主机、端口、防火墙、网络）。</translation>
    </message>
    <message>
        <source>Check the user name in the address and its password in the password file (PGPASSFILE or .pgpass), and that the server lets this user in (pg_hba.conf).</source>
        <translation>请检查地址中的用户名及其在密码文件（PGPASSFILE 或 .pgpass）中的密码，以及服务器是否允许该用户登录（pg_hba.conf）。</translation>
    </message>
    <message>
        <source>Check the database name in the address; the administrator creates the database (docs/postgresql.md).</source>
        <translation>请检查地址中的数据库名；数据库由管理员创建（见 docs/postgresql.md）。</translation>
    </message>
    <message>
        <source>The copy holds no audit trail.</source>
        <translation>副本中没有审计记录。</translation>
    </message>
    <message>
        <source>The copy in {target} does not verify ({problems}); do not use it.</source>
        <translation>{target} 中的副本未通过校验（{problems}）；请勿使用。</translation>
    </message>
    <message>
        <source>The server database uses the collation {collation}; SafetyWatch needs C, so that reports sort the same on every PC. Create the database with: CREATE DATABASE name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' (see docs/postgresql.md).</source>
        <translation>服务器数据库的排序规则为 {collation}；本程序需要 C 排序规则，以使各台电脑上报表的排序一致。请这样创建数据库：CREATE DATABASE 库名 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'（见 docs/postgresql.md）。</translation>
    </message>
    <message>
        <source>There is no database at {source}.</source>
        <translation>{source} 处没有数据库。</translation>
    </message>
    <message>
        <source>the chain head differs</source>
        <translation>审计链头不一致</translation>
    </message>
    <message>
        <source>The database address is not usable: {error}</source>
        <translation>数据库地址不可用：{error}</translation>
    </message>
    <message>
        <source>{source} fails verify, so it is not copied: {problems}</source>
        <translation>{source} 未通过校验，因此不复制：{problems}</translation>
    </message>
    <message>
        <source>{source} is at an older schema ({revision}): open it once with this version of SafetyWatch (which upgrades it), then copy it.</source>
        <translation>{source} 的数据结构较旧（{revision}）：请先用本版本的 SafetyWatch 打开一次（会将其升级），再复制。</translation>
    </message>
    <message>
        <source>{target} already exists and holds a database: a copy goes only into a new file.</source>
        <translation>{target} 已存在且含有数据库：副本只能写入新文件。</translation>
    </message>
    <message>
        <source>{target} is not empty (it holds {tables}): a ledger is copied only into an empty database. Create a new database for it (docs/postgresql.md).</source>
        <translation>{target} 不是空的（其中有 {tables}）：台账只能复制到空数据库中。请为它新建一个数据库（见 docs/postgresql.md）。</translation>
    </message>
</context>
</TS>
