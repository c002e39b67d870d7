<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Exchange</name>
    <message>
        <source> (only the first are listed)</source>
        <translation>（仅列出前面的部分）</translation>
    </message>
    <message>
        <source>A hazard with status voided must have voided = 1 and a reason.</source>
        <translation>状态为已作废（voided）的隐患，须填 voided = 1 并写明作废原因。</translation>
    </message>
    <message>
        <source>A hazard with status “{status}” has nothing here; leave it empty or correct the status.</source>
        <translation>状态为“{status}”的隐患此处不应有内容；请留空或更正状态。</translation>
    </message>
    <message>
        <source>Allowances (approved)</source>
        <translation>津贴（已审批）</translation>
    </message>
    <message>
        <source>Audit event #{seq} has another hash than at export time: the audit chain was rewritten.</source>
        <translation>审计事件 #{seq} 的哈希与导出时不同：审计链被重写过。</translation>
    </message>
    <message>
        <source>Audit event #{seq} of the manifest's chain head is not in the database.</source>
        <translation>清单中审计链头所指的审计事件 #{seq} 不在此数据库中。</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>审计事件</translation>
    </message>
    <message>
        <source>Automatic (UTF-8, else GB18030)</source>
        <translation>自动（UTF-8，否则 GB18030）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>CSV or XLSX file in the export format</source>
        <translation>导出格式的 CSV 或 XLSX 文件</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cannot read the manifest {path}: {error}</source>
        <translation>无法读取清单 {path}：{error}</translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <source>Cannot write {path}: {error}. Nothing was exported.</source>
        <translation>无法写入 {path}：{error}。未导出任何内容。</translation>
    </message>
    <message>
        <source>Changed since (UTC)</source>
        <translation>修改时间不早于（UTC）</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Choose a file and check it. Nothing is written until you import it.</source>
        <translation>请选择文件并检查。点击“导入”之前不会写入任何内容。</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>请选择要保存的文件。</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Could not make a working copy of the database in the temporary folder {folder} ({error}). Free some space there and try again; nothing was written.</source>
        <translation>无法在临时文件夹 {folder} 中建立数据库的工作副本（{error}）。请腾出空间后重试；未写入任何内容。</translation>
    </message>
    <message>
        <source>Duty records</source>
        <translation>上岗记录</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Event date from</source>
        <translation>业务日期从</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Export records</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Family activities</source>
        <translation>女工家属协管活动</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>File to write</source>
        <translation>要保存的文件</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Hazard follow-up steps</source>
        <translation>隐患跟踪步骤</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import records</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Imported from a register</source>
        <translation>从台账导入</translation>
    </message>
    <message>
        <source>Imported from {file} (SHA-256 {sha256})</source>
        <translation>从 {file} 导入（SHA-256 {sha256}）</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Line no.</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Line {line} is neither UTF-8 nor GB18030 text; save the file as CSV UTF-8 and import it again.</source>
        <translation>第 {line} 行既不是 UTF-8 也不是 GB18030 文本；请将文件另存为“CSV UTF-8”后重新导入。</translation>
    </message>
    <message>
        <source>Longer than {max} characters.</source>
        <translation>超过 {max} 个字符。</translation>
    </message>
    <message>
        <source>Lookup lists</source>
        <translation>代码表</translation>
    </message>
    <message>
        <source>More than {max} rows: split the file and import the parts one after another.</source>
        <translation>超过 {max} 行：请拆分文件后逐个导入。</translation>
    </message>
    <message>
        <source>Not a UUID; leave it empty for a new record.</source>
        <translation>不是有效的 UUID；新记录请留空。</translation>
    </message>
    <message>
        <source>Not a date; {forms}.</source>
        <translation>不是有效日期；{forms}。</translation>
    </message>
    <message>
        <source>Not a time; write it as HH:MM (08:30 or 8:30).</source>
        <translation>不是有效时间，请写成“时:分”，如 08:30 或 8:30。</translation>
    </message>
    <message>
        <source>Not valid CSV: {error}</source>
        <translation>不是有效的 CSV：{error}</translation>
    </message>
    <message>
        <source>Only a void hazard is a duplicate of another.</source>
        <translation>只有已作废的隐患才能是另一条隐患的重复登记。</translation>
    </message>
    <message>
        <source>Only a void record has a void reason.</source>
        <translation>只有已作废的记录才有作废原因。</translation>
    </message>
    <message>
        <source>Other users saved records while this was being prepared, {attempts} times in a row, so nothing was written. Try again when fewer people are entering records.</source>
        <translation>准备期间其他用户连续 {attempts} 次保存了记录，因此未写入任何内容。请在录入的人较少时再试。</translation>
    </message>
    <message>
        <source>Record kind</source>
        <translation>记录类别</translation>
    </message>
    <message>
        <source>Reports (汇报)</source>
        <translation>汇报</translation>
    </message>
    <message>
        <source>Required for a hazard with status “{status}”.</source>
        <translation>状态为“{status}”的隐患须填写此项。</translation>
    </message>
    <message>
        <source>SHA-256 differs: the file was changed after the export.</source>
        <translation>SHA-256 不一致：文件在导出后被修改过。</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Shift sheets</source>
        <translation>上岗汇报表</translation>
    </message>
    <message>
        <source>Size differs: {actual} bytes, the manifest says {expected}.</source>
        <translation>大小不一致：{actual} 字节，清单记载为 {expected}。</translation>
    </message>
    <message>
        <source>Squad checks</source>
        <translation>小分队检查</translation>
    </message>
    <message>
        <source>The end date is before the start date.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>The end of the modified range is before its start.</source>
        <translation>修改时间范围的结束早于开始。</translation>
    </message>
    <message>
        <source>The exported file {file} is missing.</source>
        <translation>导出文件 {file} 不存在。</translation>
    </message>
    <message>
        <source>The file contains NUL bytes (line {line}): it is not a CSV text file (UTF-16 or binary?).</source>
        <translation>文件含有 NUL 字节（第 {line} 行）：不是 CSV 文本文件（可能是 UTF-16 或二进制文件）。</translation>
    </message>
    <message>
        <source>The file is UTF-16 or UTF-32; save it as CSV UTF-8 and import it again.</source>
        <translation>文件是 UTF-16 或 UTF-32 编码；请另存为“CSV UTF-8”后重新导入。</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <source>The file is {size} MiB; at most {max} MiB can be imported at once. Split it.</source>
        <translation>文件大小为 {size} MiB，一次最多可导入 {max} MiB。请拆分文件。</translation>
    </message>
    <message>
        <source>The file says it is UTF-8 but line {line} is not; save it as CSV UTF-8 again.</source>
        <translation>文件标明为 UTF-8，但第 {line} 行不是；请重新另存为“CSV UTF-8”。</translation>
    </message>
    <message>
        <source>The file starts with a UTF-8 mark but GB18030 was chosen.</source>
        <translation>文件以 UTF-8 标记开头，但选择的是 GB18030。</translation>
    </message>
    <message>
        <source>The hazard's steps give “{value}” here (status “{status}”).</source>
        <translation>按该隐患的闭环步骤，此处应为“{value}”（状态“{status}”）。</translation>
    </message>
    <message>
        <source>The header does not match the documented columns ({details}). Export one to see them (Chinese headers or machine keys).</source>
        <translation>表头与规定的列不符（{details}）。可先导出一份查看正确的列（中文表头或机器键名均可）。</translation>
    </message>
    <message>
        <source>The header row differs from the manifest's columns.</source>
        <translation>表头与清单记载的列不同。</translation>
    </message>
    <message>
        <source>The ledger keeps times to the minute; remove the seconds.</source>
        <translation>台账的时间只记到分钟，请删去秒。</translation>
    </message>
    <message>
        <source>The number must be {prefix} and a serial (workstation and year of the record).</source>
        <translation>编号须为 {prefix} 加流水号（记录的工作站和年份）。</translation>
    </message>
    <message>
        <source>The same record as line {line}.</source>
        <translation>与第 {line} 行是同一条记录。</translation>
    </message>
    <message>
        <source>This column holds a day, not a time of day; remove “{time}”.</source>
        <translation>此列只记日期，不记时刻；请删去“{time}”。</translation>
    </message>
    <message>
        <source>Tour problems</source>
        <translation>巡视问题</translation>
    </message>
    <message>
        <source>Tours</source>
        <translation>职工代表巡视</translation>
    </message>
    <message>
        <source>Unknown encoding “{encoding}”; use utf-8 or gb18030.</source>
        <translation>未知编码“{encoding}”；请用 utf-8 或 gb18030。</translation>
    </message>
    <message>
        <source>Unknown format “{format}”; use csv or xlsx.</source>
        <translation>未知格式“{format}”；请用 csv 或 xlsx。</translation>
    </message>
    <message>
        <source>Unknown kind “{kind}”; choose one of: {kinds}.</source>
        <translation>未知类别“{kind}”；可选：{kinds}。</translation>
    </message>
    <message>
        <source>Unknown list “{list}”.</source>
        <translation>未知代码表“{list}”。</translation>
    </message>
    <message>
        <source>Unknown status “{status}”.</source>
        <translation>未知状态“{status}”。</translation>
    </message>
    <message>
        <source>Write 1 (yes) or 0 (no).</source>
        <translation>请填 1（是）或 0（否）。</translation>
    </message>
    <message>
        <source>line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <source>missing columns: {names}</source>
        <translation>缺少列：{names}</translation>
    </message>
    <message>
        <source>repeated columns: {names}</source>
        <translation>重复的列：{names}</translation>
    </message>
    <message>
        <source>the columns are in another order</source>
        <translation>列的顺序不对</translation>
    </message>
    <message>
        <source>unknown columns: {names}</source>
        <translation>未知的列：{names}</translation>
    </message>
    <message>
        <source>write it as YYYY-MM-DD (2026-01-05), YYYY/M/D (2026/1/5) or YYYY年M月D日 (2026年1月5日)</source>
        <translation>请写成 YYYY-MM-DD（2026-01-05）、YYYY/M/D（2026/1/5）或 YYYY年M月D日（2026年1月5日）</translation>
    </message>
    <message>
        <source>{actual} rows, the manifest says {expected}.</source>
        <translation>{actual} 行，清单记载为 {expected} 行。</translation>
    </message>
    <message>
        <source>{count} problems found{more}; nothing was imported. Correct the file and check it again.</source>
        <translation>发现 {count} 个问题{more}；未导入任何内容。请修改文件后重新检查。</translation>
    </message>
    <message>
        <source>{created} records imported, {present} were already present.
