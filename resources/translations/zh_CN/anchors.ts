<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Anchors</name>
    <message>
        <source>Audit event #{seq} is dated {at}, {days} days before event #{previous} ({previous_at}): it was probably added later with a back-dated time, unless the PC's clock was set back by that much then.</source>
        <translation>审计事件 #{seq} 的时间为 {at}，比前一条事件 #{previous}（{previous_at}）早 {days} 天：它很可能是事后以倒填的时间添加的，除非当时这台电脑的时钟被往回调了这么多。</translation>
    </message>
    <message>
        <source>Audit chain head: {head}</source>
        <translation>审计链头：{head}</translation>
    </message>
    <message>
        <source>Audit event #{seq} or the one before it has no valid time ({at}).</source>
        <translation>审计事件 #{seq} 或其前一条事件没有有效的时间（{at}）。</translation>
    </message>
    <message>
        <source>Chain head on a printed report:</source>
        <translation>打印报表上的审计链锚点：</translation>
    </message>
    <message>
        <source>Compared with {count} anchors; the newest covers events up to #{seq} ({source}).</source>
        <translation>已与 {count} 个锚点核对；最新的锚点覆盖到事件 #{seq}（{source}）。</translation>
    </message>
    <message>
        <source>Events after #{seq} are not covered yet: a backup or a printed report covers them.</source>
        <translation>#{seq} 之后的事件尚无锚点覆盖：做一次备份或打印一份报表即可覆盖。</translation>
    </message>
    <message>
        <source>No anchor outside the database was found (closed month, backup, export or a printed head): the chain proves only that it is consistent in itself.</source>
        <translation>没有找到数据库之外的锚点（已关闭月份、备份、导出或打印的链头）：审计链只能证明其自身前后一致。</translation>
    </message>
    <message>
        <source>Numbers {missing} are missing below {number}, which SafetyWatch gave after them (it numbers on from the highest): those records were removed outside SafetyWatch.</source>
        <translation>编号 {missing} 缺失，而本程序在它们之后编出了 {number}（编号总是接着最大号往下编）：这些记录在本程序之外被删除。</translation>
    </message>
    <message>
        <source>Protective triggers were replaced outside SafetyWatch and no longer do what the program's schema says: {names}.</source>
        <translation>保护触发器在本程序之外被替换，已不再按程序的数据库结构起作用：{names}。</translation>
    </message>
    <message>
        <source>The audit chain head printed in the footer of a signed report (审计链锚点). The database is checked against it too: it proves that no event up to it was removed or rewritten since.</source>
        <translation>已签字报表页脚上打印的审计链锚点。数据库也会与它核对：可证明此后该锚点之前的事件没有被删除或改写。</translation>
    </message>
    <message>
        <source>The database runs code SafetyWatch does not create (added outside SafetyWatch): {names}.</source>
        <translation>数据库中有本程序不会创建的代码（在本程序之外添加）：{names}。</translation>
    </message>
    <message>
        <source>The stored report of closed month {month} cannot be read ({error}): its chain head was not compared.</source>
        <translation>已关闭月份 {month} 保存的报表无法读取（{error}）：未能核对其链头。</translation>
    </message>
    <message>
        <source>optional, e.g. #38014:3fa9c2d17b0e4a55</source>
        <translation>可不填，例如 #38014:3fa9c2d17b0e4a55</translation>
    </message>
    <message>
        <source>the close of {month} on {time}</source>
        <translation>{time} 对 {month} 的关账</translation>
    </message>
    <message>
        <source>the export {file} of {time}</source>
        <translation>{time} 的导出文件 {file}</translation>
    </message>
    <message>
        <source>the printed chain head {head}</source>
        <translation>打印的链头 {head}</translation>
    </message>
    <message>
        <source>the report of closed month {month}</source>
        <translation>已关闭月份 {month} 的报表</translation>
    </message>
    <message>
        <source>{label} is dated {date}, in {month}, which was closed at audit event #{close}, but it was created after that (event #{seq}). SafetyWatch refuses new records in a closed month (a correction goes to an open month): it was added outside SafetyWatch.</source>
        <translation>{label} 的日期为 {date}，属于 {month}；该月已在审计事件 #{close} 关闭，但这条记录是在其后（事件 #{seq}）创建的。本程序不允许在已关闭的月份新增记录（更正应登记在未关闭的月份）：它是在本程序之外添加的。</translation>
    </message>
    <message>
        <source>“{text}” is not a chain head: type it as printed in the report's footer, e.g. #38014:3fa9c2d17b0e4a55 (the event's number, a colon and at least the first 16 hex digits of its hash).</source>
        <translation>“{text}” 不是审计链头：请按报表页脚上打印的样子输入，例如 #38014:3fa9c2d17b0e4a55（事件编号、一个冒号，以及其哈希的至少前 16 位十六进制数字）。</translation>
    </message>
</context>
</TS>
