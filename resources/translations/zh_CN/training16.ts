<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Training</name>
    <message>
        <source>Already closed since {date}.</source>
        <translation>自 {date} 起已撤站。</translation>
    </message>
    <message>
        <source>Attending</source>
        <translation>参训人数</translation>
    </message>
    <message>
        <source>Choose a mine, not a unit or team.</source>
        <translation>请选择矿，不是区队或班组。</translation>
    </message>
    <message>
        <source>Choose the mine whose family assistants did it.</source>
        <translation>请选择开展此项协管活动的矿。</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>学时</translation>
    </message>
    <message>
        <source>Inspector training</source>
        <translation>网员培训</translation>
    </message>
    <message>
        <source>Inspectors attending</source>
        <translation>参训网员</translation>
    </message>
    <message>
        <source>More than one inspector is called {name} ({numbers}); give the employee no.</source>
        <translation>有多名群监员叫 {name}（{numbers}），请填写工号。</translation>
    </message>
    <message>
        <source>Must be after {start}.</source>
        <translation>须晚于 {start}。</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>授课人</translation>
    </message>
    <message>
        <source>This record was changed by someone else. Reload it and enter your change again.</source>
        <translation>此记录已被他人修改。请重新载入后再次录入您的修改。</translation>
    </message>
    <message>
        <source>This workstation is not closed.</source>
        <translation>此工作站未撤站。</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>培训内容</translation>
    </message>
    <message>
        <source>Training session saved.</source>
        <translation>培训记录已保存。</translation>
    </message>
    <message>
        <source>Workstation {code} was closed from {closed} until it reopened on {reopened}: it takes no records dated then.</source>
        <translation>工作站 {code} 自 {closed} 撤站，至 {reopened} 恢复：不能录入这期间日期的记录。</translation>
    </message>
    <message>
        <source>Workstation {code} was closed on {closed}: it takes no records dated from then on.</source>
        <translation>工作站 {code} 已于 {closed} 撤站：不能录入此日及以后日期的记录。</translation>
    </message>
    <message>
        <source>class hours (学时), e.g. 4</source>
        <translation>学时，如 4</translation>
    </message>
    <message>
        <source>employee nos. or names, separated by spaces</source>
        <translation>工号或姓名，用空格分隔</translation>
    </message>
    <message>
        <source>{count} attending: {names}</source>
        <translation>参训 {count} 人：{names}</translation>
    </message>
    <message>
        <source>{number} {name} is not on the roll of inspectors on {date}.</source>
        <translation>{number} {name} 在 {date} 不在群监员名册上。</translation>
    </message>
    <message>
        <source>{sessions} training sessions, {hours} class hours, {people} inspector attendances</source>
        <translation>网员培训 {sessions} 期，{hours} 学时，参训网员 {people} 人次</translation>
    </message>
    <message>
        <source>“{entry}” is neither the employee no. nor the name of an inspector.</source>
        <translation>“{entry}”既不是群监员的工号，也不是群监员的姓名。</translation>
    </message>
    <message>
        <source>Close station</source>
        <translation>撤站</translation>
    </message>
    <message>
        <source>Reopen station</source>
        <translation>恢复建站</translation>
    </message>
    <message>
        <source>Type the day and the reason first.</source>
        <translation>请先填写日期和原因。</translation>
    </message>
    <message>
        <source>Closed since {date}.</source>
        <translation>自 {date} 起撤站。</translation>
    </message>
    <message>
        <source>{code} restored.</source>
        <translation>{code} 已恢复建站。</translation>
    </message>
    <message>
        <source>{code} closed.</source>
        <translation>{code} 已撤站。</translation>
    </message>
    <message>
        <source>{code} has a record dated {date} ({record}): close it from the day after its last record, or void that record first.</source>
        <translation>{code} 有日期为 {date} 的记录（{record}）：请从最后一条记录的次日起撤站，或先作废该记录。</translation>
    </message>
    <message>
        <source>the shift sheet of {date}</source>
        <translation>{date} 的上岗表</translation>
    </message>
    <message>
        <source>A void closing is not brought in; leave the row out.</source>
        <translation>作废的撤站记录不导入；请删去该行。</translation>
    </message>
    <message>
        <source>Workstation closings</source>
        <translation>工作站撤站与恢复</translation>
    </message>
</context>
</TS>
