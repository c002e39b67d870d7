<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RecordForm</name>
    <message>
        <source>HH:MM</source>
        <translation>时:分，如 10:20</translation>
    </message>
    <message>
        <source>How it was stopped</source>
        <translation>制止情况</translation>
    </message>
    <message>
        <source>The offender</source>
        <translation>违章人员</translation>
    </message>
    <message>
        <source>The 三违</source>
        <translation>违章行为</translation>
    </message>
    <message>
        <source>When and where</source>
        <translation>时间地点</translation>
    </message>
    <message>
        <source>why the registered record is being corrected</source>
        <translation>说明为什么要更正已登记的内容</translation>
    </message>
</context>
</TS>
