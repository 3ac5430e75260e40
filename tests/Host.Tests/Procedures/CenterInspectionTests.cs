using System.Net;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>Art. 35: the center's inspection of units, each unit's findings, notice, head-signed plan, rectification and verification.</summary>
public sealed class CenterInspectionTests
{
    private const string Officer = "anquan@jsj.zzut.edu.cn";
    private const string Head = "head@jsj.zzut.edu.cn";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task AnInspectionOfTwoUnitsGivesEachItsFindingsNoticeHeadSignedPlanAndVerification()
    {
        using var s = await Scenario.CreateAsync();
        var plan = await s.StartAsync(s.Center, "center-inspection", Plan("jsj, wxy"));
        var emails = await s.EmailsAsync(plan["id"]!.GetValue<string>());
        Assert.That(emails.Single().Subject, Is.EqualTo("【网络信息安全检查通知】2026 年春季网络安全检查"));
        Assert.That(emails.Single().To, Is.EqualTo($"{Officer},anquan@wxy.zzut.edu.cn"));
        Assert.That((await s.InstanceAsync(plan["id"]!.GetValue<string>()))["activeElementIds"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("Task_Dispatch"), "the dispatch waits to run after the plan committed");

        Assert.That(await s.RunExternalAsync(), Is.EqualTo(1));
        Assert.That((await s.InstanceAsync(plan["id"]!.GetValue<string>()))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var units = await s.InstancesAsync("center-inspection-unit");
        Assert.That(units.Select(u => u!["variables"]!["unitCode"]!.GetValue<string>()).Order(), Is.EqualTo(new[] { "jsj", "wxy" }));
        var inspectionId = plan["variables"]!["inspectionId"]!.GetValue<string>();
        Assert.That(units.All(u => u!["businessKey"]!.GetValue<string>().StartsWith($"inspection:{inspectionId}:", StringComparison.Ordinal)), Is.True);
        Assert.That(await s.RunExternalAsync(), Is.Zero, "nothing is started twice");
        var jsj = units.Single(u => u!["variables"]!["unitCode"]!.GetValue<string>() == "jsj")!["id"]!.GetValue<string>();
        var wxy = units.Single(u => u!["variables"]!["unitCode"]!.GetValue<string>() == "wxy")!["id"]!.GetValue<string>();

        // 外国语学院: nothing found; its part closes.
        await s.CompleteAsync(s.Center, wxy, "Task_Findings", new { inspectedOn = "2026-03-02", result = "conform", inspectionNote = "制度健全" });
        Assert.That((await s.InstanceAsync(wxy))["status"]!.GetValue<string>(), Is.EqualTo("completed"));

        // 计算机学院: problems found, a numbered notice, the plan returned by the head once, then rectified, returned by the center once.
        Assert.That(await s.RefuseAsync(s.Center, jsj, "Task_Findings", new { inspectedOn = "2026-03-03", result = "findings" }), Is.EqualTo(new[] { "findings", "inspectedOn" }),
            "problems must be named, and the date cannot be tomorrow");
        await s.CompleteAsync(s.Center, jsj, "Task_Findings", new { inspectedOn = "2026-03-02", result = "findings", findings = "服务器弱口令；日志未保留 90 天" });
        await s.CompleteAsync(s.Center, jsj, "Task_IssueNotice", new { noticeNumber = "ZG-2026-007", requirements = "修改弱口令，开启日志并保留 90 天", deadline = "2026-03-31" });
        var notice = (await s.GetAsync(s.Unit, "/api/rectification-notices")).AsArray().Single()!;
        Assert.That((notice["number"]!.GetValue<string>(), notice["status"]!.GetValue<string>(), notice["deadline"]!.GetValue<string>()), Is.EqualTo(("ZG-2026-007", "open", "2026-03-31")));
        var noticeEmail = (await s.EmailsAsync(jsj)).Single(e => e.Subject.StartsWith("【限期整改通知书】", StringComparison.Ordinal));
        Assert.That((noticeEmail.To, noticeEmail.Cc), Is.EqualTo(($"{Officer},{Head}", "center@zzut.edu.cn")));

        await s.CompleteAsync(s.Unit, jsj, "Task_Plan", new { rectificationPlan = "一周内修改口令" });
        var head = await s.HeadAsync();
        Assert.That((await s.Unit.GetAsync($"/api/tasks?instanceId={jsj}&status=open")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await (await s.Unit.GetAsync($"/api/tasks?instanceId={jsj}&status=open")).ReadJsonAsync()).AsArray(), Is.Empty, "the officer cannot sign the plan: it is the head's");
        Assert.That(await s.RefuseAsync(head, jsj, "Task_HeadSign", new { decision = "return" }), Is.EqualTo(new[] { "headOpinion" }), "a return says why");
        await s.CompleteAsync(head, jsj, "Task_HeadSign", new { decision = "return", headOpinion = "未安排日志整改" });
        await s.CompleteAsync(s.Unit, jsj, "Task_Plan", new { rectificationPlan = "一周内修改口令，两周内完成日志整改" });
        await s.CompleteAsync(head, jsj, "Task_HeadSign", new { decision = "approve" });
        await s.CompleteAsync(s.Unit, jsj, "Task_Rectify", new { rectificationSummary = "已修改口令" });
        await s.CompleteAsync(s.Center, jsj, "Task_Verify", new { decision = "return", verifyNote = "日志仍未保留" });
        await s.CompleteAsync(s.Unit, jsj, "Task_Rectify", new { rectificationSummary = "日志已保留 90 天" });
        var done = await s.CompleteAsync(s.Center, jsj, "Task_Verify", new { decision = "approve" });
        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));

        var parts = (await s.GetAsync(s.Center, "/api/inspection-units")).AsArray();
        Assert.That(parts.Select(p => (p!["unitCode"]!.GetValue<string>(), p["status"]!.GetValue<string>(), p["result"]!.GetValue<string>())).OrderBy(p => p.Item1),
            Is.EqualTo(new[] { ("jsj", "closed", "findings"), ("wxy", "closed", "conform") }));
        Assert.That(parts.Single(p => p!["unitCode"]!.GetValue<string>() == "jsj")!["noticeId"]!.GetValue<string>(), Is.EqualTo(notice["id"]!.GetValue<string>()));
        Assert.That((await s.GetAsync(s.Unit, $"/api/rectification-notices/{notice["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var entered = await s.HistoryElementsAsync(jsj, "element.entered");
        Assert.That((entered.Count(e => e == "Task_Plan"), entered.Count(e => e == "Task_HeadSign"), entered.Count(e => e == "Task_Rectify")), Is.EqualTo((2, 2, 2)));

        // The plan as each sees it: the overseeing roles both units, a unit only its own part.
        var asCenter = (await s.GetAsync(s.Center, "/api/inspections")).AsArray().Single()!;
        Assert.That((asCenter["number"]!.GetValue<string>(), asCenter["units"]!.AsArray().Count), Is.EqualTo(("JC-2026-01", 2)));
        var asWxy = (await s.GetAsync(await s.OtherUnitAsync(), "/api/inspections")).AsArray().Single()!;
        Assert.That(asWxy["units"]!.AsArray().Select(u => u!["unitCode"]!.GetValue<string>()), Is.EqualTo(new[] { "wxy" }));
        Assert.That((await s.GetAsync(s.Unit, "/api/inspection-units")).AsArray().Select(u => u!["unitCode"]!.GetValue<string>()), Is.EqualTo(new[] { "jsj" }));
    }

    [Test]
    public async Task AnOverdueInspectionNoticeIsRemindedOnceEscalatedOnceAndTheUnitCriticised()
    {
        using var s = await Scenario.CreateAsync();
        var plan = await s.StartAsync(s.Center, "center-inspection", Plan("jsj"));
        await s.RunExternalAsync();
        var id = (await s.InstancesAsync("center-inspection-unit")).Single()!["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Center, id, "Task_Findings", new { inspectedOn = "2026-03-02", result = "findings", findings = "未建立网站值守制度" });
        await s.CompleteAsync(s.Center, id, "Task_IssueNotice", new { noticeNumber = "ZG-2026-008", requirements = "建立网站值守制度", deadline = "2026-03-20" });
        await s.CompleteAsync(s.Unit, id, "Task_Plan", new { rectificationPlan = "制订值守制度" });
        await s.CompleteAsync(await s.HeadAsync(), id, "Task_HeadSign", new { decision = "approve" });
        Assert.That((await s.TaskAsync(s.Unit, id, "Task_Rectify"))["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 20, 23, 59, 59, Beijing)));

        // Three working days before Friday the 20th: Tuesday the 17th, 09:00.
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 3, 17, 8, 59, 0, Beijing) - s.Now), Is.Zero);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromMinutes(1)), Is.EqualTo(1));
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 3, 20, 23, 59, 59, Beijing) - s.Now), Is.EqualTo(1));
        var escalation = (await s.EmailsAsync(id)).Single(e => e.Subject == "【逾期未整改】2026 年春季网络安全检查");
        Assert.That((escalation.To, escalation.Cc), Is.EqualTo(("leading-group@zzut.edu.cn", "office@zzut.edu.cn,center@zzut.edu.cn")));
        Assert.That((await s.GetAsync(s.Office, "/api/rectification-notices")).AsArray().Single()!["status"]!.GetValue<string>(), Is.EqualTo("overdue"));
        var compliance = await s.GetAsync(s.LeadingGroup, "/api/compliance");
        Assert.That(compliance["duties"]!["inspections"]!["overdue"]!.AsArray().Single()!["noticeNumber"]!.GetValue<string>(), Is.EqualTo("ZG-2026-008"));
        Assert.That(await s.GetCsvAsync(s.LeadingGroup), Does.Contain("逾期未整改的检查,2026 年春季网络安全检查,计算机与人工智能学院（jsj）,,2026-03-20,整改中,ZG-2026-008"));

        await s.CompleteAsync(s.LeadingGroup, id, "Task_Criticism", new { criticise = "yes", reason = "逾期未完成检查整改" });
        var criticism = (await s.GetAsync(s.Unit, "/api/criticisms")).AsArray().Single()!;
        Assert.That((criticism["reason"]!.GetValue<string>(), criticism["decidedBy"]!.GetValue<string>()), Is.EqualTo(("逾期未完成检查整改", "lingdao")));
        await s.CompleteAsync(s.Unit, id, "Task_Rectify", new { rectificationSummary = "已建立值守制度" });
        await s.CompleteAsync(s.Center, id, "Task_Verify", new { decision = "return", verifyNote = "未指定专人" });
        Assert.That(await s.AdvanceAsync(TimeSpan.Zero), Is.EqualTo(2), "back at the rectification, both timers are due again");
        var emails = await s.EmailsAsync(id);
        Assert.That((emails.Count(e => e.Subject == "【整改提醒】2026 年春季网络安全检查"), emails.Count(e => e.Subject == "【逾期未整改】2026 年春季网络安全检查")), Is.EqualTo((1, 1)), "nobody is told twice");
        await s.CompleteAsync(s.Unit, id, "Task_Rectify", new { rectificationSummary = "已指定专人值守" });
        await s.CompleteAsync(s.Center, id, "Task_Verify", new { decision = "approve" });
        Assert.That((await s.GetAsync(s.LeadingGroup, "/api/compliance"))["duties"]!["inspections"]!["open"]!.GetValue<int>(), Is.Zero);
        Assert.That(plan["variables"]!["inspectionId"], Is.Not.Null);
    }

    [Test]
    public async Task APlanNamingUnknownUnitsOrMissingFieldsIsRefusedAndOnlyTheCenterPlans()
    {
        using var s = await Scenario.CreateAsync();
        var response = await s.Center.PostJsonAsync("/api/instances", new
        {
            definitionKey = "center-inspection",
            variables = new { number = "JC-1", title = "检查", unitCodes = "jsj,nosuch", plannedDate = "2026-13-01", inspectors = "张三" },
        });
        Assert.That(await Scenario.RefusedFieldsAsync(response), Is.EqualTo(new[] { "plannedDate", "scope", "unitCodes" }));
        Assert.That((await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "center-inspection", variables = Plan("jsj") })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await s.InstancesAsync("center-inspection"), Is.Empty);
        Assert.That((await s.GetAsync(s.Center, "/api/inspections")).AsArray(), Is.Empty);
    }

    private static object Plan(string units) => new
    {
        number = "JC-2026-01",
        title = "2026 年春季网络安全检查",
        unitCodes = units,
        scope = "安全保护制度和措施落实情况、信息系统和网站安全状况",
        plannedDate = "2026-03-02",
        inspectors = "张工、李工",
        jointUnits = "保卫处",
    };
}
