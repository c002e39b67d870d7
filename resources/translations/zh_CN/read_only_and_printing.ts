<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Domain</name>
    <message>
        <source>{path} is read-only: it is on read-only media, write-protected, or in a folder you may not write in. SafetyWatch can verify, print and export it, but not change it; copy it to a writable folder to enter records.</source>
        <translation>{path} 是只读的：它在只读介质上、被写保护，或所在文件夹您无权写入。SafetyWatch 可以校验、打印和导出它，但不能修改它；要录入记录，请先把它复制到可写的文件夹。</translation>
    </message>
    <message>
        <source>Cannot create {path}: the folder is read-only or you may not write in it. Choose another folder.</source>
        <translation>无法创建 {path}：该文件夹是只读的或您无权写入。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>{path} could not be opened for reading ({error}). It was not changed. Check that you may read it; on read-only media, copy it together with the files beside it (-wal, -shm) to a writable folder.</source>
        <translation>无法以只读方式打开 {path}（{error}）。文件未被改动。请检查您是否有读取权限；如在只读介质上，请把它连同旁边的文件（-wal、-shm）一起复制到可写的文件夹。</translation>
    </message>
    <message>
        <source>{path} was changed by another program while it was being read (it is in a folder you cannot write, so it was read without locks). Nothing was written; try again.</source>
        <translation>读取 {path} 期间，另一个程序修改了它（它所在的文件夹您无权写入，因此读取时无法加锁）。未写入任何内容，请重试。</translation>
    </message>
    <message>
        <source>The database failed the check before printing, so nothing is printed or exported from it: {problems} Verify the database (Tools menu) for the full check; if it was changed outside SafetyWatch, restore a verified backup.</source>
        <translation>数据库未通过打印前的检查，因此不从中打印或导出任何内容：{problems} 请用“工具”菜单中的“校验数据库”做完整检查；如果它在 SafetyWatch 之外被改动过，请恢复一个已校验的备份。</translation>
    </message>
    <message>
        <source>It was exported from a database that failed its check before printing: {problems}</source>
        <translation>它导出自一个未通过打印前检查的数据库：{problems}</translation>
    </message>
    <message>
        <source>the backup {file}</source>
        <translation>备份 {file}</translation>
    </message>
    <message>
        <source>{month} has not begun: today ({today}) is in statistic month {current}.</source>
        <translation>{month} 尚未开始：今天（{today}）属于统计月 {current}。</translation>
    </message>
    <message>
        <source>{month} is before the first record of this database: it holds no figures for that month. Choose {earliest} or later.</source>
        <translation>{month} 早于本数据库的第一条记录：数据库中没有该月的数字。请选择 {earliest} 或以后的月份。</translation>
    </message>
</context>
</TS>
