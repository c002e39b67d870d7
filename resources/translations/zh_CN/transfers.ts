<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Domain</name>
    <message>
        <source>The safety office took this record over on {date} ({reason}): it is read-only here. Ask the office to change it.</source>
        <translation>此记录已由安全科于 {date} 接管（{reason}），在本站只读：请到安全科处理。</translation>
    </message>
    <message>
        <source>taken over by the office for {action}</source>
        <translation>安全科办理“{action}”时接管</translation>
    </message>
    <message>
        <source>The safety office closed {month}: its records cannot be entered or changed here. Tell the office; it enters a correction in an open month.</source>
        <translation>安全科已关闭 {month}：本站不能再录入或修改该月的记录。请告知安全科，由安全科在未关闭的月份录入更正。</translation>
    </message>
    <message>
        <source>The office took this record over on {date} ({reason}); the station changed it before it read the reply.</source>
        <translation>安全科已于 {date} 接管此记录（{reason}）；群监站在读取回执之前修改了它。</translation>
    </message>
    <message>
        <source>{table} is not a record a station enters.</source>
        <translation>{table} 不是群监站录入的记录。</translation>
    </message>
    <message>
        <source>No station record has the number or uuid {record}.</source>
        <translation>没有编号或 UUID 为 {record} 的群监站记录。</translation>
    </message>
    <message>
        <source>This database is not the office: only the office takes records over.</source>
        <translation>此数据库不是安全科：只有安全科可以接管记录。</translation>
    </message>
    <message>
        <source>{record} was entered at the office, not at a station: it is the office's already.</source>
        <translation>{record} 是在安全科录入的，不是群监站的记录：它本来就归安全科。</translation>
    </message>
    <message>
        <source>The office took {record} over already on {date} ({reason}).</source>
        <translation>安全科已于 {date} 接管 {record}（{reason}）。</translation>
    </message>
    <message>
        <source>Dated {day}: it reached the office from station {station} after {month} was closed, so {month}'s report does not count it.</source>
        <translation>日期 {day}：群监站 {station} 的这条记录在 {month} 关账后才送到安全科，{month} 的月报未计入。</translation>
    </message>
    <message>
        <source>Station {station}'s bundle {sha256}.</source>
        <translation>群监站 {station} 的交换包 {sha256}。</translation>
    </message>
    <message>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>amended</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>taken over by the office</source>
        <translation>已由安全科接管</translation>
    </message>
</context>
</TS>
