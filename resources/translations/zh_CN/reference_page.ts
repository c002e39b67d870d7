<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ReferencePage</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Change entry {code}</source>
        <translation>修改条目 {code}</translation>
    </message>
    <message>
        <source>Changes to {code} saved.</source>
        <translation>{code} 的修改已保存。</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>New entry</source>
        <translation>新建条目</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>未保存：请更正红字标出的项目。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reference data</source>
        <translation>基础数据</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Retired entry {code}</source>
        <translation>已停用条目 {code}</translation>
    </message>
    <message>
        <source>Retired: {reason}</source>
        <translation>已停用：{reason}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The entry stays on old records but is no longer offered. Give the reason first.</source>
        <translation>停用后旧记录仍保留该条目，但不再供选择。请先填写原因。</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2026-06-10</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>required to change or retire an entry</source>
        <translation>修改或停用条目时必填</translation>
    </message>
    <message>
        <source>{code} created.</source>
        <translation>{code} 已新建。</translation>
    </message>
    <message>
        <source>{code} retired.</source>
        <translation>{code} 已停用。</translation>
    </message>
    <message>
        <source>{label} (optional)</source>
        <translation>{label}（选填）</translation>
    </message>
    <message>
        <source>{name} (retired)</source>
        <translation>{name}（已停用）</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>Active from</source>
        <translation>启用日期</translation>
    </message>
    <message>
        <source>Active to</source>
        <translation>停用日期</translation>
    </message>
    <message>
        <source>Appointed on</source>
        <translation>聘任日期</translation>
    </message>
    <message>
        <source>Branch chair</source>
        <translation>分会主任</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Default deadline (days)</source>
        <translation>默认整改期限（天）</translation>
    </message>
    <message>
        <source>Employee no.</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Ends (HH:MM)</source>
        <translation>结束（时:分）</translation>
    </message>
    <message>
        <source>Escalates to</source>
        <translation>督办上报至</translation>
    </message>
    <message>
        <source>Front line</source>
        <translation>一线</translation>
    </message>
    <message>
        <source>General (一般)</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>集团公司</translation>
    </message>
    <message>
        <source>Group leader</source>
        <translation>群监组长</translation>
    </message>
    <message>
        <source>Hazard categories</source>
        <translation>隐患专业</translation>
    </message>
    <message>
        <source>Hazard levels</source>
        <translation>隐患等级</translation>
    </message>
    <message>
        <source>Hazard natures</source>
        <translation>隐患性质</translation>
    </message>
    <message>
        <source>Hazard sources</source>
        <translation>隐患来源</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>群监员</translation>
    </message>
    <message>
        <source>Inspectors</source>
        <translation>群监员花名册</translation>
    </message>
    <message>
        <source>Left on</source>
        <translation>离任日期</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>一线/二线</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Major (重大)</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>矿</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>National grade</source>
        <translation>国家分级</translation>
    </message>
    <message>
        <source>Opened on</source>
        <translation>设立日期</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>组织机构</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>上级单位</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Receptionist</source>
        <translation>接待员</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Second line</source>
        <translation>二线</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Special inspector</source>
        <translation>特聘群监员</translation>
    </message>
    <message>
        <source>Starts (HH:MM)</source>
        <translation>开始（时:分）</translation>
    </message>
    <message>
        <source>Surface</source>
        <translation>地面</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Tree level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Unit / department</source>
        <translation>区队/科室</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>失效日期</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>井口工作站</translation>
    </message>
    <message>
        <source>Workstations</source>
        <translation>井口工作站</translation>
    </message>
</context>
</TS>
