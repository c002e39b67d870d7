<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ShiftSheetModel</name>
    <message>
        <source>{name} (visiting from {workstation})</source>
        <translation>{name}（外站 {workstation}）</translation>
    </message>
</context>
</TS>
