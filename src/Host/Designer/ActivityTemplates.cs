using System.Text.Json.Nodes;
namespace Zzut.Workflows.Host.Designer;

/// <summary>An input parameter of an activity as the designer offers it.</summary>
/// <param name="Name">The <c>camunda:inputParameter</c> name the activity reads.</param>
/// <param name="Label">Its label, in Chinese.</param>
/// <param name="Help">What it means and what to write, in Chinese.</param>
/// <param name="Type"><c>String</c>, <c>Text</c> (several lines) or <c>Dropdown</c>.</param>
/// <param name="Required">Whether the activity fails without it.</param>
/// <param name="Choices">For a dropdown: value → label.</param>
public sealed record ActivityInput(string Name, string Label, string Help, string Type = "String", bool Required = false, IReadOnlyList<(string Value, string Label)>? Choices = null);

/// <summary>
/// An activity (a <c>camunda:topic</c>) described for administrators: its Chinese name, what it does, and its inputs
/// with their types and help. The designer offers each as a Camunda 7 element template, so a service or send task
/// becomes the activity with its inputs as labelled fields.
/// </summary>
/// <param name="Topic">The topic the task names.</param>
/// <param name="Name">The activity's name.</param>
/// <param name="Description">What it does.</param>
/// <param name="Inputs">Its inputs.</param>
/// <param name="MoreInputs">Whether it reads further inputs that are not listed (the ledger's field names): the designer keeps the generic input list visible.</param>
public sealed record ActivityTemplate(string Topic, string Name, string Description, IReadOnlyList<ActivityInput> Inputs, bool MoreInputs = false);

/// <summary>
/// The activities the designer offers, one per registered topic (a test holds the two lists together), and their
/// rendering as Camunda 7 element templates (<c>GET /api/definitions/element-templates</c>; the same file works in
/// Camunda Modeler's <c>resources/element-templates</c>).
/// </summary>
public static class ActivityTemplates
{
    /// <summary>The prefix of the templates' ids (<c>camunda:modelerTemplate</c> in a task that uses one).</summary>
    public const string IdPrefix = "zzut.";

    private static readonly ActivityInput Status = new("status", "台账状态", "写入后台账行的状态；留空则不改变状态。", "Dropdown");

