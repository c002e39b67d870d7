<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ServerDatabase</name>
    <message>
        <source>{table}: {rows} row(s) refer to row {id}, which is not in the source; nothing was copied.</source>
        <translation>{table}：有 {rows} 行引用了第 {id} 行，但源数据库中没有这一行；未复制任何数据。</translation>
    </message>
</context>
</TS>
