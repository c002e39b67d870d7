<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Report</name>
    <message>
        <source>Annual summary</source>
        <translation>年报</translation>
    </message>
    <message>
        <source>Close the year</source>
        <translation>关闭年度</translation>
    </message>
    <message>
        <source>Close the year…</source>
        <translation>关闭年度…</translation>
    </message>
    <message>
        <source>Close {year}? The annual summary is stored as it is printed now and every later print of it is that very summary. This cannot be undone.</source>
        <translation>关闭 {year} 年度？年报按现在打印的内容保存，以后每次打印都是这份年报。此操作不能撤销。</translation>
    </message>
    <message>
        <source>Counting the year's records…</source>
        <translation>正在统计本年记录…</translation>
    </message>
    <message>
        <source>Generating the annual summary of {year}…</source>
        <translation>正在生成 {year} 年报…</translation>
    </message>
    <message>
        <source>Records of {year} changed while the summary was printed; print it again.</source>
        <translation>打印年报期间 {year} 年的记录有变动；请重新打印。</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Statistic year</source>
        <translation>统计年度</translation>
    </message>
    <message>
        <source>The reprint of {year} differs from the summary printed at its close; check the program version.</source>
        <translation>{year} 年报的重印与关闭时打印的不一致；请检查程序版本。</translation>
    </message>
    <message>
        <source>{year} cannot be closed: {count} of its statistic months are still open ({months}). Close every month of the year first.</source>
        <translation>{year} 年度不能关闭：其中 {count} 个统计月份尚未关闭（{months}）。请先关闭该年的每个月份。</translation>
    </message>
    <message>
        <source>{year} has not begun: today ({today}) is in statistic month {current}.</source>
        <translation>{year} 年尚未开始：今天（{today}）属于统计月份 {current}。</translation>
    </message>
    <message>
        <source>{year} is already closed.</source>
        <translation>{year} 年度已关闭。</translation>
    </message>
    <message>
        <source>{year} is before the first record of this database: it holds no figures for that year. Choose {first} or later.</source>
        <translation>{year} 年早于本数据库的第一条记录：该年没有数据。请选择 {first} 年或以后。</translation>
    </message>
    <message>
        <source>{year} is not a year the program reports; type it as YYYY, e.g. 2025.</source>
        <translation>{year} 不是本程序可统计的年份；请按 YYYY 输入，例如 2025。</translation>
    </message>
    <message>
        <source>{year} is not closed.</source>
        <translation>{year} 年度未关闭。</translation>
    </message>
    <message>
        <source>{year} was closed by {who} ({at}). This is the summary printed then (SHA-256 {sha}…).</source>
        <translation>{year} 年度已由 {who} 关闭（{at}）。这是当时打印的年报（SHA-256 {sha}…）。</translation>
    </message>
</context>
</TS>