    /// <summary>Every activity, by topic.</summary>
    public static readonly IReadOnlyList<ActivityTemplate> All =
    [
        new("email.send", "发送邮件", "按模板生成邮件并写入发件箱，与本步骤一同提交，由后台任务发送（失败自动重试）。",
        [
            new("to", "收件人", "邮箱地址、用户名、unit:单位代码 或 role:角色（如 role:office），多个用逗号分隔；可用 ${…} 表达式，如 ${'unit:' + unitCode}。", Required: true),
            new("cc", "抄送", "与收件人写法相同，可留空。"),
            new("template", "邮件模板", "definitions/templates 下的 Liquid 模板名；notice 为通用通知（主题 + 正文）。", "Dropdown", true, [("notice", "通用通知（notice）"), ("task-created", "新任务通知（task-created）")]),
            new("subject", "主题", "邮件主题，可含 ${…}；模板自带主题时可留空。"),
            new("body", "正文", "notice 模板的正文，可含 ${…}（流程变量）。", "Text"),
        ]),
        new("log", "写日志", "把一条消息写入服务日志，便于跟踪和测试；同时设置变量 lastLogMessage。",
        [
            new("message", "消息", "要记录的文字，可含 ${…}；留空则记录环节 id。"),
            new("level", "级别", "日志级别。", "Dropdown", Choices: [("information", "信息"), ("debug", "调试"), ("warning", "警告"), ("error", "错误")]),
        ]),
        new("variables.set", "设置变量", "把每个输入参数写成同名的流程变量（如 returnedFrom = expert）；在下方“输入”中添加参数。", [], MoreInputs: true),
        Ledger("ledger.system.save", "保存信息系统台账", "写入本流程的信息系统台账行（变量 systemId 指定；没有则新建并设置 systemId），输入参数名即台账字段名（name、unitCode、proposedLevel、approvedLevel、lastEvaluationDate…）。新的测评日期按等级周期计算下次测评日期。", [("applying", "申请中"), ("reviewing", "论证审核中"), ("building", "建设中"), ("trial", "试运行"), ("evaluating", "测评中"), ("accepted", "已验收"), ("retired", "已停用")]),
        new("ledger.system.read", "读取信息系统台账", "按变量 systemId 读取信息系统台账行，设置变量 systemName、unitCode、level（现行等级）和 system（整行），发起时只需选择系统，名称、单位和等级以台账为准。", []),
        Ledger("ledger.website.save", "保存网站台账", "写入本流程的网站台账行（变量 websiteId），输入参数名即台账字段名（domain、ipAddress、openedDate…）。", [("applying", "申请中"), ("checking", "安全检查中"), ("online", "已上线"), ("closed", "已关闭")]),
        Ledger("ledger.incident.save", "保存安全事件台账", "写入本流程的安全事件台账行（变量 incidentId），状态即事件阶段；新建时按发生时间立即判定是否漏报、瞒报。", [("emergency", "应急处置"), ("in-progress", "处置中"), ("rectification", "整改中"), ("closed", "已结案")]),
        Ledger("ledger.vm.save", "保存虚拟机台账", "写入本流程的云服务（虚拟机）台账行（变量 vmId），输入参数名即台账字段名。", [("applying", "申请中"), ("active", "使用中"), ("reclaim-pending", "待回收"), ("reclaimed", "已回收"), ("suspended", "已暂停"), ("shut-down", "已关停")]),
        Ledger("ledger.hosted-server.save", "保存托管服务器台账", "写入本流程的托管服务器台账行（变量 hostedServerId），输入参数名即台账字段名。", [("applying", "申请中"), ("active", "托管中"), ("retired", "已下架")]),
        Ledger("ledger.notice.save", "保存限期整改通知书", "写入本流程的限期整改通知书（变量 noticeId）：number、findings、deadline、issuedDate…；状态 open / overdue / completed。", [("open", "整改中"), ("overdue", "已逾期"), ("completed", "已整改")]),
        new("incident.assess", "判定报告时效", "按事件发生时间和书面报告时间判定按时报告、漏报或瞒报（第三十一条），设置变量 reportingStatus、reportingWorsened（本次判定更重时为 true，用于只通知一次）。需要变量 incidentId。", []),
        new("incident.accountability", "记录责任追究", "对事件记录约谈或通报（第三十九条）。需要变量 incidentId。",
        [
            new("kind", "方式", "约谈或通报。", "Dropdown", true, [("interview", "约谈"), ("circular", "通报")]),
            new("responsiblePerson", "责任人", "被追究的人或单位。"),
            new("reason", "理由", "追究的理由。", "Text"),
            new("recordedBy", "记录人", "记录人姓名；可用 ${…}。"),
        ]),
        new("vm.register", "虚拟机备案", "虚拟机完成（年度）备案：状态为使用中，连续未备案年数清零，按周年或统一备案日计算下次备案日期。需要变量 vmId，可用 year 指定年度。",
        [
            new("year", "年度", "备案所属年度；留空为今年。"),
        ]),
        new("vm.miss", "记录未备案", "备案期结束仍未备案：连续未备案年数加一，满 3 年变为待回收；设置变量 missedYears 与 reclaimable。需要变量 vmId。",
        [
            new("year", "年度", "未备案的年度；留空为今年。"),
        ]),
        new("vm.mark-reclaimed", "标记已回收", "确认回收后把虚拟机标记为已回收；只有连续 3 年未备案并已最终通知的虚拟机才能回收。需要变量 vmId。",
        [
            new("by", "确认人", "确认回收的人；默认为办理本步骤的用户。"),
        ]),
        new("vm.keep", "保留虚拟机", "中心决定不回收：待回收的虚拟机恢复为使用中，连续未备案年数不变。需要变量 vmId。", []),
        new("vm.reclaim", "通知平台回收", "步骤提交后调用虚拟化平台的回收接口（Workflows:Ledgers:VmReclaimHookUrl），失败按退避重试，最终失败显示为故障。",
        [
            new("vmId", "虚拟机", "虚拟机台账 id；默认取变量 vmId。"),
            new("serverName", "服务器名称", "默认取变量 serverName。"),
            new("ipAddress", "IP 地址", "默认取变量 ipAddress。"),
        ]),
        new("unit.criticise", "记录通报批评", "对单位记录一次通报批评（第三十八条），决定人为办理本步骤的用户。",
        [
            new("unitCode", "单位代码", "被通报批评的单位；可用 ${unitCode}。", Required: true),
            new("reason", "理由", "通报批评的理由。", "Text", true),
            new("noticeId", "整改通知书", "相关限期整改通知书的 id，可留空；可用 ${noticeId}。"),
        ]),
        new("procedure.start", "启动另一流程", "启动另一个流程并继续（不等待它结束），如线索分派后成为单位的事件报告；同一业务键只启动一次。设置变量 startedInstanceId。",
        [
            new("definitionKey", "流程标识", "要启动的流程定义 key。", Required: true),
            new("businessKey", "业务键", "使启动幂等的业务键（同一业务键只启动一次），可用 ${…}。", Required: true),
            new("variables", "变量", "传给新流程的变量（camunda:map）。"),
            new("starter", "发起人", "记录为发起人；默认为 procedure:本流程 key。"),
        ]),
        new("vm.set-state", "设置虚拟机状态", "中心暂停、关停或恢复虚拟机。需要变量 vmId。",
        [
            new("state", "状态", "虚拟机的新状态。", "Dropdown", true, [("suspended", "暂停"), ("shut-down", "关停"), ("active", "恢复使用")]),
            new("reason", "理由", "改变状态的理由。", "Text"),
        ]),
        new("hosting.change.request", "记录变更申请", "记录对虚拟机或托管服务器的变更申请，台账行保持原值直到批准；设置变量 changeId、change。",
        [
            new("ledger", "台账", "变更哪一类台账。", "Dropdown", true, [("vm", "虚拟机"), ("hostedServer", "托管服务器")]),
            new("recordId", "台账行", "台账行 id；可用 ${…}。", Required: true),
            new("reason", "理由", "变更的理由。", "Text"),
            new("changes", "变更内容", "字段 → 新值（camunda:map）；空值不变更。"),
        ]),
        new("hosting.change.decide", "决定变更申请", "决定变更申请 changeId：批准则把新值写入台账行，驳回则不变。",
        [
            new("decision", "决定", "批准或驳回。", "Dropdown", true, [("approve", "批准"), ("reject", "驳回")]),
            new("note", "意见", "决定的说明。", "Text"),
        ]),
        new("incident-tip.receive", "接收事件线索", "中心接收一条事件线索，接收人为办理本步骤的用户；设置变量 tipId、tip。",
        [
            new("reporterName", "报告人", "提供线索的人。"),
            new("reporterPhone", "电话", "报告人的电话。"),
            new("reporterEmail", "邮箱", "报告人的邮箱。"),
            new("company", "单位/公司", "报告人所在公司（厂商等）。"),
            new("unitCode", "涉及单位", "涉及的单位代码（已知时）。"),
            new("occurredAt", "发生时间", "事件发生时间。"),
            new("description", "描述", "线索内容。", "Text"),
        ]),
        new("incident-tip.triage", "处理事件线索", "中心对线索 tipId 作出决定：转为单位的事件报告，或关闭；设置变量 tip。",
        [
            new("decision", "决定", "转为事件报告或关闭。", "Dropdown", true, [("open", "转为事件报告"), ("close", "关闭")]),
            new("unitCode", "单位代码", "转为事件报告时的单位。"),
            new("closeReason", "关闭理由", "关闭时的理由。", "Text"),
        ]),
        new("incident-tip.link", "关联事件报告", "在线索 tipId 上记录它转成的事件报告流程实例。",
        [
            new("incidentInstanceId", "事件报告实例", "事件报告流程实例 id；可用 ${startedInstanceId}。", Required: true),
        ]),
        .. DutyActivityTemplates.All,
    ];

