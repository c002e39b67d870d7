<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Bundles</name>
    <message>
        <source>It was not written by SafetyWatch, or it was changed or damaged on the way; it was not opened. Copy it again from the PC that wrote it.</source>
        <translation>它不是 SafetyWatch 写的，或在传递途中被改动、损坏；未打开该文件。请从写出它的电脑重新复制。</translation>
    </message>
    <message>
        <source>The bundle contains a file with a name that is not allowed (“{name}”).</source>
        <translation>交换包中有名称不允许的文件（“{name}”）。</translation>
    </message>
    <message>
        <source>The bundle contains a folder (“{name}”).</source>
        <translation>交换包中含有文件夹（“{name}”）。</translation>
    </message>
    <message>
        <source>The bundle contains a link (“{name}”).</source>
        <translation>交换包中含有链接（“{name}”）。</translation>
    </message>
    <message>
        <source>The bundle contains a path outside the bundle (“{name}”).</source>
        <translation>交换包中含有指向包外的路径（“{name}”）。</translation>
    </message>
    <message>
        <source>The bundle contains an encrypted file (“{name}”).</source>
        <translation>交换包中含有加密的文件（“{name}”）。</translation>
    </message>
    <message>
        <source>The bundle contains “{name}” twice.</source>
        <translation>交换包中“{name}”出现了两次。</translation>
    </message>
    <message>
        <source>The bundle contains “{name}”, which its manifest does not list.</source>
        <translation>交换包中含有清单未列出的“{name}”。</translation>
    </message>
    <message>
        <source>The bundle could not be written to {path} ({error}). Check that the drive is still plugged in, has free space and is not write-protected, then write the bundle again.</source>
        <translation>交换包无法写入 {path}（{error}）。请检查驱动器（如U盘）是否仍插着、是否有剩余空间、是否未写保护，然后重新写出交换包。</translation>
    </message>
    <message>
        <source>The bundle file could not be read ({error}); {copy_again}.</source>
        <translation>无法读取交换包文件（{error}）；{copy_again}。</translation>
    </message>
    <message>
        <source>The bundle file does not exist: check the drive and the file name, or {copy_again}.</source>
        <translation>交换包文件不存在：请检查驱动器和文件名，或{copy_again}。</translation>
    </message>
    <message>
        <source>The bundle file is damaged or incomplete (the copy may have been cut short); {copy_again}.</source>
        <translation>交换包文件已损坏或不完整（可能复制被中断）；{copy_again}。</translation>
    </message>
    <message>
        <source>The bundle file is empty (0 bytes): the copy did not finish; {copy_again}.</source>
        <translation>交换包文件是空的（0 字节）：复制没有完成；{copy_again}。</translation>
    </message>
    <message>
        <source>The bundle has more entries than the {max} allowed.</source>
        <translation>交换包中的条目多于允许的 {max} 个。</translation>
    </message>
    <message>
        <source>The bundle has no {name}.</source>
        <translation>交换包中没有 {name}。</translation>
    </message>
    <message>
        <source>The bundle lacks “{name}”, which its manifest lists: it is incomplete; {copy_again}.</source>
        <translation>交换包缺少清单中列出的“{name}”：交换包不完整；{copy_again}。</translation>
    </message>
    <message>
        <source>The bundle was written by a newer SafetyWatch (bundle format {version}; this program reads format {supported}). Update SafetyWatch on this PC, then read the bundle again.</source>
        <translation>该交换包由更新版本的 SafetyWatch 写出（交换包格式 {version}；本程序只能读取格式 {supported}）。请先升级这台电脑上的 SafetyWatch，再重新读取交换包。</translation>
    </message>
    <message>
        <source>The bundle's format version “{version}” is not a known one.</source>
        <translation>交换包的格式版本“{version}”无法识别。</translation>
    </message>
    <message>
        <source>The bundle's manifest.json has no valid list of members.</source>
        <translation>交换包的 manifest.json 中没有有效的文件列表。</translation>
    </message>
    <message>
        <source>The bundle's manifest.json is not a JSON object.</source>
        <translation>交换包的 manifest.json 不是 JSON 对象。</translation>
    </message>
    <message>
        <source>The bundle's manifest.json is not valid JSON.</source>
        <translation>交换包的 manifest.json 不是有效的 JSON。</translation>
    </message>
    <message>
        <source>The bundle's signature (manifest.sig) is not an Ed25519 signature.</source>
        <translation>交换包的签名（manifest.sig）不是 Ed25519 签名。</translation>
    </message>
    <message>
        <source>The bundle's signature does not match: it was changed after it was signed, or another PC signed it. Do not use it; ask for a new bundle from the PC that should have written it.</source>
        <translation>交换包的签名不符：它在签名后被改动过，或是由另一台电脑签名的。请勿使用；请让本应写出它的电脑重新写出交换包。</translation>
    </message>
    <message>
        <source>The file has {size} bytes, more than the {max} a bundle may have: it is not a SafetyWatch bundle.</source>
        <translation>该文件有 {size} 字节，超过交换包允许的 {max} 字节：它不是 SafetyWatch 交换包。</translation>
    </message>
    <message>
        <source>This file is not a SafetyWatch bundle (it is not a zip file).</source>
        <translation>该文件不是 SafetyWatch 交换包（不是 zip 文件）。</translation>
    </message>
    <message>
        <source>This is a folder, not a bundle file: choose the {suffix} file in it.</source>
        <translation>这是文件夹，不是交换包文件：请选择其中的 {suffix} 文件。</translation>
    </message>
    <message>
        <source>This is not a SafetyWatch exchange bundle (its format is “{format}”).</source>
        <translation>这不是 SafetyWatch 交换包（其格式为“{format}”）。</translation>
    </message>
    <message>
        <source>This is not a file but a device or a pipe: choose the bundle file.</source>
        <translation>这不是文件，而是设备或管道：请选择交换包文件。</translation>
    </message>
    <message>
        <source>copy it again from the PC that wrote it</source>
        <translation>请从写出它的电脑重新复制</translation>
    </message>
    <message>
        <source>“{name}” in the bundle differs from what its manifest lists (size or SHA-256): the bundle was changed or damaged after it was written; {copy_again}.</source>
        <translation>交换包中的“{name}”与清单所列不符（大小或 SHA-256）：交换包在写出后被改动或损坏；{copy_again}。</translation>
    </message>
    <message>
        <source>“{name}” in the bundle is compressed in a way SafetyWatch does not write.</source>
        <translation>交换包中的“{name}”使用了 SafetyWatch 不会使用的压缩方式。</translation>
    </message>
    <message>
        <source>“{name}” in the bundle unpacks to more than {max} bytes.</source>
        <translation>交换包中的“{name}”解压后超过 {max} 字节。</translation>
    </message>
    <message>
        <source>“{name}” in the bundle unpacks to more than {ratio} times its packed size (a zip bomb).</source>
        <translation>交换包中的“{name}”解压后超过其压缩大小的 {ratio} 倍（zip 炸弹）。</translation>
    </message>
</context>
</TS>
