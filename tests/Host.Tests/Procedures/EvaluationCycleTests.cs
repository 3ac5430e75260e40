using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>P2: the evaluation cycle by level, started by evaluation-scan, over simulated years.</summary>
public sealed class EvaluationCycleTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task OverThreeYearsLevelFourIsEvaluatedTwiceAYearLevelThreeYearlyLevelTwoOnceAndLevelOneNever()
    {
        using var s = await Scenario.CreateAsync();
        var ids = new Dictionary<int, string>();
        foreach (var level in new[] { 1, 2, 3, 4 })
        {
            ids[level] = (await RegisterSystemAsync(s, $"{level} 级系统", level, "2026-03-02"))["id"]!.GetValue<string>();
        }

        var starts = new Dictionary<string, List<string>>();
        var end = new DateOnly(2029, 3, 2);
        var sameDayRerun = false;
        for (var day = Today(s); day <= end; day = day.AddDays(1))
        {
            var run = await RunScanAsync(s, s.Admin, "evaluation-scan");
            foreach (var instanceId in run["startedIds"]!.AsArray().Select(i => i!.GetValue<string>()))
            {
                var instance = await s.InstanceAsync(instanceId);
                var system = instance["variables"]!["systemId"]!.GetValue<string>();
                starts.TryAdd(system, []);
                starts[system].Add(Day(instance["startedAt"]!.GetValue<DateTimeOffset>()));
                Assert.That(instance["businessKey"]!.GetValue<string>(), Is.EqualTo($"system:{system}:eval:{instance["variables"]!["dueDate"]!.GetValue<string>()[..7]}"));
            }

            if (run["started"]!.GetValue<int>() > 0 && !sameDayRerun)
            {
                var again = await RunScanAsync(s, s.Admin, "evaluation-scan");
                Assert.That((again["started"]!.GetValue<int>(), again["skipped"]!.GetValue<int>()), Is.EqualTo((0, run["started"]!.GetValue<int>())), "the same day again starts nothing");
                sameDayRerun = true;
            }

            // Each evaluation is done on its due date, with no findings.
            foreach (var task in (await s.GetAsync(s.Center, "/api/tasks?status=open")).AsArray().Where(t => t!["definitionKey"]!.GetValue<string>() == "level-evaluation"))
            {
                var instanceId = task!["instanceId"]!.GetValue<string>();
                var due = (await s.InstanceAsync(instanceId))["variables"]!["dueDate"]!.GetValue<string>();
                if (due == Day(s.Now) && task["elementId"]!.GetValue<string>() == "Task_Arrange")
                {
                    await s.CompleteAsync(s.Center, instanceId, "Task_Arrange", new { evaluationOrganization = "河南省信息安全测评中心", plannedDate = due });
                    await s.CompleteAsync(s.Center, instanceId, "Task_Result", new { evaluationOrganization = "河南省信息安全测评中心", evaluationDate = due, conclusion = "conform", score = 90 });
                }
            }

            await s.AdvanceAsync(TimeSpan.FromDays(1));
        }

        Assert.That(starts.GetValueOrDefault(ids[4]), Is.EqualTo(new[] { "2026-08-03", "2027-01-31", "2027-08-03", "2028-02-01", "2028-08-03", "2029-01-31" }), "level 4: every 6 months, 30 days ahead");
        Assert.That(starts.GetValueOrDefault(ids[3]), Is.EqualTo(new[] { "2027-01-31", "2028-02-01", "2029-01-31" }), "level 3: yearly");
        Assert.That(starts.GetValueOrDefault(ids[2]), Is.EqualTo(new[] { "2028-02-01" }), "level 2: every two years");
        Assert.That(starts.ContainsKey(ids[1]), Is.False, "level 1: never");
        var level4 = await s.GetAsync(s.Center, $"/api/systems/{ids[4]}");
        Assert.That((level4["lastEvaluationDate"]!.GetValue<string>(), level4["nextEvaluationDue"]!.GetValue<string>()), Is.EqualTo(("2029-03-02", "2029-09-02")));
        Assert.That((await s.GetAsync(s.Admin, "/api/instances?definitionKey=level-evaluation")).AsArray(), Has.Count.EqualTo(10));
        var runs = (await s.GetAsync(s.Admin, "/api/jobs/evaluation-scan/runs?take=500")).AsArray();
        Assert.That(runs, Has.Count.EqualTo(500));
        Assert.That(runs.All(r => r!["trigger"]!.GetValue<string>() == "manual:admin" && r["error"] is null), Is.True);
    }

    [Test]
    public async Task AnOverdueEvaluationTellsTheCenterAtTheEndOfItsDueDayAndTheLeadingGroupTwoWeeksLater()
    {
        using var s = await Scenario.CreateAsync();
        await RegisterSystemAsync(s, "教务系统", 3, "2025-03-12");
        var id = (await RunScanAsync(s, s.Admin, "evaluation-scan"))["startedIds"]!.AsArray().Single()!.GetValue<string>();
        Assert.That((await s.InstanceAsync(id))["variables"]!["dueDate"]!.GetValue<string>(), Is.EqualTo("2026-03-12"));
        await s.CompleteAsync(s.Center, id, "Task_Arrange", new { evaluationOrganization = "测评中心", plannedDate = "2026-03-10" });

        // Due on 12 March: nothing until the end of that day, then the center; the leading group 14 days later.
        var endOfDueDay = new DateTimeOffset(2026, 3, 12, 23, 59, 59, Beijing);
        Assert.That(await s.AdvanceAsync(endOfDueDay - s.Now - TimeSpan.FromSeconds(1)), Is.Zero);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromSeconds(1)), Is.EqualTo(1));
        var toCenter = (await s.EmailsAsync(id)).Single(e => e.Subject == "【等级测评逾期】教务系统");
        Assert.That((toCenter.To, toCenter.Cc), Is.EqualTo(("center@zzut.edu.cn", "anquan@jsj.zzut.edu.cn")));
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1)), Is.Zero);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromSeconds(1)), Is.EqualTo(1));
        var toLeadingGroup = (await s.EmailsAsync(id)).Single(e => e.Subject == "【等级测评逾期未完成】教务系统");
        Assert.That((toLeadingGroup.To, toLeadingGroup.Cc), Is.EqualTo(("leading-group@zzut.edu.cn", "center@zzut.edu.cn,office@zzut.edu.cn")));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Sub_Evaluation", "Task_Result" }), "the evaluation itself is still to be done");

        // Recording the result disarms whatever is left; nothing fires afterwards.
        await s.CompleteAsync(s.Center, id, "Task_Result", new { evaluationOrganization = "测评中心", evaluationDate = "2026-03-26", conclusion = "conform", score = 91 });
        Assert.That((await s.InstanceAsync(id))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That((await s.GetAsync(s.Admin, $"/api/timers")).AsArray().Where(t => t!["instanceId"]?.GetValue<string>() == id), Is.Empty);
    }

    [Test]
    public async Task AnOverdueRectificationIsRemindedEscalatedAndTheUnitCriticised()
    {
        using var s = await Scenario.CreateAsync();
        var systemId = (await RegisterSystemAsync(s, "一卡通", 3, "2025-03-20"))["id"]!.GetValue<string>();
        var run = await RunScanAsync(s, s.Admin, "evaluation-scan");
        var id = run["startedIds"]!.AsArray().Single()!.GetValue<string>();
        var emails = await s.EmailsAsync(id);
        Assert.That(emails.Select(e => e.Subject), Has.Some.EqualTo("【等级测评】一卡通"));
        Assert.That(emails.Single(e => e.Subject == "【等级测评】一卡通").To, Is.EqualTo("anquan@jsj.zzut.edu.cn,center@zzut.edu.cn"));

        await s.CompleteAsync(s.Center, id, "Task_Arrange", new { evaluationOrganization = "测评中心", plannedDate = "2026-03-10" });
        await s.CompleteAsync(s.Center, id, "Task_Result", new { evaluationOrganization = "测评中心", evaluationDate = "2026-03-02", conclusion = "basically-conform", findings = "弱口令" });
        Assert.That((await s.GetAsync(s.Center, $"/api/systems/{systemId}"))["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2027-03-02"));
        await s.CompleteAsync(s.Center, id, "Task_IssueNotice", new { noticeNumber = "ZG-2026-001", requirements = "修改弱口令，启用双因素认证", deadline = "2026-03-20" });
        var notice = (await s.GetAsync(s.Unit, "/api/rectification-notices")).AsArray().Single()!;
        Assert.That((notice["status"]!.GetValue<string>(), notice["deadline"]!.GetValue<string>(), notice["number"]!.GetValue<string>()), Is.EqualTo(("open", "2026-03-20", "ZG-2026-001")));
        Assert.That((await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【限期整改通知书】", StringComparison.Ordinal)).To, Is.EqualTo("anquan@jsj.zzut.edu.cn"));
        await s.CompleteAsync(s.Unit, id, "Task_Plan", new { rectificationPlan = "两周内完成" });
        var rectify = await s.TaskAsync(s.Unit, id, "Task_Rectify");
        Assert.That(rectify["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 20, 23, 59, 59, Beijing)));

        // Three working days before the deadline (Friday the 20th): Tuesday the 17th, 09:00.
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 3, 17, 8, 59, 0, Beijing) - s.Now), Is.Zero);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromMinutes(1)), Is.EqualTo(1));
        Assert.That((await s.EmailsAsync(id)).Count(e => e.Subject == "【整改提醒】一卡通"), Is.EqualTo(1));
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 3, 20, 23, 59, 59, Beijing) - s.Now), Is.EqualTo(1), "the deadline passes");
        Assert.That((await s.GetAsync(s.Office, $"/api/rectification-notices/{notice["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("overdue"));
        var escalation = (await s.EmailsAsync(id)).Single(e => e.Subject == "【逾期未整改】一卡通");
        Assert.That((escalation.To, escalation.Cc), Is.EqualTo(("leading-group@zzut.edu.cn", "office@zzut.edu.cn")));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_Criticism", "Task_Rectify" }), "the unit still has to rectify");

        await s.CompleteAsync(s.LeadingGroup, id, "Task_Criticism", new { criticise = "yes", reason = "逾期未完成等级测评整改" });
        var criticism = (await s.GetAsync(s.Unit, "/api/criticisms")).AsArray().Single()!;
        Assert.That((criticism["unitCode"]!.GetValue<string>(), criticism["reason"]!.GetValue<string>(), criticism["decidedBy"]!.GetValue<string>(), criticism["noticeId"]!.GetValue<string>()),
            Is.EqualTo(("jsj", "逾期未完成等级测评整改", "lingdao", notice["id"]!.GetValue<string>())));
        Assert.That((await s.EmailsAsync(id)).Single(e => e.Subject == "【通报批评】一卡通").To, Is.EqualTo("anquan@jsj.zzut.edu.cn,head@jsj.zzut.edu.cn"));

        await s.CompleteAsync(s.Unit, id, "Task_Rectify", new { rectificationSummary = "已修改口令" });
        await s.CompleteAsync(s.Center, id, "Task_Verify", new { decision = "return", verifyNote = "未启用双因素认证" });

        // Back at the rectification after the deadline: its timers are already due, but nobody is told or asked twice.
        Assert.That(await s.AdvanceAsync(TimeSpan.Zero), Is.EqualTo(2));
        emails = await s.EmailsAsync(id);
        Assert.That((emails.Count(e => e.Subject == "【整改提醒】一卡通"), emails.Count(e => e.Subject == "【逾期未整改】一卡通")), Is.EqualTo((1, 1)));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_Rectify" }));
        await s.CompleteAsync(s.Unit, id, "Task_Rectify", new { rectificationSummary = "已启用双因素认证" });
        var done = await s.CompleteAsync(s.Center, id, "Task_Verify", new { decision = "approve" });
        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        notice = await s.GetAsync(s.Office, $"/api/rectification-notices/{notice["id"]}");
        Assert.That((notice["status"]!.GetValue<string>(), notice["completedDate"]!.GetValue<string>()), Is.EqualTo(("completed", "2026-03-20")));
        var compliance = await s.GetAsync(s.LeadingGroup, "/api/compliance");
        Assert.That(compliance["rectificationNotices"]!.AsArray(), Is.Empty);
        Assert.That(compliance["criticisms"]!.AsArray().Single()!["unitCode"]!.GetValue<string>(), Is.EqualTo("jsj"));
    }

    [Test]
    public async Task ASystemNeverEvaluatedGetsOneFirstEvaluationHoweverLongItTakes()
    {
        using var s = await Scenario.CreateAsync();
        var created = await s.Center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = "新系统", proposedLevel = 2, approvedLevel = 2, status = "accepted" });
        var systemId = (await created.ReadJsonAsync())["id"]!.GetValue<string>();
        var first = await RunScanAsync(s, s.Admin, "evaluation-scan");
        var id = first["startedIds"]!.AsArray().Single()!.GetValue<string>();
        Assert.That((await s.InstanceAsync(id))["businessKey"]!.GetValue<string>(), Is.EqualTo($"system:{systemId}:eval:first"));
        foreach (var days in new[] { 1, 31, 62 })
        {
            await s.AdvanceAsync(TimeSpan.FromDays(days));
            Assert.That((await RunScanAsync(s, s.Admin, "evaluation-scan"))["started"]!.GetValue<int>(), Is.Zero, "still the first evaluation, in a later month");
        }
    }

    [Test]
    public async Task ChangingThePeriodTableChangesTheDueDatesComputedFromThenOn()
    {
        using var s = await Scenario.CreateAsync();
        var before = await RegisterSystemAsync(s, "教务系统", 3, "2026-01-10");
        Assert.That(before["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2027-01-10"));

        Assert.That((await s.Center.PutAsJsonAsync("/api/evaluation-periods/3", new { months = 6 })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await s.Admin.PutAsJsonAsync("/api/evaluation-periods/3", new { months = -1 })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await s.Admin.PutAsJsonAsync("/api/evaluation-periods/3", new { months = 6 })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await s.GetAsync(s.Unit, "/api/evaluation-periods")).AsArray().Single(p => p!["level"]!.GetValue<int>() == 3)!["months"]!.GetValue<int>(), Is.EqualTo(6));

        Assert.That((await s.GetAsync(s.Center, $"/api/systems/{before["id"]}"))["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2027-01-10"), "a due date already computed stays");
        var after = await RegisterSystemAsync(s, "一卡通", 3, "2026-01-10");
        Assert.That(after["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2026-07-10"), "computed from then on: 6 months");

        Assert.That((await s.Admin.PutAsJsonAsync("/api/evaluation-periods/3?recompute=true", new { months = 6 })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await s.GetAsync(s.Center, $"/api/systems/{before["id"]}"))["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2026-07-10"), "recompute moves existing ones too");
    }

    [Test]
    public async Task TheScheduledRunIsRecordedLikeAManualOne()
    {
        using var s = await Scenario.CreateAsync();
        await RegisterSystemAsync(s, "一卡通", 3, "2025-03-20");

        // What Hangfire's recurring job calls.
        using (var scope = s.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Jobs.WorkflowJobs>().RunRecurringAsync("evaluation-scan", CancellationToken.None);
        }

        var run = (await s.GetAsync(s.Admin, "/api/jobs/evaluation-scan/runs")).AsArray().Single()!;
        Assert.That((run["trigger"]!.GetValue<string>(), run["started"]!.GetValue<int>(), run["error"]), Is.EqualTo(("schedule", 1, (JsonNode?)null)));
        var instance = await s.InstanceAsync(run["startedIds"]![0]!.GetValue<string>());
        Assert.That(instance["definitionKey"]!.GetValue<string>(), Is.EqualTo("level-evaluation"));
        var history = (await s.GetAsync(s.Admin, $"/api/instances/{instance["id"]}/history")).AsArray();
        Assert.That(history.First(h => h!["type"]!.GetValue<string>() == "instance.started")!["actor"]!.GetValue<string>(), Is.EqualTo("scan:evaluation-scan"));
    }

    [Test]
    public async Task OnlyAdministratorsRunScansAndARefusedRunRecordsNothing()
    {
        using var s = await Scenario.CreateAsync();
        await RegisterSystemAsync(s, "一卡通", 3, "2025-03-20");
        foreach (var client in new[] { s.Center, s.Office, s.LeadingGroup, s.Unit })
        {
            Assert.That((await client.PostAsync("/api/jobs/evaluation-scan/run", null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        Assert.That((await s.Admin.PostAsync("/api/jobs/no-such-scan/run", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await s.GetAsync(s.Admin, "/api/jobs/evaluation-scan/runs")).AsArray(), Is.Empty);
        Assert.That((await s.GetAsync(s.Admin, "/api/instances?definitionKey=level-evaluation")).AsArray(), Is.Empty);
        var jobs = (await s.GetAsync(s.Admin, "/api/jobs")).AsArray();
        Assert.That(jobs.Select(j => (j!["name"]!.GetValue<string>(), j["cron"]!.GetValue<string>(), j["timeZone"]!.GetValue<string>())),
            Is.EqualTo(new[]
            {
                ("annual-report-scan", "0 9 * * *", "Asia/Shanghai"), ("calendar-check", "0 9 * 12 1", "Asia/Shanghai"), ("drill-scan", "45 7 * * *", "Asia/Shanghai"),
                ("emergency-plan-review-scan", "15 7 * * *", "Asia/Shanghai"), ("evaluation-scan", "0 6 * * *", "Asia/Shanghai"), ("letter-scan", "0 8 * * *", "Asia/Shanghai"),
                ("self-inspection-scan", "0 7 * * *", "Asia/Shanghai"), ("service-period-scan", "30 6 * * *", "Asia/Shanghai"), ("training-scan", "30 7 * * *", "Asia/Shanghai"),
                ("vm-reregistration-scan", "15 6 * * *", "Asia/Shanghai"), ("website-watch", "0 * * * *", "Asia/Shanghai"),
            }));
    }

    internal static async Task<JsonNode> RunScanAsync(Scenario s, HttpClient client, string name)
    {
        var response = await client.PostAsync($"/api/jobs/{name}/run", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static async Task<JsonNode> RegisterSystemAsync(Scenario s, string name, int level, string lastEvaluation)
    {
        var response = await s.Center.PostJsonAsync("/api/systems", level == 1
            ? new { unitCode = "jsj", name, proposedLevel = level, approvedLevel = level, status = "accepted" }
            : (object)new { unitCode = "jsj", name, proposedLevel = level, approvedLevel = level, status = "accepted", lastEvaluationDate = lastEvaluation, filingNumber = "41010099999-" + level });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static DateOnly Today(Scenario s) => DateOnly.FromDateTime(s.Now.ToOffset(Beijing).DateTime);

    private static string Day(DateTimeOffset instant) => instant.ToOffset(Beijing).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
