namespace Zzut.Workflows.Host.Designer;

/// <summary>
/// The standing duties' activities (ADR 0015) as the designer offers them. Each reads its inputs from input parameters
/// or, when a parameter is absent, from the process variable of the same name (what the task's form submitted), so the
/// generic input list stays visible for the fields not listed here.
/// </summary>
internal static class DutyActivityTemplates
{
    private const string FromVariable = "留空则取同名流程变量。";

    /// <summary>Every standing-duty activity, by topic.</summary>
    public static readonly IReadOnlyList<ActivityTemplate> All =
    [
        new("procedure.start-each", "为每个单位启动流程", "步骤提交后为 unitCodes 中的每个单位启动一个 definitionKey 流程（业务键 前缀:单位代码，同一业务键只启动一次），变量为 variables 加上该单位的 unitCode；用于涉及多个单位的检查、预警。",
        [
            new("definitionKey", "流程标识", "要启动的流程定义 key。", Required: true),
            new("businessKeyPrefix", "业务键前缀", "业务键为 前缀:单位代码，可用 ${…}。", Required: true),
            new("unitCodes", "单位", "逗号分隔的单位代码；" + FromVariable),
            new("variables", "变量", "传给每个新流程的变量（camunda:map）。"),
        ], MoreInputs: true),
        new("inspection.plan", "登记检查计划", "中心的检查计划（第三十五条）进入检查台账，每个被检查单位一行；设置变量 inspectionId。",
        [
            new("number", "编号", "检查编号；" + FromVariable),
            new("title", "名称", "检查名称；" + FromVariable),
            new("plannedDate", "计划日期", "yyyy-MM-dd；" + FromVariable),
            new("unitCodes", "被检查单位", "逗号分隔的单位代码；" + FromVariable),
        ], MoreInputs: true),
        new("inspection.open-unit", "打开单位检查记录", "取出检查计划为本单位建立的记录（inspectionId、unitCode），或为自查发现的问题新建一行（source、title）；设置变量 inspectionUnitId 与 inspection。",
        [
            new("source", "来源", "新建时的来源（如自查）。"),
            new("title", "名称", "新建时的名称。"),
        ], MoreInputs: true),
        new("inspection.findings", "记录检查结果", "中心的检查结果：inspectedOn、result（符合或有问题）、findings。需要变量 inspectionUnitId。", [], MoreInputs: true),
        new("inspection.notice-issued", "记录已下达整改通知", "单位检查记录关联已签发的限期整改通知书（变量 noticeId），单位按通知整改。", []),
        new("inspection.close", "关闭检查记录", "中心复查整改合格，关闭本单位的检查记录。", []),
        new("self-inspection.open", "登记单位自查", "单位本期（period，截止 dueDate）自查进入自查台账；设置变量 selfInspectionId。", [], MoreInputs: true),
        new("self-inspection.submit", "记录自查报告", "单位的自查报告：scope、summary、problems、measures。", [], MoreInputs: true),
        new("self-inspection.review", "记录自查审核", "中心的审核：approved（通过，否则退回）、reviewComment、issueNotice（通过后是否下达整改通知）；设置变量 noticeRequested。", [], MoreInputs: true),
        new("emergency-plan.file", "备案应急预案", "领导小组备案应急预案（第二十九条）：scope（学校或单位）、unitCode、title、summary、effectiveDate…，作为新版本，原有版本失效；设置变量 planId、planVersion。", [], MoreInputs: true),
        new("drill.plan", "登记应急演练计划", "领导小组的应急演练（第三十条）：title、scenario、planTitle、plannedDate、participants；设置变量 drillId。", [], MoreInputs: true),
        new("drill.hold", "记录演练实施", "中心记录演练实施情况：heldOn、participants、processSummary、evaluation、problems、revisionNeeded（是否需修订预案）。", [], MoreInputs: true),
        new("drill.follow-up", "记录预案修订", "演练要求的预案修订已完成：revisionSummary。", [], MoreInputs: true),
        new("letter.register", "登记责任书", "办公室登记已签署的责任书（第十二条）：kind（一或二）、unitCode、letterNumber、signer、signedOn、validUntil…；签署人同类旧责任书失效；设置变量 letterId。", [], MoreInputs: true),
        new("letter.person-change", "记录责任人变更", "单位报告责任人变更（附件 1 第八条）：previousPerson、newPerson、changedOn…；超过两日报告记为逾期；设置变量 changeId。", [], MoreInputs: true),
        new("letter.person-change-ack", "确认责任人变更", "办公室确认变更报告 changeId。", []),
        new("report.assemble", "汇总年度数据", "从各台账汇总 year 年度的数据（第三十六条），写入新的或现有的报告草稿（已批准的不能再改）。",
        [
            new("year", "年度", "报告年度；" + FromVariable),
        ]),
        new("report.draft", "记录年度报告正文", "办公室撰写的正文：overview、problems、measures、nextYearPlan，草稿送审。", [], MoreInputs: true),
        new("report.decide", "记录年度报告审定", "领导小组的决定：decision（批准或退回）、approvalOpinion。", [], MoreInputs: true),
        new("report.submitted", "记录年度报告上报", "办公室已向上级报送：submittedTo、submittedOn。", [], MoreInputs: true),
        new("ledger.training.save", "保存培训台账", "写入本流程的培训台账行（变量 trainingId；没有则新建并设置）：输入参数名即台账字段名（unitCode、trainingDate、topic、trainer、attendees、attendeeCount、hours、content）。", [], MoreInputs: true),
        new("website.anomaly-handled", "记录网站异常处置", "单位对网站（websiteId）异常的原因和整改措施（第二十六条）：cause、measures。", [], MoreInputs: true),
        new("warning.record", "登记预警通报", "中心登记预警通报（附件 9 第六条）：number、source、title、level、content、requirements、deadline、unitCodes，各单位待反馈；设置变量 warningId。", [], MoreInputs: true),
        new("warning.answer", "记录单位反馈", "单位 unitCode 的反馈：affected（是否受影响）、checkResult、measures；设置变量 answeredLate。", [], MoreInputs: true),
        new("warning.overdue", "记录反馈逾期", "期限已过单位仍未反馈：记为逾期（已上报）。需要变量 unitCode。", []),
        new("warning.close", "关闭预警通报", "中心关闭预警通报：closingSummary；设置变量 unanswered（未反馈的单位）。", [], MoreInputs: true),
    ];
}
