<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Fields</name>
    <message>
        <source>Employee number</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Escalation level</source>
        <translation>督办级别</translation>
    </message>
    <message>
        <source>Found by (inspector)</source>
        <translation>发现人（群监员）</translation>
    </message>
    <message>
        <source>Found via</source>
        <translation>发现方式</translation>
    </message>
    <message>
        <source>Notice number</source>
        <translation>通知书编号</translation>
    </message>
    <message>
        <source>Person responsible for rectification</source>
        <translation>整改责任人</translation>
    </message>
    <message>
        <source>Reason for voiding</source>
        <translation>作废原因</translation>
    </message>
    <message>
        <source>Rectified</source>
        <translation>整改完成日期</translation>
    </message>
    <message>
        <source>Rule broken</source>
        <translation>违反条款</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation>工种</translation>
    </message>
</context>
</TS>
