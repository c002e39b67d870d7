<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HazardTableModel</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>隐患内容</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>专业</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Rectifier</source>
        <translation>整改责任人</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>发现人</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>挂牌督办</translation>
    </message>
    <message>
        <source>Overdue by {days} days (deadline {deadline})</source>
        <translation>逾期 {days} 天（整改期限 {deadline}）</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>{action} – {number}</source>
        <translation>{action} – {number}</translation>
    </message>
    <message>
        <source>{number}  {status}  deadline {deadline}
{description}</source>
        <translation>{number}  {status}  整改期限 {deadline}
{description}</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Blank: TZ-{number}</source>
        <translation>不填则为 TZ-{number}</translation>
    </message>
    <message>
        <source>Notice no.</source>
        <translation>通知单号</translation>
    </message>
    <message>
        <source>New deadline</source>
        <translation>新整改期限</translation>
    </message>
    <message>
        <source>Mine-level supervision</source>
        <translation>矿级督办</translation>
    </message>
    <message>
        <source>Group-level supervision</source>
        <translation>集团督办</translation>
    </message>
    <message>
        <source>Supervision level</source>
        <translation>督办级别</translation>
    </message>
    <message>
        <source>Only if it repeats another hazard</source>
        <translation>仅在与其他隐患重复时填写</translation>
    </message>
    <message>
        <source>Duplicate of (number)</source>
        <translation>重复隐患编号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Receipt signed by</source>
        <translation>签收人</translation>
    </message>
    <message>
        <source>Rectified by</source>
        <translation>整改人</translation>
    </message>
    <message>
        <source>Checked by</source>
        <translation>验收人</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>销号人</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Ordered by</source>
        <translation>督办单位/督办人</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>记录已被他人修改</translation>
    </message>
    <message>
        <source>Step not allowed</source>
        <translation>不能执行此操作</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>HazardDetail</name>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>录入人</translation>
    </message>
    <message>
        <source>Follow-up record</source>
        <translation>跟踪记录</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>No further steps: the record is final.</source>
        <translation>没有后续步骤：该记录已终结。</translation>
    </message>
    <message>
        <source>Select a hazard in the list to see its file and next steps.</source>
        <translation>在上方列表中选择一条隐患，查看详细信息和下一步操作。</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>隐患信息</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>性质</translation>
    </message>
    <message>
        <source>Major hazard item</source>
        <translation>重大隐患判定条目</translation>
    </message>
    <message>
        <source>Five fixes (五定)</source>
        <translation>五定</translation>
    </message>
    <message>
        <source>Responsibility</source>
        <translation>责任落实</translation>
    </message>
    <message>
        <source>Original deadline</source>
        <translation>原定期限</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Funds (yuan)</source>
        <translation>资金（元）</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>整改标准</translation>
    </message>
    <message>
        <source>Measures</source>
        <translation>整改措施</translation>
    </message>
    <message>
        <source>Contingency plan</source>
        <translation>应急预案</translation>
    </message>
    <message>
        <source>Closed loop</source>
        <translation>闭环情况</translation>
    </message>
    <message>
        <source>Notice issued on</source>
        <translation>通知下发日期</translation>
    </message>
    <message>
        <source>Rectified on</source>
        <translation>整改完成日期</translation>
    </message>
    <message>
        <source>Accepted by</source>
        <translation>验收人员</translation>
    </message>
    <message>
        <source>Accepted on</source>
        <translation>验收日期</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>销号日期</translation>
    </message>
    <message>
        <source>Duplicate of</source>
        <translation>重复于</translation>
    </message>
    <message>
        <source>Void reason</source>
        <translation>作废原因</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>备注说明</translation>
    </message>
    <message>
        <source>{number}  {status}</source>
        <translation>{number}  {status}</translation>
    </message>
    <message>
        <source>Overdue {days} days</source>
        <translation>逾期 {days} 天</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>New deadline {date}</source>
        <translation>新期限 {date}</translation>
    </message>
</context>
<context>
    <name>HazardsPage</name>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open (not accepted yet)</source>
        <translation>未闭环（尚未验收）</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅看逾期</translation>
    </message>
    <message>
        <source>Search number, location, description, people (Ctrl+F)</source>
        <translation>搜索编号、地点、隐患内容、人员（Ctrl+F）</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清空条件</translation>
    </message>
    <message>
        <source>New hazard…</source>
        <translation>登记新隐患…</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Found from</source>
        <translation>发现日期从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部专业</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>{count} overdue</source>
        <translation>逾期 {count} 条</translation>
    </message>
    <message>
        <source>{count}+ records, counting…</source>
        <translation>已显示 {count} 条，正在统计…</translation>
    </message>
    <message>
        <source>{count} records</source>
        <translation>共 {count} 条</translation>
    </message>
    <message>
        <source>Could not read the list: {error}</source>
        <translation>无法读取列表：{error}</translation>
    </message>
</context>
</TS>
