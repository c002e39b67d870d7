<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Domain</name>
    <message>
        <source>Registered</source>
        <translation>已登记</translation>
    </message>
</context>
</TS>
