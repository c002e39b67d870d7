<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Reliability</name>
    <message>
        <source>Audit event #{seq} differs from the chain head recorded by {source}: the audit chain was rewritten after that.</source>
        <translation>审计事件 #{seq} 与 {source} 记录的链头不一致：此后审计链被改写过。</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>审计事件</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Backing up and verifying…</source>
        <translation>正在备份并校验…</translation>
    </message>
    <message>
        <source>Backup folder: {folder}</source>
        <translation>备份文件夹：{folder}</translation>
    </message>
    <message>
        <source>Backup made, but it FAILED verification: {problems}</source>
        <translation>备份已完成，但未通过校验：{problems}</translation>
    </message>
    <message>
        <source>Backups of {path}</source>
        <translation>{path} 的备份</translation>
    </message>
    <message>
        <source>Cannot create the backup folder {folder}: {error}</source>
        <translation>无法创建备份文件夹 {folder}：{error}</translation>
    </message>
    <message>
        <source>Cannot create the lock file beside {path}: the folder is not writable.</source>
        <translation>无法在 {path} 旁创建锁文件：文件夹不可写。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>否</translation>
    </message>
    <message>
        <source>No verified backup of this database was found in {folder}. Keep the file as it is and ask for help.</source>
        <translation>在 {folder} 中没有找到此数据库经校验的备份。请保持文件原样，并寻求技术支持。</translation>
    </message>
    <message>
        <source>Now working on the restored database {path}</source>
        <translation>现在使用恢复出的数据库 {path}</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Restore into a new file</source>
        <translation>恢复到新文件</translation>
    </message>
    <message>
        <source>Restore into a new file…</source>
        <translation>恢复到新文件…</translation>
    </message>
    <message>
        <source>Restored and verified: {path}. The database in use was backed up first.</source>
        <translation>已恢复并校验：{path}。恢复前已先备份正在使用的数据库。</translation>
    </message>
    <message>
        <source>Restored from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Restoring and verifying…</source>
        <translation>正在恢复并校验…</translation>
    </message>
    <message>
        <source>SafetyWatch</source>
        <translation>SafetyWatch</translation>
    </message>
    <message>
        <source>SafetyWatch database (*.db)</source>
        <translation>SafetyWatch 数据库 (*.db)</translation>
    </message>
    <message>
        <source>SafetyWatch is already open on {path} (process {pid} on {host}). Only one program may write the ledger at a time: switch to that window, or close it first.</source>
        <translation>SafetyWatch 已经打开了 {path}（{host} 上的进程 {pid}）。同一时间只能有一个程序写入台账：请切换到那个窗口，或先将其关闭。</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>The audit chain ends at event #{last}, but {source} recorded event #{seq}: events were removed.</source>
        <translation>审计链止于事件 #{last}，但 {source} 记录过事件 #{seq}：有事件被删除。</translation>
    </message>
    <message>
        <source>The audit trail of {path} is broken: {problem} The records may have been changed outside SafetyWatch. The file was not changed; restore a verified backup into a new file, or keep this one as evidence.</source>
        <translation>{path} 的审计链已断开：{problem} 记录可能在 SafetyWatch 之外被改动过。文件未作任何改动；请将经校验的备份恢复到新文件，或保留此文件作为证据。</translation>
    </message>
    <message>
        <source>The backup copy failed its check: {problem}</source>
        <translation>备份副本未通过检查：{problem}</translation>
    </message>
    <message>
        <source>The backup could not be restored to {path}: {error}</source>
        <translation>无法将备份恢复到 {path}：{error}</translation>
    </message>
    <message>
        <source>The backup could not be written to {path}: {error}. The database was not changed.</source>
        <translation>无法写入备份 {path}：{error}。数据库未作改动。</translation>
    </message>
    <message>
        <source>The database could not be backed up: {error}</source>
        <translation>无法备份数据库：{error}</translation>
    </message>
    <message>
        <source>The restored database {path} failed verification: {problem}</source>
        <translation>恢复出的数据库 {path} 未通过校验：{problem}</translation>
    </message>
    <message>
        <source>There is no backup at {path}.</source>
        <translation>{path} 处没有备份。</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已校验</translation>
    </message>
    <message>
        <source>Verified backups of this database (newest first). Restore one into a new file:</source>
        <translation>此数据库经校验的备份（最新的在前）。选择一个恢复到新文件：</translation>
    </message>
    <message>
        <source>before restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <source>before upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <source>on start</source>
        <translation>启动时</translation>
    </message>
    <message>
        <source>{path} already exists. A backup is restored only into a new file; choose another name.</source>
        <translation>{path} 已存在。备份只能恢复到新文件，请换一个文件名。</translation>
    </message>
    <message>
        <source>{path} changed after it was backed up (its SHA-256 differs from the manifest); it is not used.</source>
        <translation>{path} 在备份后被改动过（SHA-256 与清单不符），不予使用。</translation>
    </message>
    <message>
        <source>{path} failed SQLite's integrity check: {problem}</source>
        <translation>{path} 未通过 SQLite 完整性检查：{problem}</translation>
    </message>
    <message>
        <source>{path} failed verification: {problem}</source>
        <translation>{path} 未通过校验：{problem}</translation>
    </message>
    <message>
        <source>{path} is an SQLite database of another program (tables: {tables}), not a SafetyWatch ledger. It was not changed; choose the SafetyWatch database or restore a backup.</source>
        <translation>{path} 是其他程序的 SQLite 数据库（表：{tables}），不是 SafetyWatch 台账。文件未作改动；请选择 SafetyWatch 数据库或恢复备份。</translation>
    </message>
    <message>
        <source>{path} is not a sound database copy: {error}</source>
        <translation>{path} 不是完好的数据库副本：{error}</translation>
    </message>
    <message>
        <source>{path} is on a network share ({kind}). SQLite cannot lock a database safely there, so records could be lost or damaged. Copy the database to a local disk (e.g. D:\SafetyWatch) and open it there.</source>
        <translation>{path} 位于网络共享（{kind}）上。SQLite 在网络共享上无法可靠加锁，记录可能丢失或损坏。请把数据库复制到本地磁盘（如 D:\SafetyWatch）后再打开。</translation>
    </message>
    <message>
        <source>The automatic backup failed verification: {problems}</source>
        <translation>自动备份未通过校验：{problems}</translation>
    </message>
</context>
</TS>
