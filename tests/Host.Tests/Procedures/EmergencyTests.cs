using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Activities.Email;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>Art. 29–31: emergency plans filed with the leading group, drills, training, and the duty rota.</summary>
public sealed class EmergencyTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task TheSchoolPlanIsReturnedRevisedFiledAsAVersionAndReviewedYearly()
    {
        using var s = await Scenario.CreateAsync();
        var first = await s.StartAsync(s.Center, "emergency-plan-filing", SchoolPlan("第一版"));
        var id = first["id"]!.GetValue<string>();
        Assert.That(await s.RefuseAsync(s.LeadingGroup, id, "Task_File", new { decision = "file" }), Is.EqualTo(new[] { "filingNumber" }));
        await s.CompleteAsync(s.LeadingGroup, id, "Task_File", new { decision = "return", filingOpinion = "缺少联系方式" });
        await s.CompleteAsync(s.Center, id, "Task_Revise", new { title = "郑州工程技术学院网络信息安全应急预案", summary = "组织机构、分级、响应流程、联系方式", revisionNote = "补充联系方式" });
        var filed = await s.CompleteAsync(s.LeadingGroup, id, "Task_File", new { decision = "file", filingNumber = "BA-2026-01" });
        Assert.That(filed["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That((await s.EmailsAsync(id)).Select(e => e.Subject), Does.Contain("【应急预案已备案】郑州工程技术学院网络信息安全应急预案"));

        // A year later: the review reminder, once; a revision filed: version 2 in force, version 1 kept, superseded.
        s.App.Clock.Advance(TimeSpan.FromDays(336));
        await s.RunJobAsync("emergency-plan-review-scan");
        await s.RunJobAsync("emergency-plan-review-scan");
        var reminders = (await s.AllEmailsAsync()).Where(e => e.Subject == "【应急预案年度评估】郑州工程技术学院网络信息安全应急预案").ToList();
        Assert.That(reminders.Select(e => (e.To, e.Cc)), Is.EqualTo(new[] { ("center@zzut.edu.cn", "leading-group@zzut.edu.cn") }), "reminded once");

        var second = await s.StartAsync(s.Center, "emergency-plan-filing", SchoolPlan("年度修订"));
        await s.CompleteAsync(s.LeadingGroup, second["id"]!.GetValue<string>(), "Task_File", new { decision = "file", filingNumber = "BA-2027-01" });
        var plans = (await s.GetAsync(s.Unit, "/api/emergency-plans")).AsArray();
        Assert.That(plans.Select(p => (p!["version"]!.GetValue<int>(), p["status"]!.GetValue<string>(), p["filingNumber"]!.GetValue<string>())),
            Is.EqualTo(new[] { (2, "in-force", "BA-2027-01"), (1, "superseded", "BA-2026-01") }));
        Assert.That(plans[0]!["nextReviewDue"]!.GetValue<string>(), Is.EqualTo("2028-02-01"));
    }

    [Test]
    public async Task AUnitPlanNamesItsUnitAndReasonIsSignedByTheHeadAndFiled()
    {
        using var s = await Scenario.CreateAsync();
        var refused = await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "emergency-plan-filing", variables = new { scope = "unit", title = "学院预案", summary = "内容" } });
        Assert.That(await Scenario.RefusedFieldsAsync(refused), Is.EqualTo(new[] { "reason", "unitCode" }));
        var other = await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "emergency-plan-filing", variables = new { scope = "unit", unitCode = "wxy", title = "学院预案", summary = "内容", reason = "实验室系统" } });
        Assert.That(await Scenario.RefusedFieldsAsync(other), Is.EqualTo(new[] { "unitCode" }), "a unit files only its own plan");

        var plan = await s.StartAsync(s.Unit, "emergency-plan-filing", new { scope = "unit", unitCode = "jsj", title = "计算机学院实验室网络应急预案", summary = "实验室网络隔离、断网流程", reason = "学校预案未覆盖实验室专网" });
        var id = plan["id"]!.GetValue<string>();
        var head = await s.HeadAsync();
        await s.CompleteAsync(head, id, "Task_HeadSign", new { decision = "return", headOpinion = "补充值守人员" });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { title = "计算机学院实验室网络应急预案", summary = "实验室网络隔离、断网流程、值守人员", revisionNote = "补充值守人员", reason = "学校预案未覆盖实验室专网" });
        await s.CompleteAsync(head, id, "Task_HeadSign", new { decision = "approve" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_File", new { decision = "file", filingNumber = "BA-JSJ-01" });
        var mine = (await s.GetAsync(s.Unit, "/api/emergency-plans?status=in-force")).AsArray().Single()!;
        Assert.That((mine["scope"]!.GetValue<string>(), mine["unitCode"]!.GetValue<string>(), mine["version"]!.GetValue<int>()), Is.EqualTo(("unit", "jsj", 1)));
        Assert.That((await s.GetAsync(await s.OtherUnitAsync(), "/api/emergency-plans")).AsArray(), Is.Empty, "another unit does not read it");
    }

    [Test]
    public async Task ADrillIsPlannedRunEvaluatedAndItsPlanRevisionFollowedUp()
    {
        using var s = await Scenario.CreateAsync();
        var drill = await s.StartAsync(s.LeadingGroup, "emergency-drill", new
        {
            title = "2026 年网站篡改应急演练", scenario = "学院网站首页被篡改", planTitle = "郑州工程技术学院网络信息安全应急预案", plannedDate = "2026-03-10", participants = "信息与网络管理中心、计算机学院",
        });
        var id = drill["id"]!.GetValue<string>();
        Assert.That((await s.TaskAsync(s.Center, id, "Task_Run"))["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 10, 23, 59, 59, Beijing)));
        s.App.Clock.Advance(TimeSpan.FromDays(8));
        Assert.That(await s.RefuseAsync(s.Center, id, "Task_Run", new { heldOn = "2026-03-10", participants = "中心 5 人", participantCount = 0, processSummary = "发现、隔离、恢复" }),
            Is.EqualTo(new[] { "participantCount" }));
        await s.CompleteAsync(s.Center, id, "Task_Run", new { heldOn = "2026-03-10", participants = "中心 5 人、计算机学院 3 人", participantCount = 8, processSummary = "发现、隔离、恢复", problems = "联系人电话过期" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_Evaluate", new { evaluation = "响应及时，联络表需更新", revisionNeeded = "yes" });
        var row = (await s.GetAsync(s.Unit, "/api/drills")).AsArray().Single()!;
        Assert.That((row["status"]!.GetValue<string>(), row["participantCount"]!.GetValue<int>(), row["heldOn"]!.GetValue<string>()), Is.EqualTo(("revising", 8, "2026-03-10")));
        Assert.That(await s.RefuseAsync(s.Center, id, "Task_Revise", new { revisionSummary = "更新联络表", refiled = false }), Is.EqualTo(new[] { "refiled" }));
        await s.CompleteAsync(s.Center, id, "Task_Revise", new { revisionSummary = "更新联络表，备案编号 BA-2026-02", refiled = true });
        row = (await s.GetAsync(s.Center, "/api/drills")).AsArray().Single()!;
        Assert.That((row["status"]!.GetValue<string>(), row["revisionFollowedUpOn"]!.GetValue<string>()), Is.EqualTo(("closed", "2026-03-10")));
        var compliance = await s.GetAsync(s.Office, "/api/compliance");
        Assert.That((compliance["duties"]!["drills"]!["lastHeld"]!["heldOn"]!.GetValue<string>(), compliance["duties"]!["drills"]!["heldThisYear"]!.GetValue<int>()), Is.EqualTo(("2026-03-10", 1)));
    }

    [Test]
    public async Task OverThreeYearsTheLeadingGroupIsRemindedOnceInEachYearWithoutADrill()
    {
        using var s = await Scenario.CreateAsync();
        for (var day = 0; day < 1096; day++)
        {
            await s.RunJobAsync("drill-scan");
            if (s.Now.ToOffset(Beijing) is { Year: 2027, Month: 5, Day: 1 })
            {
                await s.StartAsync(s.LeadingGroup, "emergency-drill", new { title = "2027 年演练", scenario = "勒索病毒", plannedDate = "2027-06-01", participants = "中心" });
            }

            s.App.Clock.Advance(TimeSpan.FromDays(1));
        }

        var reminders = (await s.AllEmailsAsync()).Where(e => e.Subject.StartsWith("【应急演练提醒】", StringComparison.Ordinal)).ToList();
        Assert.That(reminders.Select(e => e.Subject), Is.EqualTo(new[] { "【应急演练提醒】2026 年尚未组织应急演练", "【应急演练提醒】2028 年尚未组织应急演练" }));
        Assert.That(reminders.Select(e => (e.To, e.Cc)).Distinct(), Is.EqualTo(new[] { ("leading-group@zzut.edu.cn", "center@zzut.edu.cn") }));
    }

    [Test]
    public async Task OverTwoYearsAUnitWithoutTrainingGetsOneReminderAYearAndATrainedUnitNone()
    {
        using var s = await Scenario.CreateAsync();
        Assert.That(await Scenario.RefusedFieldsAsync(await s.Unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "security-training",
            variables = new { unitCode = "jsj", trainingDate = "2026-03-03", topic = "应急预案培训", trainer = "张工", attendees = "李雷", attendeeCount = 0 },
        })), Is.EqualTo(new[] { "attendeeCount", "trainingDate" }));
        var training = await s.StartAsync(s.Unit, "security-training", new
        {
            unitCode = "jsj", trainingDate = "2026-03-02", topic = "网络信息安全应急预案培训", trainer = "张工", attendees = "李雷、韩梅梅", attendeeCount = 2, hours = 2, content = "预案宣传",
        });
        Assert.That(training["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var row = (await s.GetAsync(s.Unit, "/api/trainings")).AsArray().Single()!;
        Assert.That((row["trainingDate"]!.GetValue<string>(), row["attendeeCount"]!.GetValue<int>(), row["instances"]!.AsArray().Count), Is.EqualTo(("2026-03-02", 2, 1)));

        for (var day = 0; day < 731; day++)
        {
            await s.RunJobAsync("training-scan");
            s.App.Clock.Advance(TimeSpan.FromDays(1));
        }

        var reminders = (await s.AllEmailsAsync()).Where(e => e.Subject.StartsWith("【安全培训提醒】", StringComparison.Ordinal)).ToList();
        var units = (await s.GetAsync(s.Admin, "/api/units")).AsArray().Count;
        Assert.That(reminders.Count(e => e.To == "anquan@jsj.zzut.edu.cn"), Is.EqualTo(1), "jsj trained in 2026: reminded in 2027 only");
        Assert.That(reminders.Count(e => e.To == "anquan@wxy.zzut.edu.cn"), Is.EqualTo(2), "wxy: once in 2026, once in 2027");
        Assert.That(reminders, Has.Count.EqualTo((2 * units) - 1));
        Assert.That(reminders.First(e => e.To == "anquan@wxy.zzut.edu.cn").Cc, Is.EqualTo("head@wxy.zzut.edu.cn"));
    }

    [Test]
    public async Task TheDutyRotaSaysWhoIsOnDutyCoversHolidaysAndIncidentNoticesReachThePersonOnDuty()
    {
        using var s = await Scenario.CreateAsync();
        var directory = s.App.Services.GetRequiredService<IRecipientDirectory>();
        Assert.That(await directory.ResolveAsync(["duty:center"]), Is.EqualTo(new[] { "center@zzut.edu.cn" }), "nobody on duty: the center's mailbox");

        var shift = await s.Center.PostJsonAsync("/api/duty", new { personName = "王值班", phone = "13800000001", email = "wang@zzut.edu.cn", startsAt = s.Now.AddHours(-1), endsAt = s.Now.AddHours(23), note = "日常值守" });
        Assert.That(shift.StatusCode, Is.EqualTo(HttpStatusCode.Created), await shift.Content.ReadAsStringAsync());
        Assert.That(await directory.ResolveAsync(["duty:center"]), Is.EqualTo(new[] { "wang@zzut.edu.cn" }));
        var now = await s.GetAsync(s.Unit, "/api/duty/now");
        Assert.That(now["shifts"]!.AsArray().Single()!["personName"]!.GetValue<string>(), Is.EqualTo("王值班"));

        // An incident reported now reaches the person on duty.
        var incident = await s.StartAsync(s.Unit, "incident-report", new
        {
            unitCode = "jsj", title = "主页被篡改", occurredAt = s.Now.AddMinutes(-10), discoveredAt = s.Now.AddMinutes(-5), category = "network-attack", description = "首页被篡改",
        });
        var told = (await s.EmailsAsync(incident["id"]!.GetValue<string>())).Single(e => e.Subject == "【安全事件】jsj 主页被篡改");
        Assert.That(told.To, Is.EqualTo("wang@zzut.edu.cn"));

        // Bad shifts are refused naming the fields; the unit keeps only its own rota.
        Assert.That(await Scenario.RefusedFieldsAsync(await s.Center.PostJsonAsync("/api/duty", new { personName = "", phone = "1", email = "x", startsAt = s.Now, endsAt = s.Now.AddDays(-1) })),
            Is.EqualTo(new[] { "email", "endsAt", "personName" }));
        Assert.That((await s.Unit.PostJsonAsync("/api/duty", new { personName = "李", phone = "1", startsAt = s.Now, endsAt = s.Now.AddHours(8) })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await s.Unit.PostJsonAsync("/api/duty", new { team = "jsj", personName = "李安全", phone = "13800000002", email = "li@jsj.zzut.edu.cn", startsAt = s.Now, endsAt = s.Now.AddHours(8) })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await s.GetAsync(await s.OtherUnitAsync(), "/api/duty")).AsArray().Select(x => x!["team"]!.GetValue<string>()), Is.EqualTo(new[] { "center" }), "wxy does not read jsj's rota");
        Assert.That(await directory.ResolveAsync(["duty:jsj"]), Is.EqualTo(new[] { "li@jsj.zzut.edu.cn" }));

        // 劳动节 2026 (1–5 May): covered from 1 May 00:00 to 3 May 00:00 only.
        var mayDay = new DateTimeOffset(2026, 5, 1, 0, 0, 0, Beijing);
        Assert.That((await s.Center.PostJsonAsync("/api/duty", new { personName = "赵值班", phone = "13800000003", startsAt = mayDay, endsAt = mayDay.AddDays(2), note = "劳动节" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var holidays = (await s.GetAsync(s.Center, "/api/duty/holidays?year=2026")).AsArray();
        var labour = holidays.Single(h => h!["name"]!.GetValue<string>().Contains("劳动节", StringComparison.Ordinal))!;
        Assert.That((labour["from"]!.GetValue<string>(), labour["to"]!.GetValue<string>()), Is.EqualTo(("2026-05-01", "2026-05-05")));
        var gap = labour["gaps"]!.AsArray().Single()!;
        Assert.That((gap["from"]!.GetValue<DateTimeOffset>(), gap["to"]!.GetValue<DateTimeOffset>()), Is.EqualTo((mayDay.AddDays(2), mayDay.AddDays(5))));
        Assert.That(holidays.Where(h => h != labour).All(h => !h!["covered"]!.GetValue<bool>()), Is.True);
    }

    private static object SchoolPlan(string note) => new
    {
        scope = "school",
        title = "郑州工程技术学院网络信息安全应急预案",
        summary = "组织机构、事件分级、响应流程",
        revisionNote = note,
        effectiveDate = "2026-03-02",
    };
}
