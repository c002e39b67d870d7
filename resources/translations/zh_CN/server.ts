<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Server</name>
    <message>
        <source>The database server cannot be reached. Nothing was saved; check the network and that the server is running, then try again.</source>
        <translation>无法连接数据库服务器。未保存任何内容；请检查网络以及服务器是否在运行，然后重试。</translation>
    </message>
    <message>
        <source>The database server is shutting down or restarting. Nothing was saved; try again in a moment.</source>
        <translation>数据库服务器正在关闭或重启。未保存任何内容；请稍后重试。</translation>
    </message>
    <message>
        <source>The database server's disk is full. Nothing was saved; ask the administrator to free space.</source>
        <translation>数据库服务器的磁盘已满。未保存任何内容；请联系管理员释放空间。</translation>
    </message>
    <message>
        <source>The database server is out of resources. Nothing was saved; try again in a moment.</source>
        <translation>数据库服务器资源不足。未保存任何内容；请稍后重试。</translation>
    </message>
    <message>
        <source>This connection may only read. Nothing was saved.</source>
        <translation>此连接只能读取。未保存任何内容。</translation>
    </message>
    <message>
        <source>The database server refused the log-in (user name or password). Check the connection settings.</source>
        <translation>数据库服务器拒绝登录（用户名或密码）。请检查连接设置。</translation>
    </message>
    <message>
        <source>The database server refused this action for this user. Nothing was saved; ask the administrator about the database roles.</source>
        <translation>数据库服务器拒绝此用户执行该操作。未保存任何内容；请向管理员询问数据库角色设置。</translation>
    </message>
    <message>
        <source>The database named in the address does not exist on the server.</source>
        <translation>地址中指定的数据库在服务器上不存在。</translation>
    </message>
    <message>
        <source>The database server could not complete the transaction because of a concurrent one. Nothing was saved; try again.</source>
        <translation>由于另一项并发事务，数据库服务器未能完成本次事务。未保存任何内容；请重试。</translation>
    </message>
    <message>
        <source>The database is locked by another user. Nothing was saved; try again in a moment.</source>
        <translation>数据库被其他用户锁定。未保存任何内容；请稍后重试。</translation>
    </message>
    <message>
        <source>The server database uses the collation {collation}; SafetyWatch needs C, so that reports sort the same on every PC. Create the database with: CREATE DATABASE name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' (see docs/postgresql.md).</source>
        <translation>服务器数据库的排序规则为 {collation}；本程序需要 C 排序规则，以使各台电脑上报表的排序一致。请这样创建数据库：CREATE DATABASE 库名 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'（见 docs/postgresql.md）。</translation>
    </message>
</context>
</TS>
