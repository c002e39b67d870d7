<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupPage</name>
    <message>
        <source>Size budget of the backups:</source>
        <translation>备份总容量上限：</translation>
    </message>
    <message>
        <source>{count} backups take {used:.0f} MB of the {budget:.0f} MB budget: the oldest are deleted when a new one would exceed it. The program backs up once a day after log-in, and before every upgrade and restore.</source>
        <translation>共 {count} 个备份，占用 {used:.0f} MB（上限 {budget:.0f} MB）：新备份超出上限时删除最旧的备份。程序每天登录后自动备份一次，升级和恢复之前也各备份一次。</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>No hazard or 三违 has the number {number}.</source>
        <translation>没有编号为 {number} 的隐患或三违。</translation>
    </message>
</context>
<context>
    <name>backup</name>
    <message>
        <source>The backup settings could not be saved in {path}: {error}</source>
        <translation>备份设置无法保存到 {path}：{error}</translation>
    </message>
</context>
</TS>
