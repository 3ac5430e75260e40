using System.Text.Json.Nodes;
using System.Xml.Linq;
using Zzut.Workflows.Host.Tests.Procedures;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// A reviewer sees the case they decide: GET /api/tasks/{id} carries the start submission and every earlier completed
/// task of the instance, newest first, with labels and display values; the form starts empty but for what the
/// definition fills in on purpose.
/// </summary>
public sealed class TaskCaseTests
{
    [Test]
    public async Task TheExpertSeesTheApplicationAndTheHeadsOpinionAndAnEmptyDecision()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "hosted-server-filing", HostedServerFilingTests.Filing()))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意托管" });
        var task = await s.TaskAsync(s.Expert, id, "Task_ExpertReview");

        var detail = await s.GetAsync(s.Expert, $"/api/tasks/{task["id"]}");

        Assert.That(detail["formData"]!.AsObject(), Is.Empty, "the decision starts empty");
        var entries = detail["case"]!.AsArray();
        Assert.That(entries.Select(e => (e!["kind"]!.GetValue<string>(), e["elementId"]!.GetValue<string>())), Is.EqualTo(new[] { ("task", "Task_HeadApproval"), ("start", "Start") }), "newest first");
        var head = Fields(entries[0]!);
        Assert.That(head["审核结论"], Is.EqualTo("同意"), "the choice's label");
        Assert.That(head["负责人意见"], Is.EqualTo("同意托管"));
        Assert.That((entries[0]!["by"]!.GetValue<string>(), entries[0]!["byName"]!.GetValue<string>(), entries[0]!["atLocal"]!.GetValue<string>()), Is.EqualTo(("jsj-fuzeren", "jsj-fuzeren", "2026-03-02 09:00")), "the unit's head signed it");
        var application = Fields(entries[1]!);
        Assert.That(application, Does.ContainKey("服务器配置").WithValue("2×GPU, 256 GB"));
        Assert.That(application["已签署托管服务器安全责任书（附件 7）"], Is.EqualTo("是"), "a ticked checkbox");
        Assert.That(application["单位代码 (unit code)"], Is.EqualTo("计算机与人工智能学院（jsj）"), "a unit by its name");
        Assert.That(entries[1]!["name"]!.GetValue<string>(), Is.EqualTo("申请托管服务器"));
    }

    [Test]
    public async Task TheOfficeSettingAnIncidentsLevelSeesTheIncident()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "incident-report", IncidentReportTests.Start(WorkflowApplication.Start.AddMinutes(-20), WorkflowApplication.Start.AddMinutes(-15))))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Unit, id, "Task_OralReport", new { oralReportAt = IncidentReportTests.Iso(s.Now), oralReportTo = "分管校领导、办公室" });
        await s.CompleteAsync(s.Unit, id, "Task_WrittenReport", new
        {
            reportingUnit = "计算机与人工智能学院", filledBy = "李安全", harm = "system-down", description = "弱口令被利用", measuresTaken = "断网隔离", expectedConsequences = "停止服务半天",
        });
        await s.CompleteAsync(s.Head, id, "Task_HeadReview", new { reviewedBy = "王院长" });
        var task = await s.TaskAsync(s.Office, id, "Task_ProposeLevel");

        var entries = (await s.GetAsync(s.Office, $"/api/tasks/{task["id"]}"))["case"]!.AsArray();

        Assert.That(entries.Select(e => e!["elementId"]!.GetValue<string>()), Is.EqualTo(new[] { "Task_HeadReview", "Task_WrittenReport", "Task_OralReport", "Start" }));
        var incident = Fields(entries[3]!);
        Assert.That(incident["事件名称"], Is.EqualTo("主页被篡改"));
        Assert.That(incident["事件分类"], Is.EqualTo("网络攻击类事件"));
        Assert.That(incident["事件起始时间（事发）（日期）"], Is.EqualTo("2026-03-02 08:40"), "an instant in Beijing time");
        Assert.That(Fields(entries[1]!).Values, Does.Contain("系统瘫痪").And.Contain("断网隔离"));
    }

    [Test]
    public async Task TheOfficeDecidingAccountabilitySeesTheReportingStatusTheProcedureJudged()
    {
        // Entered 90 minutes after it happened: 漏报 on arrival.
        using var s = await Scenario.CreateAsync();
        var late = new
        {
            unitCode = "jsj", title = "主页被篡改", occurredAt = IncidentReportTests.Iso(s.Now.AddMinutes(-90)), discoveredAt = IncidentReportTests.Iso(s.Now.AddMinutes(-80)),
            category = "network-attack", description = "学院网站主页被篡改",
        };
        var id = (await s.StartAsync(s.Unit, "incident-report", late))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Unit, id, "Task_OralReport", new { oralReportAt = IncidentReportTests.Iso(s.Now), oralReportTo = "办公室" });
        await s.CompleteAsync(s.Unit, id, "Task_WrittenReport", new
        {
            reportingUnit = "计算机与人工智能学院", filledBy = "李安全", harm = "system-down", description = "弱口令被利用", measuresTaken = "断网隔离", expectedConsequences = "停止服务半天",
        });
        await s.CompleteAsync(s.Head, id, "Task_HeadReview", new { reviewedBy = "王院长" });
        await s.CompleteAsync(s.Office, id, "Task_ProposeLevel", new { proposedLevel = "4", levelReason = "影响较小" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_ApproveLevel", new { approvedLevel = "4" });
        await s.CompleteAsync(s.Center, id, "Task_CenterCoordinate", new { coordinationSummary = "已协同处置" });
        await s.CompleteAsync(s.Unit, id, "Task_LevelIvReport", new { handlingSummary = "已处置", handlingCompletedAt = IncidentReportTests.Iso(s.Now) });
        await s.CompleteAsync(s.Office, id, "Task_LevelIvReview", new { decision = "approve" });
        var task = await s.TaskAsync(s.Office, id, "Task_Accountability");

        var detail = await s.GetAsync(s.Office, $"/api/tasks/{task["id"]}");

        Assert.That(detail["formData"]!["reportingStatusShown"]!.GetValue<string>(), Is.EqualTo("漏报"));
        Assert.That(detail["formData"]!["measure"], Is.Null, "the decision is the office's");
        Assert.That(Fields(detail["case"]!.AsArray().Last()!)["事件名称"], Is.EqualTo("主页被篡改"));
        var refused = await s.Office.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables = new { measure = "none", reason = "x", reportingStatusShown = "按时报告" } });
        Assert.That((await refused.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "reportingStatusShown" }), "a read-only field is not submitted");
    }

    [Test]
    public async Task TheUnitFixingWebsiteFindingsSeesTheFindings()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "website-go-live", WebsiteGoLiveTests.Filing()))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Center, id, "Task_CenterReview", new { decision = "approve", centerOpinion = "同意", ipAddress = "10.10.8.21", serviceTypes = new[] { "HTTP", "HTTPS" } });
        await s.CompleteAsync(s.Center, id, "Task_SecurityCheck", new { securityCheckResult = "failed", securityCheckFindings = "后台弱口令；未启用 HTTPS 跳转" });
        var task = await s.TaskAsync(s.Unit, id, "Task_Fix");

        var entries = (await s.GetAsync(s.Unit, $"/api/tasks/{task["id"]}"))["case"]!.AsArray();

        Assert.That(entries[0]!["elementId"]!.GetValue<string>(), Is.EqualTo("Task_SecurityCheck"));
        Assert.That(Fields(entries[0]!).Values, Does.Contain("后台弱口令；未启用 HTTPS 跳转"));
        Assert.That(Fields(entries[1]!).Values, Does.Contain("HTTP、HTTPS"), "a checklist reads as its labels");
    }

    [Test]
    public async Task ARevisionStartsWithTheApplicationAsTheDefinitionFillsItIn()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "system-grading-filing", SystemGradingFilingTests.Application(level: 2)))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意申报" });
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "return", expertOpinion = "预算偏高" });
        var task = await s.TaskAsync(s.Unit, id, "Task_Revise");

        var detail = await s.GetAsync(s.Unit, $"/api/tasks/{task["id"]}");

        var expected = JsonNode.Parse("""{"businessNeed":"学生选课与成绩管理","budget":120000,"proposedLevel":2,"gradingReport":"定级报告：业务信息与系统服务安全"}""");
        Assert.That(JsonNode.DeepEquals(detail["formData"], expected), Is.True, detail["formData"]!.ToJsonString());
        Assert.That(Fields(detail["case"]![0]!)["专家意见"], Is.EqualTo("预算偏高"), "and the experts' reason above it");
    }

    [Test]
    public async Task EveryShippedStartAndDecisionHasAFormSoThatItsCaseReadsWithLabels()
    {
        XNamespace bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
        XNamespace camunda = "http://camunda.org/schema/1.0/bpmn";
        var folder = Path.Combine(AppContext.BaseDirectory, "definitions");
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.bpmn"))
        {
            // A person submits a process's none start event and every user task; an embedded subprocess's start is entered by the engine.
            foreach (var element in XDocument.Load(file).Descendants().Where(e => e.Name == bpmn + "userTask" || (e.Name == bpmn + "startEvent" && e.Parent!.Name == bpmn + "process" && !e.Elements().Any(c => c.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)))))
            {
                if (element.Attribute(camunda + "formRef") is null)
                {
                    missing.Add($"{Path.GetFileName(file)}: {element.Attribute("id")!.Value}");
                }
            }
        }

        Assert.That(missing, Is.Empty);
    }

    private static Dictionary<string, string> Fields(JsonNode entry) =>
        entry["fields"]!.AsArray().ToDictionary(f => f!["label"]!.GetValue<string>(), f => f!["display"]!.GetValue<string>());
}