    /// <summary>The activities as Camunda 7 element templates (one per topic) for service and send tasks.</summary>
    public static JsonArray ElementTemplates()
    {
        var templates = new JsonArray();
        foreach (var activity in All)
        {
            var properties = new JsonArray
            {
                Hidden("external", new JsonObject { ["type"] = "property", ["name"] = "camunda:type" }),
                Hidden(activity.Topic, new JsonObject { ["type"] = "property", ["name"] = "camunda:topic" }),
            };
            foreach (var input in activity.Inputs)
            {
                var property = new JsonObject
                {
                    ["label"] = input.Label + (input.Required ? "（必填）" : string.Empty),
                    ["description"] = input.Help,
                    ["type"] = input.Type,
                    ["binding"] = new JsonObject { ["type"] = "camunda:inputParameter", ["name"] = input.Name },
                };
                if (input.Choices is { } choices)
                {
                    property["choices"] = new JsonArray([.. (input.Required ? choices : [(string.Empty, "（不设置）"), .. choices])
                        .Select(c => (JsonNode)new JsonObject { ["name"] = c.Label, ["value"] = c.Value })]);
                    property["value"] = input.Required ? choices[0].Value : string.Empty;
                }

                if (input.Required)
                {
                    property["constraints"] = new JsonObject { ["notEmpty"] = true };
                }

                properties.Add(property);
            }

            templates.Add(new JsonObject
            {
                ["name"] = activity.Name,
                ["id"] = IdPrefix + activity.Topic,
                ["version"] = 1,
                ["description"] = activity.Description,
                ["appliesTo"] = new JsonArray("bpmn:ServiceTask", "bpmn:SendTask"),
                ["entriesVisible"] = activity.MoreInputs,
                ["properties"] = properties,
            });
        }

        return templates;
    }

    private static ActivityTemplate Ledger(string topic, string name, string description, IReadOnlyList<(string Value, string Label)> statuses) =>
        new(topic, name, description, [Status with { Choices = statuses }], MoreInputs: true);

    private static JsonObject Hidden(string value, JsonObject binding) => new() { ["type"] = "Hidden", ["value"] = value, ["binding"] = binding };
}
