<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Domain</name>
    <message>
        <source>A pit-head station serves this workstation: enter its records at that station (it numbers them); they reach the office with its next bundle.</source>
        <translation>该井口由群监站负责：请在该群监站录入其记录（编号由群监站给出）；记录随其下一个交换包到达安全科。</translation>
    </message>
    <message>
        <source>Add it at the office and write a new enrolment bundle (station enrolment), or change the records here to use one the office has.</source>
        <translation>请在安全科添加它并重新生成注册包（station enrolment），或在本机把记录改为安全科已有的条目。</translation>
    </message>
    <message>
        <source>Ask the office to let this station serve {code} (and write a new enrolment bundle), or void those records here.</source>
        <translation>请安全科让本群监站负责 {code}（并重新生成注册包），或在本机作废这些记录。</translation>
    </message>
    <message>
        <source>Correct it here or at the office (then write a new enrolment bundle) so both agree.</source>
        <translation>请在本机或安全科更正（之后重新生成注册包），使两边一致。</translation>
    </message>
    <message>
        <source>The copy of {path} kept before enrolling does not verify: nothing was changed.</source>
        <translation>注册前保留的 {path} 副本未通过校验：未做任何改动。</translation>
    </message>
    <message>
        <source>The joined database does not verify ({problem}); {path} was left as it was.</source>
        <translation>合并后的数据库未通过校验（{problem}）；{path} 保持原样。</translation>
    </message>
    <message>
        <source>The same workstation was numbered at the office and here: settle with the office which records are whose before joining.</source>
        <translation>同一井口在安全科和本机都编过号：加入前请与安全科确认哪些记录归谁。</translation>
    </message>
    <message>
        <source>differs from the office's ({differences}).</source>
        <translation>与安全科的不同（{differences}）。</translation>
    </message>
    <message>
        <source>the office holds numbers up to serial {held}; this PC's numbers start at {lowest}.</source>
        <translation>安全科已有的编号到序号 {held}；本机的编号从 {lowest} 开始。</translation>
    </message>
    <message>
        <source>this PC's records use it, and the office does not have it.</source>
        <translation>本机的记录用到了它，而安全科没有。</translation>
    </message>
    <message>
        <source>{count} records of a workstation this station will not serve.</source>
        <translation>{count} 条记录属于本群监站不负责的井口。</translation>
    </message>
    <message>
        <source>{path} could not be replaced ({error}): close every program that has it open and enrol again. It was not changed.</source>
        <translation>无法替换 {path}（{error}）：请关闭所有打开它的程序后重新注册。该文件未被改动。</translation>
    </message>
    <message>
        <source>{path} does not verify ({problem}): its records cannot be carried as they are. Restore a verified backup of it first (or keep it as evidence and enrol into a new file).</source>
        <translation>{path} 未通过校验（{problem}）：其记录不能原样带入。请先恢复一份已校验的备份（或将其留作证据，注册到新文件）。</translation>
    </message>
    <message>
        <source>{path} is already a station database: only a standalone database joins as a station.</source>
        <translation>{path} 已是群监站数据库：只有单机数据库可以作为群监站加入。</translation>
    </message>
    <message>
        <source>{path} is already an office database: only a standalone database joins as a station.</source>
        <translation>{path} 已是安全科（汇总端）数据库：只有单机数据库可以作为群监站加入。</translation>
    </message>
    <message>
        <source>{path} is open in another program (or was not closed cleanly): close SafetyWatch on this PC, open the database once and close it, then enrol again.</source>
        <translation>{path} 正被其他程序打开（或上次未正常关闭）：请关闭本机的 SafetyWatch，打开该数据库一次再关闭，然后重新注册。</translation>
    </message>
    <message>
        <source>{table} #{id} refers to {target} #{ref}, which could not be carried.</source>
        <translation>{table} #{id} 引用了 {target} #{ref}，后者无法带入。</translation>
    </message>
    <message>
        <source>refers to a voided record of a workstation this station will not serve.</source>
        <translation>引用了本群监站不负责的井口的一条已作废记录。</translation>
    </message>
    <message>
        <source>Remove the reference here (amend the record), or ask the office to let this station serve that workstation.</source>
        <translation>请在本机去掉这个引用（更正该记录），或请安全科让本群监站负责那个井口。</translation>
    </message>
</context>
</TS>
