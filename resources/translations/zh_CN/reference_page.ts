<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ReferencePage</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Change entry {code}</source>
        <translation>修改条目 {code}</translation>
    </message>
    <message>
        <source>Changes to {code} saved.</source>
        <translation>{code} 的修改已保存。</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>New entry</source>
        <translation>新建条目</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>未保存：请更正红字标出的项目。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reference data</source>
        <translation>基础数据</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Retired entry {code}</source>
        <translation>已停用条目 {code}</translation>
    </message>
    <message>
        <source>Retired: {reason}</source>
        <translation>已停用：{reason}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The entry stays on old records but is no longer offered. Give the reason first.</source>
        <translation>停用后旧记录仍保留该条目，但不再供选择。请先填写原因。</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2026-06-10</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>required to change or retire an entry</source>
        <translation>修改或停用条目时必填</translation>
    </message>
    <message>
        <source>{code} created.</source>
        <translation>{code} 已新建。</translation>
    </message>
    <message>
        <source>{code} retired.</source>
        <translation>{code} 已停用。</translation>
    </message>
    <message>
        <source>{label} (optional)</source>
        <translation>{label}（选填）</translation>
    </message>
    <message>
        <source>{name} (retired)</source>
        <translation>{name}（已停用）</translation>
    </message>
</context>
</TS>
