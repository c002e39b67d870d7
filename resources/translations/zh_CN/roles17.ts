<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RoleGate</name>
    <message>
        <source>Only {roles} may {action}.</source>
        <translation>仅{roles}可以{action}。</translation>
    </message>
</context>
</TS>
