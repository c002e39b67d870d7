<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HazardFormPage</name>
    <message>
        <source>= found date</source>
        <translation>= 发现日期</translation>
    </message>
    <message>
        <source>Amend hazard {number}</source>
        <translation>修改隐患 {number}</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Cancel amendment</source>
        <translation>取消修改</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>Contingency plan</source>
        <translation>应急预案</translation>
    </message>
    <message>
        <source>Correct the card, give the reason and press Enter to save.</source>
        <translation>请更正登记内容，填写修改原因，按回车键保存。</translation>
    </message>
    <message>
        <source>Criteria item</source>
        <translation>判定标准条款</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Enter or Ctrl+S</source>
        <translation>回车键或 Ctrl+S</translation>
    </message>
    <message>
        <source>Five fixes (五定)</source>
        <translation>五定</translation>
    </message>
    <message>
        <source>Fixed on site</source>
        <translation>现场整改</translation>
    </message>
    <message>
        <source>Found and fixed during the shift</source>
        <translation>当班发现、当班整改完毕</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>发现人</translation>
    </message>
    <message>
        <source>Found on</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Funds (yuan)</source>
        <translation>资金（元）</translation>
    </message>
    <message>
        <source>Hazard card</source>
        <translation>隐患登记卡</translation>
    </message>
    <message>
        <source>Hazard description</source>
        <translation>隐患内容</translation>
    </message>
    <message>
        <source>Hazard level</source>
        <translation>隐患等级</translation>
    </message>
    <message>
        <source>Hazard source</source>
        <translation>隐患来源</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>群监员</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Major hazard (五落实)</source>
        <translation>重大隐患（五落实）</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>性质</translation>
    </message>
    <message>
        <source>New hazard</source>
        <translation>新增隐患</translation>
    </message>
    <message>
        <source>Not on the roster: kept as a name</source>
        <translation>不在群监员花名册中，按姓名记录</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>未保存：请更正红字标出的项目。</translation>
    </message>
    <message>
        <source>Person to rectify</source>
        <translation>整改责任人</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <source>Rectification measures</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <source>Rectification standard</source>
        <translation>整改标准</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>备注说明</translation>
    </message>
    <message>
        <source>Responsibility</source>
        <translation>责任落实</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Saved changes to {number}</source>
        <translation>已保存对 {number} 的修改</translation>
    </message>
    <message>
        <source>Saved {number}</source>
        <translation>已保存 {number}</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Tab: next field · Enter: save (Ctrl+Enter in multi-line boxes) · Esc: clear the messages</source>
        <translation>Tab：下一项 · 回车：保存（多行框内用 Ctrl+回车） · Esc：清除提示</translation>
    </message>
    <message>
        <source>Type the amount in whole yuan, e.g. 5000.</source>
        <translation>请填写整数金额（元），例如 5000。</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>井口工作站</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2026-06-10</translation>
    </message>
    <message>
        <source>employee no. or name</source>
        <translation>工号或姓名</translation>
    </message>
    <message>
        <source>found date + {days} days</source>
        <translation>发现日期 + {days} 天</translation>
    </message>
    <message>
        <source>whole yuan, e.g. 5000</source>
        <translation>整元，例如 5000</translation>
    </message>
    <message>
        <source>why the registered card is being corrected</source>
        <translation>说明为什么要更正已登记的内容</translation>
    </message>
    <message>
        <source>“{text}” is not a date; type it as YYYY-MM-DD.</source>
        <translation>“{text}”不是有效日期，请按 YYYY-MM-DD（如 2026-06-10）填写。</translation>
    </message>
    <message>
        <source>“{text}” is not in the list for that date; choose an entry.</source>
        <translation>“{text}”不在该日期有效的列表中，请从列表中选择。</translation>
    </message>
</context>
</TS>
