<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExchangePage</name>
    <message>
        <source>Reco&amp;very bundle…</source>
        <translation>写恢复包(&amp;V)…</translation>
    </message>
    <message>
        <source>For a station PC restored from an older backup: its own events as the office holds them</source>
        <translation>供从较早备份恢复的群监站使用：安全科保存的该站自己的事件</translation>
    </message>
    <message>
        <source>Where to write the recovery bundle for station {code}</source>
        <translation>群监站 {code} 的恢复包写到哪里</translation>
    </message>
    <message>
        <source>Recovery bundle for station {code} written: {path}. Read it at the station.</source>
        <translation>群监站 {code} 的恢复包已写出：{path}。请在该站读入。</translation>
    </message>
    <message>
        <source>Writing the recovery bundle…</source>
        <translation>正在写恢复包…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Not read: cancelled.</source>
        <translation>未读入：已取消。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Recovery bundle read: {count} of this station's own events taken back.</source>
        <translation>已读入恢复包：取回本站自己的事件 {count} 个。</translation>
    </message>
    <message>
        <source>&amp;Keep the office's version…</source>
        <translation>保留安全科的版本(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Take the station's version…</source>
        <translation>采用群监站的版本(&amp;T)…</translation>
    </message>
    <message>
        <source>Only for a change that arrived after the office changed the record</source>
        <translation>仅适用于安全科已先改动该记录、随后才到达的改动</translation>
    </message>
    <message>
        <source>Keep the office's version</source>
        <translation>保留安全科的版本</translation>
    </message>
    <message>
        <source>Take the station's version</source>
        <translation>采用群监站的版本</translation>
    </message>
    <message>
        <source>Why (kept with the decision and sent to the station):</source>
        <translation>原因（随处理结果保存，并发回群监站）：</translation>
    </message>
    <message>
        <source>Resolved; the station gets the decision with its next reply.</source>
        <translation>已处理；群监站会在下一次回执中收到处理结果。</translation>
    </message>
    <message>
        <source>Resolving…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Station {station}: events #{first}–#{last} were held already; nothing changed.</source>
        <translation>群监站 {station}：事件 #{first}–#{last} 已在安全科，未作任何改动。</translation>
    </message>
    <message>
        <source>Station {station}: {new} new events taken in, {applied} applied, {held} held for a person.</source>
        <translation>群监站 {station}：读入 {new} 个新事件，已应用 {applied} 个，{held} 个暂存待人工处理。</translation>
    </message>
    <message>
        <source>{count} records are dated in a closed month: listed as corrections in the next open month's report.</source>
        <translation>{count} 条记录的日期在已关闭的月份：已列入下一个未关闭月份月报的更正事项。</translation>
    </message>
    <message>
        <source>This PC keeps the whole ledger by itself: one PC doing everything needs nothing on this page.

Where pit-head stations keep their own PCs, the safety office's PC becomes the office: it registers each station, reads the bundles the stations bring on a USB stick, and writes their replies. Its records stay as they are.</source>
        <translation>本机独自记录全部台账：一台电脑完成所有工作时，本页无需任何操作。

如果各井口群监站有自己的电脑，就把安全科的电脑设为安全科（汇总端）：由它登记各群监站，读入群监站用 U 盘带来的交换包，并写回执。本机已有的记录保持不变。</translation>
    </message>
    <message>
        <source>&amp;Make this PC the safety office (collecting end)…</source>
        <translation>把本机设为安全科（汇总端）(&amp;M)…</translation>
    </message>
    <message>
        <source>Re&amp;gister a station…</source>
        <translation>登记群监站(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Read bundles…</source>
        <translation>读入交换包(&amp;R)…</translation>
    </message>
    <message>
        <source>One bundle &amp;file…</source>
        <translation>一个交换包文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Every bundle in a f&amp;older…</source>
        <translation>文件夹中的全部交换包(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Write replies…</source>
        <translation>写回执(&amp;W)…</translation>
    </message>
    <message>
        <source>A station's reply: what the office holds of it, and its changes</source>
        <translation>群监站的回执：安全科已收到它的哪些数据，以及安全科的改动</translation>
    </message>
    <message>
        <source>Stations</source>
        <translation>群监站</translation>
    </message>
    <message>
        <source>Held changes</source>
        <translation>暂存的改动</translation>
    </message>
    <message>
        <source>&amp;Write bundle for the office…</source>
        <translation>写交换包(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Read the office's reply…</source>
        <translation>读入安全科回执(&amp;R)…</translation>
    </message>
    <message>
        <source>No exchange yet since the program started.</source>
        <translation>本次启动程序以来尚未交换。</translation>
    </message>
    <message>
        <source>Make this PC the safety office</source>
        <translation>把本机设为安全科</translation>
    </message>
    <message>
        <source>This PC becomes the safety office: it registers stations and takes in their bundles. Its records stay as they are; a station's PC must not be made the office.

Make this PC the office?</source>
        <translation>本机将成为安全科（汇总端）：登记群监站并读入它们的交换包。本机已有的记录保持不变；群监站的电脑不能设为安全科。

把本机设为安全科吗？</translation>
    </message>
    <message>
        <source>Making this PC the office…</source>
        <translation>正在把本机设为安全科…</translation>
    </message>
    <message>
        <source>Writing the enrolment bundle…</source>
        <translation>正在写登记包…</translation>
    </message>
    <message>
        <source>Read a station's bundle</source>
        <translation>读入群监站的交换包</translation>
    </message>
    <message>
        <source>Read every bundle in a folder</source>
        <translation>读入文件夹中的全部交换包</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>已应用</translation>
    </message>
    <message>
        <source>applied, some held</source>
        <translation>已应用，部分暂存</translation>
    </message>
    <message>
        <source>already held</source>
        <translation>已收到过</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <source>Writing the reply…</source>
        <translation>正在写回执…</translation>
    </message>
    <message>
        <source>Where to write the bundle for the office</source>
        <translation>交换包写到哪里</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>正在写交换包…</translation>
    </message>
    <message>
        <source>Read the office's reply</source>
        <translation>读入安全科回执</translation>
    </message>
    <message>
        <source>Reading the reply…</source>
        <translation>正在读入回执…</translation>
    </message>
    <message>
        <source>Data exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Workstations</source>
        <translation>井口工作站</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>最后事件</translation>
    </message>
    <message>
        <source>Last bundle</source>
        <translation>最后交换包</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>暂存</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Bundles read:</source>
        <translation>读入的交换包：</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>群监站</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Station: before</source>
        <translation>群监站：改前</translation>
    </message>
    <message>
        <source>Station: after</source>
        <translation>群监站：改后</translation>
    </message>
    <message>
        <source>Office now</source>
        <translation>安全科现值</translation>
    </message>
    <message>
        <source>The selected change, the station's values beside the office's:</source>
        <translation>选中的改动（群监站的值与安全科的值并列）：</translation>
    </message>
    <message>
        <source>Take the bundle to the safety office on a USB stick. Each bundle starts where the office last acknowledged, so a lost or forgotten stick costs nothing: just write a new one.</source>
        <translation>用 U 盘把交换包带到安全科。每个交换包都从安全科最后确认的位置开始，U 盘丢了或忘带了都不要紧：重新写一个即可。</translation>
    </message>
    <message>
        <source>Last exchange:</source>
        <translation>最近一次交换：</translation>
    </message>
    <message>
        <source>The office has acknowledged nothing yet.</source>
        <translation>安全科尚未确认任何事件。</translation>
    </message>
    <message>
        <source>This PC is now the safety office. Register the stations next.</source>
        <translation>本机现在是安全科。下一步：登记各群监站。</translation>
    </message>
    <message>
        <source>Where to write the enrolment bundle</source>
        <translation>登记包写到哪里</translation>
    </message>
    <message>
        <source>No enrolment bundle was written.</source>
        <translation>未写登记包。</translation>
    </message>
    <message>
        <source>received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <source>awaiting first bundle</source>
        <translation>等待第一个交换包</translation>
    </message>
    <message>
        <source>Held changes ({count})</source>
        <translation>暂存的改动（{count}）</translation>
    </message>
    <message>
        <source>Station: {code} {name}</source>
        <translation>群监站：{code} {name}</translation>
    </message>
    <message>
        <source>Workstations: {codes}</source>
        <translation>井口工作站：{codes}</translation>
    </message>
    <message>
        <source>Fingerprint of the office key: {fingerprint}</source>
        <translation>安全科密钥指纹：{fingerprint}</translation>
    </message>
    <message>
        <source>Events not yet acknowledged: {count} (up to #{head}).</source>
        <translation>尚未被确认的事件：{count} 个（至 #{head}）。</translation>
    </message>
    <message>
        <source>Enrolment bundle written: {path}</source>
        <translation>登记包已写入：{path}</translation>
    </message>
    <message>
        <source>SafetyWatch bundles (*{suffix})</source>
        <translation>SafetyWatch 交换包 (*{suffix})</translation>
    </message>
    <message>
        <source>Reading {count} bundles…</source>
        <translation>正在读入 {count} 个交换包…</translation>
    </message>
    <message>
        <source>Where to write the reply for station {code}</source>
        <translation>群监站 {code} 的回执写到哪里</translation>
    </message>
    <message>
        <source>Bundle written: {path}. Take it to the safety office.</source>
        <translation>交换包已写入：{path}。请带到安全科。</translation>
    </message>
    <message>
        <source>Reply read: the office holds this station's events up to #{seq}; {changes} reference changes applied.</source>
        <translation>回执已读入：安全科已收到本站至 #{seq} 的事件；应用了 {changes} 项基础数据改动。</translation>
    </message>
    <message>
        <source>This PC works alone (standalone).</source>
        <translation>本机单机使用。</translation>
    </message>
    <message>
        <source>The office acknowledged this station's events up to #{seq}.</source>
        <translation>安全科已确认本站至 #{seq} 的事件。</translation>
    </message>
    <message>
        <source>No bundle ({suffix}) found in {paths}.</source>
        <translation>在 {paths} 中没有找到交换包（{suffix}）。</translation>
    </message>
    <message>
        <source>{file} was refused; nothing of it was written. {message}</source>
        <translation>{file} 被拒收，其中任何内容都未写入。{message}</translation>
    </message>
    <message>
        <source>Reply for station {code} written: {path}</source>
        <translation>群监站 {code} 的回执已写入：{path}</translation>
    </message>
    <message>
        <source>This PC is the safety office. Fingerprint of its key: {fingerprint}</source>
        <translation>本机是安全科（汇总端）。本机密钥指纹：{fingerprint}</translation>
    </message>
    <message>
        <source>The file could not be written or read: {error}</source>
        <translation>文件无法写入或读取：{error}</translation>
    </message>
    <message>
        <source>{refused} of {count} bundles were refused; nothing of them was written.</source>
        <translation>{count} 个交换包中有 {refused} 个被拒收，其中任何内容都未写入。</translation>
    </message>
    <message>
        <source>{count} bundles read.</source>
        <translation>已读入 {count} 个交换包。</translation>
    </message>
    <message>
        <source>This PC is station {code}.</source>
        <translation>本机是群监站 {code}。</translation>
    </message>
    <message>
        <source>changed at the office meanwhile</source>
        <translation>安全科已先行修改</translation>
    </message>
    <message>
        <source>not the station's record</source>
        <translation>不归该群监站管</translation>
    </message>
    <message>
        <source>held already under another record</source>
        <translation>安全科已有相同编号或代码的另一条记录</translation>
    </message>
    <message>
        <source>record missing at the office</source>
        <translation>安全科没有这条记录</translation>
    </message>
    <message>
        <source>in a closed month</source>
        <translation>在已关闭的月份</translation>
    </message>
    <message>
        <source>For the &amp;selected station…</source>
        <translation>给选中的群监站(&amp;S)…</translation>
    </message>
    <message>
        <source>For &amp;every station, into a folder…</source>
        <translation>给每个群监站，写入一个文件夹(&amp;E)…</translation>
    </message>
    <message>
        <source>Where to write the replies for every station</source>
        <translation>各群监站的回执写到哪里</translation>
    </message>
    <message>
        <source>Cancelled: {written} of {count} replies were written; write the rest again.</source>
        <translation>已取消：{count} 份回执中已写出 {written} 份；其余的请重新写。</translation>
    </message>
    <message>
        <source>{count} replies written into {folder}.</source>
        <translation>已将 {count} 份回执写入 {folder}。</translation>
    </message>
    <message>
        <source>Writing the replies…</source>
        <translation>正在写各群监站的回执…</translation>
    </message>
</context>
<context>
    <name>StationDialog</name>
    <message>
        <source>Register a station</source>
        <translation>登记群监站</translation>
    </message>
    <message>
        <source>e.g. No. 1 pit-head station</source>
        <translation>例如：一号井口站</translation>
    </message>
    <message>
        <source>Station &amp;code:</source>
        <translation>群监站代码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>登记(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Workstations it serves:</source>
        <translation>所管的井口工作站：</translation>
    </message>
    <message>
        <source>A station numbers the records of the workstations it serves; each workstation belongs to one station.</source>
        <translation>群监站为它所管的井口工作站的记录编号；每个井口工作站只属于一个群监站。</translation>
    </message>
</context>
<context>
    <name>EnrolmentCodeDialog</name>
    <message>
        <source>I have noted it down</source>
        <translation>我已记下</translation>
    </message>
    <message>
        <source>Enrolment code (read it to the station clerk; it is shown only once):</source>
        <translation>登记码（念给群监站录入员；只显示这一次）：</translation>
    </message>
    <message>
        <source>Fingerprint of the office key (the clerk compares it when enrolling):</source>
        <translation>安全科密钥指纹（录入员登记时核对）：</translation>
    </message>
    <message>
        <source>Enrolment code of station {code}</source>
        <translation>群监站 {code} 的登记码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Data exchange</source>
        <translation>数据交换</translation>
    </message>
</context>
</TS>
