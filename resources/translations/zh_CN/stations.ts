<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Domain</name>
    <message>
        <source>A station code is 1–16 letters, digits, '-' or '_' (e.g. ST01).</source>
        <translation>群监站代码为 1–16 位字母、数字、“-”或“_”（如 ST01）。</translation>
    </message>
    <message>
        <source>Another record at the office has the same {columns}.</source>
        <translation>安全科已有另一条记录的 {columns} 与之相同。</translation>
    </message>
    <message>
        <source>Audit event #{seq} in the bundle does not hash to what it says: it was changed.</source>
        <translation>数据交换包中的审计事件 #{seq} 与其哈希值不符：已被改动。</translation>
    </message>
    <message>
        <source>Give the station a name.</source>
        <translation>请填写群监站名称。</translation>
    </message>
    <message>
        <source>It refers to {table} #{id} of the station, which the office does not hold.</source>
        <translation>它引用了群监站的 {table} #{id}，安全科没有这条记录。</translation>
    </message>
    <message>
        <source>Line {line} of the bundle's events is not an audit event ({error}).</source>
        <translation>数据交换包事件的第 {line} 行不是审计事件（{error}）。</translation>
    </message>
    <message>
        <source>Name the workstations the station serves (e.g. JK01,JK02).</source>
        <translation>请填写该群监站负责的工作站（如 JK01,JK02）。</translation>
    </message>
    <message>
        <source>No station {code} is registered.</source>
        <translation>没有登记代码为 {code} 的群监站。</translation>
    </message>
    <message>
        <source>No workstation {codes}: use the codes of the reference data.</source>
        <translation>没有工作站 {codes}：请使用基础资料中的代码。</translation>
    </message>
    <message>
        <source>Station {code} is registered already.</source>
        <translation>群监站 {code} 已经登记。</translation>
    </message>
    <message>
        <source>Station {code}'s event #{seq} in this bundle differs from the one the office holds: the station's database was restored from an old backup or changed. Nothing was taken in; the refusal is logged.</source>
        <translation>本数据交换包中群监站 {code} 的事件 #{seq} 与安全科保存的不一致：该站数据库曾从旧备份恢复或被改动。未导入任何内容；此次拒收已记入日志。</translation>
    </message>
    <message>
        <source>The bundle comes from a station this office does not know ({code}).</source>
        <translation>该数据交换包来自本安全科未登记的群监站（{code}）。</translation>
    </message>
    <message>
        <source>The bundle starts at event #{first}, but the office holds station {code}'s events only up to #{held}: an earlier bundle is missing. Write a new bundle at the station (it starts where the office left off).</source>
        <translation>该数据交换包从事件 #{first} 开始，但安全科只保存到群监站 {code} 的事件 #{held}：缺少更早的数据交换包。请在群监站重新生成数据交换包（会从安全科已收到之处接着开始）。</translation>
    </message>
    <message>
        <source>The bundle was signed by another key than station {code}'s.</source>
        <translation>该数据交换包不是用群监站 {code} 的密钥签名的。</translation>
    </message>
    <message>
        <source>The bundle was signed by another office key ({fingerprint}) than the one you were given.</source>
        <translation>该数据交换包的安全科密钥（{fingerprint}）与交给您的不一致。</translation>
    </message>
    <message>
        <source>The bundle's events do not match its manifest.</source>
        <translation>数据交换包中的事件与其清单不符。</translation>
    </message>
    <message>
        <source>The bundle's events jump from #{expected} to #{seq}: events are missing.</source>
        <translation>数据交换包中的事件从 #{expected} 跳到 #{seq}：缺少事件。</translation>
    </message>
    <message>
        <source>The bundle's signature cannot be read.</source>
        <translation>无法读取数据交换包的签名。</translation>
    </message>
    <message>
        <source>The enrolment bundle holds a line that is not reference data.</source>
        <translation>入网数据包中有一行不是基础资料。</translation>
    </message>
    <message>
        <source>The office already holds this record.</source>
        <translation>安全科已有这条记录。</translation>
    </message>
    <message>
        <source>The office has no signing key. Run: safetywatch office init --db DB</source>
        <translation>安全科没有签名密钥。请运行：safetywatch office init --db DB</translation>
    </message>
    <message>
        <source>The office holds another event #{seq} than this database: this station's chain was rewritten or restored. Nothing was taken in; call the safety office.</source>
        <translation>安全科保存的事件 #{seq} 与本数据库的不同：本站的审计链被改写或曾从备份恢复。未接收任何内容；请联系安全科。</translation>
    </message>
    <message>
        <source>The office holds no such record (its creation did not arrive).</source>
        <translation>安全科没有这条记录（它的新建事件尚未送达）。</translation>
    </message>
    <message>
        <source>The office runs another version of SafetyWatch (schema {theirs}, this PC {ours}): install the same version on both.</source>
        <translation>安全科使用的 SafetyWatch 版本不同（数据库结构 {theirs}，本机 {ours}）：请在两台电脑上安装相同版本。</translation>
    </message>
    <message>
        <source>The office's record changed since the station's copy ({columns}).</source>
        <translation>群监站所据的记录在安全科已被修改（{columns}）。</translation>
    </message>
    <message>
        <source>The station runs another version of SafetyWatch (schema {theirs}, the office {ours}): install the same version on both.</source>
        <translation>群监站使用的 SafetyWatch 版本不同（数据库结构 {theirs}，安全科 {ours}）：请在两台电脑上安装相同版本。</translation>
    </message>
    <message>
        <source>The station's event records no content.</source>
        <translation>群监站的该事件没有记录内容。</translation>
    </message>
    <message>
        <source>The station's key is not vouched for by its enrolment code: enrol the station again.</source>
        <translation>群监站的密钥与其入网码不符：请重新为该站办理入网。</translation>
    </message>
    <message>
        <source>This bundle is for another office.</source>
        <translation>该数据交换包是发给另一个安全科的。</translation>
    </message>
    <message>
        <source>This database is a station's; a station cannot become the office.</source>
        <translation>本数据库属于群监站；群监站不能设为安全科。</translation>
    </message>
    <message>
        <source>This database is not a station: only a station reads the office's reply.</source>
        <translation>本数据库不是群监站：只有群监站读取安全科的确认回执。</translation>
    </message>
    <message>
        <source>This database is not a station: only a station writes bundles for the office.</source>
        <translation>本数据库不是群监站：只有群监站为安全科生成数据交换包。</translation>
    </message>
    <message>
        <source>This database is not the office. Make it the office first: safetywatch office init --db DB</source>
        <translation>本数据库不是安全科。请先将其设为安全科：safetywatch office init --db DB</translation>
    </message>
    <message>
        <source>This database is not the office: only the office reads station bundles.</source>
        <translation>本数据库不是安全科：只有安全科导入群监站的数据交换包。</translation>
    </message>
    <message>
        <source>This database is not the office: only the office writes replies.</source>
        <translation>本数据库不是安全科：只有安全科生成确认回执。</translation>
    </message>
    <message>
        <source>This is not a reply from the office (it is a {kind} bundle).</source>
        <translation>这不是安全科的确认回执（而是 {kind} 类数据包）。</translation>
    </message>
    <message>
        <source>This is not a station's bundle (it is a {kind} bundle).</source>
        <translation>这不是群监站的数据交换包（而是 {kind} 类数据包）。</translation>
    </message>
    <message>
        <source>This is not an enrolment bundle (it is a {kind} bundle).</source>
        <translation>这不是入网数据包（而是 {kind} 类数据包）。</translation>
    </message>
    <message>
        <source>This reply is for station {code}, not for this one ({mine}).</source>
        <translation>该确认回执是发给群监站 {code} 的，不是本站（{mine}）的。</translation>
    </message>
    <message>
        <source>This station's enrolment is incomplete: enrol it again.</source>
        <translation>本站入网不完整：请重新办理入网。</translation>
    </message>
    <message>
        <source>{codes} already served by another station: one station numbers each workstation's records.</source>
        <translation>{codes} 已由其他群监站负责：每个工作站的记录只能由一个群监站编号。</translation>
    </message>
    <message>
        <source>{path} exists already: enrol into a new database file.</source>
        <translation>{path} 已存在：请入网到一个新的数据库文件。</translation>
    </message>
    <message>
        <source>{table} belongs to the office; a station's change to it is not applied.</source>
        <translation>{table} 归安全科管理；群监站对它的修改不予采用。</translation>
    </message>
    <message>
        <source>This change is not held (any more): reload the list.</source>
        <translation>这条改动已不在暂存中：请刷新列表。</translation>
    </message>
    <message>
        <source>Only a station's change to its own record that arrived stale can be taken over; keep the office's version for this one.</source>
        <translation>只有群监站对本站记录、因安全科已先改动而暂存的改动才能采用；这一条请保留安全科的版本。</translation>
    </message>
    <message>
        <source>The record of this held change is gone from the office.</source>
        <translation>这条暂存改动所涉及的记录在安全科已不存在。</translation>
    </message>
    <message>
        <source>This PC is a pit-head station: {table} comes from the safety office. Change it at the office; its next reply brings the change here.</source>
        <translation>本机是井口群监站：{table} 由安全科统一维护。请在安全科修改，安全科下一次的回执会把修改带到本机。</translation>
    </message>
    <message>
        <source>This station serves other workstations: a record of this one is entered at the station that serves it (or at the office).</source>
        <translation>本群监站不负责这个井口工作站：它的记录请在负责它的群监站（或安全科）录入。</translation>
    </message>
    <message>
        <source>The office holds this station's events up to #{seq}, but this database ends before that: it was restored from an older backup. Before entering more, ask the office for a recovery bundle (safetywatch station recover) and read it here.</source>
        <translation>安全科已收到本站至 #{seq} 的事件，但本数据库在此之前就结束了：它是从较早的备份恢复的。继续录入之前，请向安全科要一个恢复包（safetywatch station recover），在本机读入。</translation>
    </message>
    <message>
        <source>The office holds nothing of station {code} yet.</source>
        <translation>安全科尚未收到群监站 {code} 的任何事件。</translation>
    </message>
    <message>
        <source>This database's last event #{seq} is not the one the office holds: its history differs from what the office received. Nothing was taken in; call the safety office.</source>
        <translation>本数据库的最后一个事件 #{seq} 与安全科保存的不同：它的历史与安全科收到的不一致。未读入任何内容，请联系安全科。</translation>
    </message>
    <message>
        <source>This is not a recovery bundle (it is a {kind} bundle).</source>
        <translation>这不是恢复包（它是 {kind} 类交换包）。</translation>
    </message>
    <message>
        <source>Cancelled: nothing of the bundle was written.</source>
        <translation>已取消：这个交换包的内容一条也没有写入。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Cancelled: no bundle was written.</source>
        <translation>已取消：没有写出交换包。</translation>
    </message>
</context>
</TS>
