using System.Net;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>P1: system construction, grading and filing (system-grading-filing), through the HTTP API with a fake clock.</summary>
public sealed class SystemGradingFilingTests
{
    private const string Officer = "anquan@jsj.zzut.edu.cn";

    [Test]
    public async Task ALevelOneSystemSkipsFilingAndEvaluationAfterTheExpertsReturnedItOnce()
    {
        using var s = await Scenario.CreateAsync();
        var instance = await s.StartAsync(s.Unit, "system-grading-filing", Application(level: 1));
        var id = instance["id"]!.GetValue<string>();
        var systemPath = $"/api/systems/{instance["variables"]!["systemId"]!.GetValue<string>()}";
        var system = await s.GetAsync(s.Unit, systemPath);
        Assert.That((system["status"]!.GetValue<string>(), system["proposedLevel"]!.GetValue<int>(), system["unitCode"]!.GetValue<string>()), Is.EqualTo(("applying", 1, "jsj")));

        var review = await s.TaskAsync(s.Expert, id, "Task_ExpertReview");
        Assert.That(review["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start.AddDays(14)));
        Assert.That((await s.EmailsAsync(id)).Single().To, Does.Contain("experts@zzut.edu.cn").And.Contain("leading-group@zzut.edu.cn"));
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "return", expertOpinion = "预算偏高" });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "压缩预算", budget = 80000 });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_ExpertReview" }), "back to the experts");
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "approve", expertOpinion = "同意" });
        Assert.That((await s.GetAsync(s.Unit, systemPath))["status"]!.GetValue<string>(), Is.EqualTo("reviewing"));
        await s.CompleteAsync(s.LeadingGroup, id, "Task_SecurityReview", new { decision = "approve", approvedLevel = 1, reviewOpinion = "定为一级" });

        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_Hosting" }), "level 1: no filing");
        await BuildAndTrialAsync(s, id);
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_CompletionAcceptance" }), "level 1: no evaluation");
        var done = await s.CompleteAsync(s.LeadingGroup, id, "Task_CompletionAcceptance", new { decision = "approve", completionAcceptanceDate = "2026-06-30", headLetterSigned = true });

        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        system = await s.GetAsync(s.Unit, systemPath);
        Assert.That(system["status"]!.GetValue<string>(), Is.EqualTo("accepted"));
        Assert.That(system["approvedLevel"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(system["budget"]!.GetValue<decimal>(), Is.EqualTo(80000m), "the revised budget");
        Assert.That(system["filingNumber"], Is.Null);
        Assert.That(system["lastEvaluationDate"], Is.Null);
        Assert.That(system["nextEvaluationDue"], Is.Null, "level 1 is never evaluated");
        Assert.That(system["completionAcceptanceDate"]!.GetValue<string>(), Is.EqualTo("2026-06-30"));
        Assert.That(system["preliminaryAcceptanceDate"]!.GetValue<string>(), Is.EqualTo("2026-06-01"));
        var entered = await s.HistoryElementsAsync(id, "element.entered");
        Assert.That(entered, Does.Not.Contain("Task_File").And.Not.Contain("Task_Evaluation"));
        Assert.That(entered.Count(e => e == "Task_ExpertReview"), Is.EqualTo(2));
        Assert.That(await s.EmailsAsync(id), Does.Contain((Officer, string.Empty, "【已验收】教务管理系统")));
    }

    [Test]
    public async Task ALevelThreeSystemIsFiledAfterAReminderAndAnEscalationAndIsEvaluatedWithRectification()
    {
        using var s = await Scenario.CreateAsync();
        var instance = await s.StartAsync(s.Unit, "system-grading-filing", Application(level: 3));
        var id = instance["id"]!.GetValue<string>();
        var systemPath = $"/api/systems/{instance["variables"]!["systemId"]!.GetValue<string>()}";
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "approve", expertOpinion = "同意" });

        // The level review returns the plan once; the revision goes straight back to the level review.
        await s.CompleteAsync(s.Center, id, "Task_SecurityReview", new { decision = "return", approvedLevel = 3, reviewOpinion = "补充等保三级措施" });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "已补充", proposedLevel = 3 });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_SecurityReview" }));
        await s.CompleteAsync(s.LeadingGroup, id, "Task_SecurityReview", new { decision = "approve", approvedLevel = 3, reviewOpinion = "定为三级" });
        var system = await s.GetAsync(s.Unit, systemPath);
        Assert.That((system["approvedLevel"]!.GetValue<int>(), system["status"]!.GetValue<string>(), system["levelApprovedDate"]!.GetValue<string>()), Is.EqualTo((3, "building", "2026-03-02")));

        var filing = await s.TaskAsync(s.Office, id, "Task_File");
        Assert.That(filing["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start.AddDays(30)), "30 days from the level");
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(25) - TimeSpan.FromSeconds(1)), Is.Zero);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromSeconds(1)), Is.EqualTo(1));
        var reminder = (await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【备案提醒】", StringComparison.Ordinal));
        Assert.That(reminder.To, Does.Contain("leading-group@zzut.edu.cn").And.Contain("office@zzut.edu.cn"));
        Assert.That((await s.EmailsAsync(id)).Any(e => e.Subject.StartsWith("【逾期未备案】", StringComparison.Ordinal)), Is.False);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(5)), Is.EqualTo(1));
        var escalation = (await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【逾期未备案】", StringComparison.Ordinal));
        Assert.That((escalation.To, escalation.Cc), Is.EqualTo(("leading-group@zzut.edu.cn", "office@zzut.edu.cn")));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_File" }), "escalation does not end the filing task");

        await s.CompleteAsync(s.LeadingGroup, id, "Task_File", new { filingNumber = "41010099999-26001", filingDate = "2026-04-03" });
        system = await s.GetAsync(s.Unit, systemPath);
        Assert.That((system["filingNumber"]!.GetValue<string>(), system["filingDate"]!.GetValue<string>()), Is.EqualTo(("41010099999-26001", "2026-04-03")));

        await BuildAndTrialAsync(s, id);
        Assert.That((await s.GetAsync(s.Unit, systemPath))["status"]!.GetValue<string>(), Is.EqualTo("evaluating"));
        await s.CompleteAsync(s.Center, id, "Task_Evaluation", new { evaluationOrganization = "河南省信息安全测评中心", evaluationDate = "2026-06-10", conclusion = "basically-conform", score = 82, findings = "弱口令；日志保存不足 6 个月" });
        await s.CompleteAsync(s.Unit, id, "Task_Rectify", new { rectificationSummary = "已修改口令" });
        await s.CompleteAsync(s.Center, id, "Task_Recheck", new { decision = "return", recheckNote = "日志仍不足" });
        await s.CompleteAsync(s.Unit, id, "Task_Rectify", new { rectificationSummary = "日志保存延长至 12 个月" });
        await s.CompleteAsync(s.Center, id, "Task_Recheck", new { decision = "approve" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_CompletionAcceptance", new { decision = "approve", completionAcceptanceDate = "2026-07-01", headLetterSigned = true, vendorLetterSigned = true });

        system = await s.GetAsync(s.Unit, systemPath);
        Assert.That(system["status"]!.GetValue<string>(), Is.EqualTo("accepted"));
        Assert.That(system["lastEvaluationDate"]!.GetValue<string>(), Is.EqualTo("2026-06-10"));
        Assert.That(system["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2027-06-10"), "level 3: every 12 months");
        Assert.That(system["instances"]!.AsArray().Single()!["definitionKey"]!.GetValue<string>(), Is.EqualTo("system-grading-filing"));
        Assert.That((await s.HistoryElementsAsync(id, "element.entered")).Count(e => e == "Task_Rectify"), Is.EqualTo(2));
    }

    [Test]
    public async Task ALevelOfSevenAnUnknownUnitOrAMissingNameIsRefusedAndNothingIsWritten()
    {
        using var s = await Scenario.CreateAsync();
        async Task<string[]> RefusedAsync(HttpClient client, object variables)
        {
            var response = await client.PostJsonAsync("/api/instances", new { definitionKey = "system-grading-filing", variables });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
            return [.. (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key)];
        }

        Assert.That(await RefusedAsync(s.Unit, Application(level: 7)), Is.EqualTo(new[] { "proposedLevel" }));
        Assert.That(await RefusedAsync(s.Unit, Application(level: 0)), Is.EqualTo(new[] { "proposedLevel" }));
        Assert.That(await RefusedAsync(s.Center, Application(level: 2) with { unitCode = "nosuch" }), Is.EqualTo(new[] { "unitCode" }));
        Assert.That(await RefusedAsync(s.Unit, Application(level: 2) with { systemName = " " }), Is.EqualTo(new[] { "systemName" }));
        Assert.That(await RefusedAsync(s.Unit, new { unitCode = "jsj", systemName = "x", proposedLevel = "three" }), Is.SupersetOf(new[] { "proposedLevel", "businessNeed", "budget", "gradingReport" }));

        Assert.That((await s.GetAsync(s.Admin, "/api/instances?definitionKey=system-grading-filing")).AsArray(), Is.Empty);
        Assert.That((await s.GetAsync(s.Admin, "/api/systems")).AsArray(), Is.Empty);
    }

    [Test]
    public async Task ATaskCompletionWithALevelOutOfRangeIsRefusedAndTheTaskStaysOpen()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "system-grading-filing", Application(level: 2)))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "approve", expertOpinion = "同意" });
        var task = await s.TaskAsync(s.LeadingGroup, id, "Task_SecurityReview");
        var response = await s.LeadingGroup.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables = new { decision = "maybe", approvedLevel = 7, reviewOpinion = "?" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "decision", "approvedLevel" }));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_SecurityReview" }));
    }

    internal sealed record ApplicationVariables(string unitCode, string systemName, string businessNeed, int budget, int proposedLevel, string gradingReport);

    internal static ApplicationVariables Application(int level) =>
        new("jsj", "教务管理系统", "学生选课与成绩管理", 120000, level, "定级报告：业务信息与系统服务安全");

    private static async Task BuildAndTrialAsync(Scenario s, string id)
    {
        await s.CompleteAsync(s.Center, id, "Task_Hosting", new { hostingType = "cloud-vm", serverName = "jwxt-01", ipAddress = "10.10.1.20" });
        await s.CompleteAsync(s.Unit, id, "Task_Build", new { measuresInPlace = true, buildSummary = "已完成建设" });
        await s.CompleteAsync(s.Unit, id, "Task_TrialAcceptance", new { preliminaryAcceptanceDate = "2026-06-01", preliminaryAcceptanceReport = "试运行正常" });
    }
}
