<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PgAdmin</name>
    <message>
        <source>'{name}' is not a usable database name: use 1 to 48 lower-case letters, digits and _, starting with a letter (for example safetywatch or mine_office).</source>
        <translation>“{name}”不能用作数据库名：请用 1 到 48 个小写字母、数字和下划线，并以字母开头（例如 safetywatch 或 mine_office）。</translation>
    </message>
    <message>
        <source>Cannot connect to {address}: {error}</source>
        <translation>无法连接到 {address}：{error}</translation>
    </message>
    <message>
        <source>Cannot read the password file {path}: {error}</source>
        <translation>无法读取密码文件 {path}：{error}</translation>
    </message>
    <message>
        <source>PostgreSQL's {name} was not found on this PC. Install PostgreSQL's client programs (on the server they come with it), or set {env} to their bin folder (e.g. C:\Program Files\PostgreSQL\15\bin).</source>
        <translation>本机找不到 PostgreSQL 的 {name}。请安装 PostgreSQL 客户端程序（服务器上随 PostgreSQL 一起安装），或把 {env} 设为其 bin 文件夹（例如 C:\Program Files\PostgreSQL\15\bin）。</translation>
    </message>
    <message>
        <source>The database {name} already exists on the server. A backup is restored only into a new database; choose another name.</source>
        <translation>服务器上已有数据库 {name}。备份只能恢复到新数据库中，请另选一个名称。</translation>
    </message>
    <message>
        <source>The existing database {name} uses the collation {collation}; SafetyWatch needs C. Choose another name (server-setup creates it with C), or move the data into a new database (docs/postgresql.md).</source>
        <translation>已有数据库 {name} 的排序规则是 {collation}，本程序需要 C。请另选一个名称（server-setup 会以 C 排序规则创建），或把数据迁移到新数据库（见 docs/postgresql.md）。</translation>
    </message>
    <message>
        <source>The password of {role} is empty; choose one.</source>
        <translation>{role} 的密码为空，请设置一个密码。</translation>
    </message>
    <message>
        <source>The server database uses the collation {collation}; SafetyWatch needs C, so that reports sort the same on every PC. Create the database with: CREATE DATABASE name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' (see docs/postgresql.md).</source>
        <translation>服务器数据库的排序规则为 {collation}；本程序需要 C 排序规则，以使各台电脑上报表的排序一致。请这样创建数据库：CREATE DATABASE 库名 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'（见 docs/postgresql.md）。</translation>
    </message>
    <message>
        <source>database {name}</source>
        <translation>数据库 {name}</translation>
    </message>
    <message>
        <source>pg_dump could not back up {address}: {error}. Nothing was written.</source>
        <translation>pg_dump 无法备份 {address}：{error}。未写入任何文件。</translation>
    </message>
    <message>
        <source>role {name}</source>
        <translation>角色 {name}</translation>
    </message>
    <message>
        <source>{address} may not create databases and roles. Run server-setup with the server's administrator (for example postgresql://postgres@HOST/postgres).</source>
        <translation>{address} 无权创建数据库和角色。请用服务器管理员的地址运行 server-setup（例如 postgresql://postgres@HOST/postgres）。</translation>
    </message>
    <message>
        <source>{address} may not create databases, which checking or restoring a backup needs (a scratch or a new database). Use the administrator's address (for example postgresql://postgres@HOST/DATABASE).</source>
        <translation>{address} 无权创建数据库，而核验或恢复备份需要创建（临时数据库或新数据库）。请使用管理员的地址（例如 postgresql://postgres@HOST/DATABASE）。</translation>
    </message>
    <message>
        <source>{name} could not be started: {error}</source>
        <translation>无法启动 {name}：{error}</translation>
    </message>
    <message>
        <source>{name} is not in {folder} ({env}): name the bin folder of the PostgreSQL installation.</source>
        <translation>{folder}（{env}）中没有 {name}：请指定 PostgreSQL 安装目录下的 bin 文件夹。</translation>
    </message>
    <message>
        <source>{path} has no line for {role}: add one like *:*:*:{role}:PASSWORD.</source>
        <translation>{path} 中没有 {role} 的一行：请添加形如 *:*:*:{role}:PASSWORD 的一行。</translation>
    </message>
    <message>
        <source>{path} is not a complete, readable PostgreSQL backup (pg_restore: {error}). It was not used; choose another backup.</source>
        <translation>{path} 不是完整可读的 PostgreSQL 备份（pg_restore：{error}）。未使用该文件，请另选一个备份。</translation>
    </message>
</context>
</TS>
