<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ShiftSheetPage</name>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The sheet is being saved; wait a moment.</source>
        <translation>正在保存这张登记表，请稍候。</translation>
    </message>
</context>
</TS>
