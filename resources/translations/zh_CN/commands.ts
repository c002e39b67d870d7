<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Commands</name>
    <message>
        <source>{path} is an SQLite file without any table: it is not a SafetyWatch ledger.</source>
        <translation>{path} 是一个没有任何数据表的 SQLite 文件，不是 SafetyWatch 台账。</translation>
    </message>
    <message>
        <source>This database has user accounts: demo data is never added to it without a log-in. Use a new file for demo data.</source>
        <translation>该数据库已有用户账户：未登录时绝不向其中添加演示数据。请使用新文件存放演示数据。</translation>
    </message>
    <message>
        <source>This database already holds {count} records. Demo records cannot be told apart from real ones or removed afterwards, so demo data is only added to a database without records (use a new file).</source>
        <translation>该数据库已有 {count} 条记录。演示记录与真实记录无法区分，事后也无法删除，因此只能向没有记录的数据库添加演示数据（请使用新文件）。</translation>
    </message>
    <message>
        <source>The manifest names {file} as its exported file: a manifest names a file name beside it, never a path. Nothing was opened.</source>
        <translation>清单把 {file} 写作导出文件：清单只能写同一文件夹中的文件名，不能写路径。未打开任何文件。</translation>
    </message>
    <message>
        <source>The manifest's audit_chain_head is not an object with a whole-number seq and a hash: the manifest was not written by SafetyWatch or was changed, and its chain anchor cannot be checked.</source>
        <translation>清单的 audit_chain_head 不是含整数 seq 和 hash 的对象：该清单不是 SafetyWatch 写的，或已被改动，无法核对其审计链锚点。</translation>
    </message>
</context>
</TS>