File SHA-256 {sha256}</source>
        <translation>已导入 {created} 条记录，{present} 条已存在。
文件 SHA-256 {sha256}</translation>
    </message>
    <message>
        <source>{done} of {total} rows written…</source>
        <translation>已写入 {done} / {total} 行…</translation>
    </message>
    <message>
        <source>{fields} fields; the header has {columns}.</source>
        <translation>有 {fields} 个字段；表头有 {columns} 列。</translation>
    </message>
    <message>
        <source>{kind} cannot be imported; importable kinds: {kinds}.</source>
        <translation>{kind} 不能导入；可导入的类别：{kinds}。</translation>
    </message>
    <message>
        <source>{kind} has no event date; filter it by the modified time instead.</source>
        <translation>{kind} 没有业务日期；请改按修改时间筛选。</translation>
    </message>
    <message>
        <source>{number} is already used by another record.</source>
        <translation>{number} 已被另一条记录使用。</translation>
    </message>
    <message>
        <source>{path} is not a SafetyWatch export manifest.</source>
        <translation>{path} 不是 SafetyWatch 导出清单。</translation>
    </message>
    <message>
        <source>{rows} rows checked ({encoding}): {created} new, {present} already present. Import them?</source>
        <translation>已检查 {rows} 行（{encoding}）：新增 {created} 条，已存在 {present} 条。是否导入？</translation>
    </message>
    <message>
        <source>{rows} rows do not fit in one XLSX sheet (at most {max}); export CSV or narrow the filters.</source>
        <translation>{rows} 行超出一个 XLSX 工作表的容量（最多 {max} 行）；请导出 CSV 或缩小筛选范围。</translation>
    </message>
    <message>
        <source>{rows} rows written to {file}.
