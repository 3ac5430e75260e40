using System.Text.Json.Nodes;

namespace Zzut.Workflows.Host.Forms;

/// <summary>How the operations console shows a computed variable: its label and how its value reads.</summary>
/// <param name="Label">The label, in Chinese.</param>
/// <param name="Kind"><c>unit</c>: a unit code shown by the unit's name; <c>row</c>: a ledger row (JSON) shown by the
/// name of the row its <c>id</c> names; null: as any value (an id by the name of what it names, 是/否, an instant in
/// Beijing time).</param>
/// <param name="Choices">Codes and their labels, for a variable that holds a code.</param>
public sealed record ComputedVariableLabel(string Label, string? Kind = null, IReadOnlyList<(JsonNode? Value, string Label)>? Choices = null);

/// <summary>
/// The labels of the variables activities compute (<see cref="Activities.IActivity.OutputNames"/>), for those who read
/// an instance's variables: one entry per output name of every registered activity (a test holds the two together),
/// so that no variable of a procedure shows as a bare name or code. <c>variables.set</c>'s outputs are its input names
/// and are labelled by nothing but their names.
/// </summary>
public static class ComputedVariableLabels
{
    private static readonly IReadOnlyList<(JsonNode?, string)> Levels =
        [(1, "第一级"), (2, "第二级"), (3, "第三级"), (4, "第四级"), (5, "第五级")];

    private static readonly IReadOnlyList<(JsonNode?, string)> Reporting =
        [("onTime", "按时报告"), ("missed", "漏报"), ("concealed", "瞒报")];

    private static readonly IReadOnlyList<(JsonNode?, string)> Oral = [("onTime", "按时"), ("late", "逾期或未报")];

    private static readonly Dictionary<string, ComputedVariableLabel> Labels = new(StringComparer.Ordinal)
    {
        ["lastEmailId"] = new("最近写入发件箱的邮件"),
        ["lastLogMessage"] = new("最近的日志消息"),
        ["startedInstanceId"] = new("启动的流程实例"),
        ["system"] = new("信息系统台账行", "row"),
        ["systemId"] = new("信息系统"),
        ["systemName"] = new("系统名称"),
        ["unitCode"] = new("单位", "unit"),
        ["level"] = new("等级", Choices: Levels),
        ["website"] = new("网站台账行", "row"),
        ["websiteId"] = new("网站"),
        ["incident"] = new("安全事件台账行", "row"),
        ["incidentId"] = new("安全事件"),
        ["reportingStatus"] = new("报告时效", Choices: Reporting),
        ["reportingWorsened"] = new("报告时效本次判定加重"),
        ["oralReportStatus"] = new("口头初报", Choices: Oral),
        ["oralReportWorsened"] = new("口头初报本次判定逾期"),
        ["vm"] = new("虚拟机台账行", "row"),
        ["vmId"] = new("虚拟机"),
        ["missedYears"] = new("连续未备案年数"),
        ["reclaimable"] = new("可以回收"),
        ["reclaimHookStatus"] = new("回收接口的应答（HTTP 状态码）"),
        ["hostedServer"] = new("托管服务器台账行", "row"),
        ["hostedServerId"] = new("托管服务器"),
        ["notice"] = new("限期整改通知书", "row"),
        ["noticeId"] = new("限期整改通知书"),
        ["training"] = new("培训台账行", "row"),
        ["trainingId"] = new("培训记录"),
        ["tip"] = new("事件线索记录", "row"),
        ["tipId"] = new("事件线索"),
        ["change"] = new("变更记录", "row"),
        ["changeId"] = new("变更记录"),
        ["planId"] = new("应急预案"),
        ["planVersion"] = new("预案版本"),
        ["drillId"] = new("应急演练"),
        ["letterId"] = new("责任书"),
        ["late"] = new("逾期报告"),
        ["daysLate"] = new("逾期天数"),
        ["inspectionId"] = new("检查计划"),
        ["inspectionUnitId"] = new("单位检查记录"),
        ["inspection"] = new("单位检查记录详情", "row"),
        ["selfInspectionId"] = new("单位自查"),
        ["noticeRequested"] = new("需下达整改通知"),
        ["warningId"] = new("预警通报"),
        ["answeredLate"] = new("逾期反馈"),
        ["unanswered"] = new("未反馈的单位数"),
    };

    /// <summary>The label of a computed variable, or null when none is known.</summary>
    public static ComputedVariableLabel? Find(string name) => Labels.GetValueOrDefault(name);

    /// <summary>Every labelled name.</summary>
    public static IReadOnlyCollection<string> Names => Labels.Keys;
}
