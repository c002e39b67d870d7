<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>roster17</name>
    <message>
        <source>Visiting inspector</source>
        <translation>外站群监员</translation>
    </message>
    <message>
        <source>工号 of the inspector from another workstation who works this shift here:</source>
        <translation>本班在本站上岗的外站群监员的工号：</translation>
    </message>
    <message>
        <source>Visiting inspector… (Ctrl+I)</source>
        <translation>外站群监员… (Ctrl+I)</translation>
    </message>
    <message>
        <source>Add an inspector of another workstation who works this shift here.</source>
        <translation>添加本班在本站上岗的其他工作站群监员。</translation>
    </message>
    <message>
        <source>Ctrl+I: visiting inspector</source>
        <translation>Ctrl+I：外站群监员</translation>
    </message>
    <message>
        <source>No one on this sheet matches “{text}”.</source>
        <translation>本表没有与“{text}”相符的人。</translation>
    </message>
    <message>
        <source>工号 {number} {name} is not on this sheet (belongs to {workstation}).</source>
        <translation>工号 {number} {name} 不在本表（属 {workstation}）。</translation>
    </message>
    <message>
        <source>Ctrl+I adds a visiting inspector.</source>
        <translation>按 Ctrl+I 可添加为外站群监员。</translation>
    </message>
    <message>
        <source>工号 {number}… is not on this sheet.</source>
        <translation>工号 {number}… 不在本表。</translation>
    </message>
    <message>
        <source>工号 {number} is not on this sheet, nor on the roll.</source>
        <translation>工号 {number} 不在本表，也不在名册。</translation>
    </message>
    <message>
        <source>No inspector on the roll on {date} has the 工号 {number}.</source>
        <translation>{date} 名册上没有工号为 {number} 的群监员。</translation>
    </message>
    <message>
        <source>{who} ({workstation}) added on duty for this shift; Ctrl+S saves the sheet.</source>
        <translation>已将 {who}（{workstation}）添加为本班上岗；按 Ctrl+S 保存本表。</translation>
    </message>
    <message>
        <source>{who} is on this sheet already.</source>
        <translation>{who} 已在本表。</translation>
    </message>
    <message>
        <source>工号 {number} is not on the roll of inspectors: check the number, or type the person's name.</source>
        <translation>工号 {number} 不在群监员名册：请核对工号，或填写姓名。</translation>
    </message>
    <message>
        <source>{number} is the 工号 of inspector {name}: choose the inspector instead of typing a name.</source>
        <translation>{number} 是群监员 {name} 的工号：请从名单中选择该群监员，不要当作姓名填写。</translation>
    </message>
    <message>
        <source>{who} is not on this shift's sheet of the workstation.</source>
        <translation>{who} 不在本站该班的上岗登记表上。</translation>
    </message>
    <message>
        <source>{who} is not marked on duty on this shift's sheet of the workstation.</source>
        <translation>{who} 在本站该班的上岗登记表上未登记为上岗。</translation>
    </message>
    <message>
        <source>This looks like a 工号: type it in the 工号 field and the offender's name here.</source>
        <translation>这像是工号：请把工号填在“工号”栏，此处填写违章人姓名。</translation>
    </message>
    <message>
        <source>Save again to keep it anyway (Enter).</source>
        <translation>如确认无误，再次保存（回车）即可。</translation>
    </message>
    <message>
        <source>No inspector has this 工号</source>
        <translation>无此工号的群监员</translation>
    </message>
    <message>
        <source>Entered this sitting ({count}): tick each against its paper card.</source>
        <translation>本次录入（{count} 张）：逐张勾对纸质卡片。</translation>
    </message>
</context>
</TS>