SHA-256 {sha256}
Manifest: {manifest}</source>
        <translation>已将 {rows} 行写入 {file}。
SHA-256 {sha256}
清单：{manifest}</translation>
    </message>
    <message>
        <source>{text} is not a day of the calendar; check the month and the day.</source>
        <translation>{text} 不是日历上的日期，请检查月和日。</translation>
    </message>
    <message>
        <source>“{code}” is already used for “{name}”.</source>
        <translation>“{code}”已用于“{name}”。</translation>
    </message>
    <message>
        <source>“{code}” is not in this database.</source>
        <translation>此数据库中没有“{code}”。</translation>
    </message>
    <message>
        <source>三违</source>
        <translation>三违</translation>
    </message>
    <message>
        <source>三违 handling</source>
        <translation>三违处理</translation>
    </message>
    <message>
        <source>{folder} already holds {files}: give an empty folder for the demo.</source>
        <translation>{folder} 中已有 {files}：请为演示数据指定一个空文件夹。</translation>
    </message>
    <message>
        <source>A suggestion not yet reviewed has no review; leave it empty or give the status.</source>
        <translation>未评审的建议没有评审内容；请留空或填写状态。</translation>
    </message>
    <message>
        <source>A tour problem's hazard is not kept by this version; leave it empty.</source>
        <translation>本版本不保存巡视问题的关联隐患；请留空。</translation>
    </message>
    <message>
        <source>Another sheet than line {line} with the same sheet UUID.</source>
        <translation>与第 {line} 行班表 UUID 相同，但不是同一张班表。</translation>
    </message>
    <message>
        <source>Machine keys and codes as headers (for programs)</source>
        <translation>表头和取值用机器键名和代码（供程序读取）</translation>
    </message>
    <message>
        <source>Not a UUID; leave it empty for a new shift sheet.</source>
        <translation>不是 UUID；新班表请留空。</translation>
    </message>
    <message>
        <source>Not an XLSX workbook ({error}); save it as .xlsx or CSV again.</source>
        <translation>不是 XLSX 工作簿（{error}）；请重新另存为 .xlsx 或 CSV。</translation>
    </message>
    <message>
        <source>Only an adopted suggestion is implemented; correct the status.</source>
        <translation>只有已采纳的建议才能实施；请更正状态。</translation>
    </message>
    <message>
        <source>Required: the UUID of the tour (import the tours first).</source>
        <translation>必填：巡视的 UUID（请先导入巡视）。</translation>
    </message>
    <message>
        <source>Row {row} refers to a text the workbook does not have.</source>
        <translation>第 {row} 行引用了工作簿中不存在的文本。</translation>
    </message>
    <message>
        <source>The workbook has a cell named “{ref}”; it is damaged.</source>
        <translation>工作簿中有名为“{ref}”的单元格；文件已损坏。</translation>
    </message>
    <message>
        <source>The workbook has no sheet.</source>
        <translation>工作簿中没有工作表。</translation>
    </message>
    <message>
        <source>The workbook has {count} parts; a real one has far fewer.</source>
        <translation>工作簿含 {count} 个部件；正常的工作簿远少于此。</translation>
    </message>
    <message>
        <source>The workbook is damaged ({error}).</source>
        <translation>工作簿已损坏（{error}）。</translation>
    </message>
    <message>
        <source>The workbook part {part} unpacks to more than it declares.</source>
        <translation>工作簿部件 {part} 解压后超过其声明的大小。</translation>
    </message>
    <message>
        <source>The workbook part {part} unpacks to {size} MiB from {packed} KiB: refused as a zip bomb.</source>
        <translation>工作簿部件 {part} 由 {packed} KiB 解压为 {size} MiB：视为压缩炸弹，拒绝导入。</translation>
    </message>
    <message>
        <source>The workbook's XML declares a DTD or entities; such a file is refused.</source>
        <translation>工作簿的 XML 声明了 DTD 或实体；拒绝此类文件。</translation>
    </message>
    <message>
        <source>The workbook's XML is damaged ({error}).</source>
        <translation>工作簿的 XML 已损坏（{error}）。</translation>
    </message>
    <message>
        <source>This shift sheet is in the database with other marks.</source>
        <translation>数据库中已有此班表，但标记不同。</translation>
    </message>
    <message>
        <source>This shift sheet is void in the database; its marks no longer count.</source>
        <translation>此班表在数据库中已作废；其标记不再计入。</translation>
    </message>
    <message>
        <source>This workstation already has a shift sheet for that day and shift (UUID {uuid}).</source>
        <translation>该工作站当天该班次已有班表（UUID {uuid}）。</translation>
    </message>
    <message>
        <source>Unknown header set “{headers}”; use labels or keys.</source>
        <translation>未知的表头类型“{headers}”；请用 labels 或 keys。</translation>
    </message>
</context>
</TS>
