using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>P5: security incident report and handling (incident-report), through the HTTP API with a fake clock.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class IncidentReportTests(DatabaseProvider provider)
{
    private const string Officer = "anquan@jsj.zzut.edu.cn";
    private const string Head = "head@jsj.zzut.edu.cn";
    private const string OfficeMailbox = "office@zzut.edu.cn";
    private const string CenterMailbox = "center@zzut.edu.cn";
    private const string LeadingGroupMailbox = "leading-group@zzut.edu.cn";
    private const string SchoolLeaderMailbox = "school-leader@zzut.edu.cn";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>Friday 18 September 2026, 08:00 Beijing time; Sunday the 20th is a working day (国庆节调休).</summary>
    private static readonly DateTimeOffset Friday = new(2026, 9, 18, 8, 0, 0, Beijing);

    [Test]
    public async Task DeadlineTimersThatFireTogetherEachJudgeTheirOwnDeadlineAndEveryNoticeIsSentOnce()
    {
        // The host was down for three hours: the 30-minute, 1-hour and 2-hour timers all fire in one sweep, in any order.
        using var s = await Scenario.CreateAsync(Friday, provider: provider);
        var occurred = Friday.AddMinutes(-20);
        var instance = await StartAsync(s, occurred, occurred.AddMinutes(5));
        var id = instance["id"]!.GetValue<string>();
        Assert.That(await s.AdvanceAsync(TimeSpan.FromHours(3)), Is.EqualTo(3));

        var subjects = (await s.EmailsAsync(id)).Select(e => e.Subject).ToList();
        Assert.That(subjects.Count(x => x.StartsWith("【口头报告超时】", StringComparison.Ordinal)), Is.EqualTo(1), string.Join(", ", subjects));
        Assert.That(subjects.Count(x => x.StartsWith("【漏报】", StringComparison.Ordinal)), Is.EqualTo(1), string.Join(", ", subjects));
        Assert.That(subjects.Count(x => x.StartsWith("【瞒报】", StringComparison.Ordinal)), Is.EqualTo(1), string.Join(", ", subjects));
        var incident = await s.GetAsync(s.Unit, $"/api/incidents/{instance["variables"]!["incidentId"]!.GetValue<string>()}");
        Assert.That((incident["reportingStatus"]!.GetValue<string>(), incident["oralReportStatus"]!.GetValue<string>()), Is.EqualTo(("concealed", "late")));
    }

    [Test]
    public async Task AnIncidentReportedInTimeGoesThroughItsThreePhasesWithTheRectificationDueOnTheWorkedSunday()
    {
        using var s = await Scenario.CreateAsync(Friday, provider: provider);
        var occurred = Friday.AddMinutes(-20);
        var instance = await StartAsync(s, occurred, occurred.AddMinutes(5));
        var id = instance["id"]!.GetValue<string>();
        var incidentPath = $"/api/incidents/{instance["variables"]!["incidentId"]!.GetValue<string>()}";

        var incident = await s.GetAsync(s.Unit, incidentPath);
        Assert.That(incident["phase"]!.GetValue<string>(), Is.EqualTo("emergency"));
        Assert.That(incident["reportingStatus"]!.GetValue<string>(), Is.EqualTo("onTime"), "entered 20 minutes after the occurrence");
        Assert.That(incident["enteredAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(Friday));
        Assert.That(incident["instances"]!.AsArray().Single()!["instanceId"]!.GetValue<string>(), Is.EqualTo(id));

        var oral = await s.TaskAsync(s.Unit, id, "Task_OralReport");
        var written = await s.TaskAsync(s.Unit, id, "Task_WrittenReport");
        Assert.That(oral["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(occurred.AddMinutes(30)), "oral report: 30 minutes from the occurrence");
        Assert.That(written["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(occurred.AddHours(1)), "written report: 1 hour from the occurrence");
        Assert.That(written["candidateGroups"]!.AsArray().Select(g => g!.GetValue<string>()), Is.EqualTo(new[] { "unit:jsj" }));
        var emails = await s.EmailsAsync(id);
        Assert.That(emails.Where(e => e.To == Officer).Select(e => e.Subject), Has.Some.Contains("口头报告").And.Some.Contains("书面报告"));
        Assert.That(emails, Does.Contain(($"{CenterMailbox},{OfficeMailbox}", string.Empty, "【安全事件】主页被篡改")), "the center and the office are told at entry");
        Assert.That(emails.Where(e => e.Subject.StartsWith("【漏报】", StringComparison.Ordinal) || e.Subject.StartsWith("【口头报告超时】", StringComparison.Ordinal)), Is.Empty, "nothing is late");
        Assert.That((await s.TaskAsync(s.Center, id, "Task_CenterCoordinate"))["candidateGroups"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("role:center"));

        await s.CompleteAsync(s.Unit, id, "Task_OralReport", new { oralReportAt = Iso(Friday), oralReportTo = "分管校领导、领导小组办公室" });
        Assert.That(await s.AdvanceAsync(TimeSpan.FromMinutes(10)), Is.Zero);
        await s.CompleteAsync(s.Unit, id, "Task_WrittenReport", WrittenReport());
        incident = await s.GetAsync(s.Unit, incidentPath);
        Assert.That(incident["writtenReportAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(Friday.AddMinutes(10)));
        Assert.That(incident["oralReportAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(Friday));
        Assert.That((incident["oralReportTo"]!.GetValue<string>(), incident["oralReportStatus"]!.GetValue<string>()), Is.EqualTo(("分管校领导、领导小组办公室", "onTime")));
        Assert.That(incident["reportingStatus"]!.GetValue<string>(), Is.EqualTo("onTime"));
        Assert.That(incident["phase"]!.GetValue<string>(), Is.EqualTo("in-progress"));
        Assert.That(incident["harm"]!.GetValue<string>(), Is.EqualTo("system-down"));

        var headReview = await s.TaskAsync(s.Head, id, "Task_HeadReview");
        Assert.That(headReview["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(occurred.AddMinutes(5).AddHours(1)), "signed within 1 hour of discovery");
        Assert.That(headReview["candidateGroups"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("head:jsj"));
        Assert.That((await s.EmailsAsync(id)).Single(e => e.Subject.Contains("审核签发报告单", StringComparison.Ordinal)).To, Is.EqualTo(Head), "a task the head signs reaches the head");
        Assert.That((await s.Unit.GetAsync($"/api/tasks/{headReview["id"]}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the officer does not sign for the head");
        await s.CompleteAsync(s.Center, id, "Task_CenterCoordinate", new { coordinationSummary = "会同保卫处保全现场，技术支援组协助排查" });
        Assert.That((await s.GetAsync(s.Unit, incidentPath))["centerCoordination"]!.GetValue<string>(), Does.StartWith("会同保卫处"));

        await WalkToLevelAsync(s, id, level: 3);
        incident = await s.GetAsync(s.Office, incidentPath);
        Assert.That((incident["proposedLevel"]!.GetValue<int>(), incident["approvedLevel"]!.GetValue<int>()), Is.EqualTo((3, 3)));

        // Handling ends on Friday at 17:00; Saturday is a rest day, Sunday the 20th is worked (调休).
        var calendar = await s.GetAsync(s.Unit, "/api/calendar?year=2026");
        var days = calendar["days"]!.AsArray().ToDictionary(d => d!["date"]!.GetValue<string>(), d => d!["kind"]!.GetValue<string>());
        Assert.That((days.GetValueOrDefault("2026-09-19"), days["2026-09-20"]), Is.EqualTo(((string?)null, "workday")));
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 9, 18, 17, 30, 0, Beijing) - s.Now), Is.Zero, "the reporting timers ended with the written report");
        var handlingEnded = new DateTimeOffset(2026, 9, 18, 17, 0, 0, Beijing);
        await s.CompleteAsync(s.Unit, id, "Task_Handling", new { handlingSummary = "隔离主机、清除木马、修补漏洞、恢复服务", policeInvolved = false, handlingCompletedAt = Iso(handlingEnded) });
        incident = await s.GetAsync(s.Unit, incidentPath);
        var due = new DateTimeOffset(2026, 9, 20, 17, 0, 0, Beijing);
        Assert.That(incident["phase"]!.GetValue<string>(), Is.EqualTo("rectification"));
        Assert.That(incident["rectificationReportDue"]!.GetValue<DateTimeOffset>(), Is.EqualTo(due), "1 working day after handling: the worked Sunday");
        Assert.That((await s.TaskAsync(s.Unit, id, "Task_RectificationReport"))["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(due));

        // The unit writes, its head signs; the office returns the first report; the second is accepted; nothing was late,
        // so nobody is held to account.
        await s.CompleteAsync(s.Unit, id, "Task_RectificationReport", new { rectificationReport = "初稿" });
        await SignOffAsync(s, id);
        await s.CompleteAsync(s.Office, id, "Task_RectificationReview", new { decision = "return", reviewComment = "补充风险隐患分析" });
        await s.CompleteAsync(s.Unit, id, "Task_RectificationReport", new { rectificationReport = "经验教训、安全态势、风险隐患、加强措施" });
        await SignOffAsync(s, id);
        var done = await s.CompleteAsync(s.Office, id, "Task_RectificationReview", new { decision = "approve" });

        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        incident = await s.GetAsync(s.Unit, incidentPath);
        Assert.That(incident["phase"]!.GetValue<string>(), Is.EqualTo("closed"));
        Assert.That((incident["rectificationReport"]!.GetValue<string>(), incident["reviewedBy"]!.GetValue<string>()), Is.EqualTo(("经验教训、安全态势、风险隐患、加强措施", "王院长")));
        Assert.That(incident["accountability"]!.AsArray(), Is.Empty);
        var entered = await s.HistoryElementsAsync(id, "element.entered");
        Assert.That(entered.Count(e => e == "Task_RectificationReport"), Is.EqualTo(2), "the rejection loop");
        Assert.That(entered, Does.Not.Contain("Task_Accountability"));
        Assert.That(await s.EmailsAsync(id), Has.None.Matches<(string To, string Cc, string Subject)>(e => e.To.Contains(SchoolLeaderMailbox, StringComparison.Ordinal)), "level III: the school leader is not told");
        Assert.That(await s.EmailsAsync(id), Does.Contain((Officer, string.Empty, "【已结案】主页被篡改")));
        Assert.That((await s.GetAsync(s.Office, $"/api/instances/{id}/history/verify"))["intact"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task NoWrittenReportByOneHourIsMissedAndTellsTheOfficeAndByTwoHoursConcealedAndTellsTheLeadingGroup()
    {
        using var s = await Scenario.CreateAsync(Friday, provider: provider);
        var occurred = Friday.AddMinutes(-20);
        var instance = await StartAsync(s, occurred, occurred);
        var id = instance["id"]!.GetValue<string>();
        var incidentPath = $"/api/incidents/{instance["variables"]!["incidentId"]!.GetValue<string>()}";

        Assert.That(await s.AdvanceAsync(TimeSpan.FromMinutes(9)), Is.Zero, "29 minutes after the occurrence");
        Assert.That(await s.AdvanceAsync(TimeSpan.FromMinutes(1)), Is.EqualTo(1), "30 minutes: the oral report's clock");
        var oralLate = (await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【口头报告超时】", StringComparison.Ordinal));
        Assert.That((oralLate.To, oralLate.Cc), Is.EqualTo((OfficeMailbox, Officer)));
        Assert.That((await s.GetAsync(s.Unit, incidentPath))["oralReportStatus"]!.GetValue<string>(), Is.EqualTo("late"));
        Assert.That(await s.AdvanceAsync(TimeSpan.FromMinutes(29)), Is.Zero, "59 minutes after the occurrence");
        Assert.That((await s.GetAsync(s.Unit, incidentPath))["reportingStatus"]!.GetValue<string>(), Is.EqualTo("onTime"));
        Assert.That(await s.AdvanceAsync(TimeSpan.FromMinutes(1)), Is.EqualTo(1), "1 hour after the occurrence");
        Assert.That((await s.GetAsync(s.Unit, incidentPath))["reportingStatus"]!.GetValue<string>(), Is.EqualTo("missed"));
        var missed = (await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【漏报】", StringComparison.Ordinal));
        Assert.That((missed.To, missed.Cc), Is.EqualTo((OfficeMailbox, Officer)));

        Assert.That(await s.AdvanceAsync(TimeSpan.FromHours(1)), Is.EqualTo(1), "2 hours after the occurrence");
        Assert.That((await s.GetAsync(s.Unit, incidentPath))["reportingStatus"]!.GetValue<string>(), Is.EqualTo("concealed"));
        var concealed = (await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【瞒报】", StringComparison.Ordinal));
        Assert.That((concealed.To, concealed.Cc), Is.EqualTo((LeadingGroupMailbox, OfficeMailbox)));

        // The report still has to be made; the status stays 瞒报.
        await s.CompleteAsync(s.Unit, id, "Task_OralReport", new { oralReportAt = Iso(s.Now), oralReportTo = "办公室" });
        await s.CompleteAsync(s.Unit, id, "Task_WrittenReport", WrittenReport());
        Assert.That((await s.GetAsync(s.Unit, incidentPath))["reportingStatus"]!.GetValue<string>(), Is.EqualTo("concealed"));

        // Level IV: the short path (handled and reported to the office, which returns it once), then accountability.
        await WalkToLevelAsync(s, id, level: 4);
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_CenterCoordinate", "Task_LevelIvReport" }));
        await s.CompleteAsync(s.Center, id, "Task_CenterCoordinate", new { coordinationSummary = "已协同处置" });
        await s.CompleteAsync(s.Unit, id, "Task_LevelIvReport", new { handlingSummary = "已处置", handlingCompletedAt = Iso(s.Now) });
        await s.CompleteAsync(s.Office, id, "Task_LevelIvReview", new { decision = "return", reviewComment = "补充处置细节" });
        await s.CompleteAsync(s.Unit, id, "Task_LevelIvReport", new { handlingSummary = "已处置：补充细节", handlingCompletedAt = Iso(s.Now) });
        await s.CompleteAsync(s.Office, id, "Task_LevelIvReview", new { decision = "approve" });
        Assert.That((await s.TaskAsync(s.Office, id, "Task_Accountability"))["candidateGroups"]!.AsArray().Select(g => g!.GetValue<string>()), Is.EqualTo(new[] { "role:office" }));
        var done = await s.CompleteAsync(s.Office, id, "Task_Accountability", new { measure = "interview", responsiblePerson = "王院长", reason = "瞒报" });

        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var incident = await s.GetAsync(s.Office, incidentPath);
        Assert.That(incident["phase"]!.GetValue<string>(), Is.EqualTo("closed"));
        Assert.That(incident["handlingSummary"]!.GetValue<string>(), Is.EqualTo("已处置：补充细节"));
        var record = incident["accountability"]!.AsArray().Single()!;
        Assert.That((record["kind"]!.GetValue<string>(), record["responsiblePerson"]!.GetValue<string>(), record["reason"]!.GetValue<string>()), Is.EqualTo(("interview", "王院长", "瞒报")));
        Assert.That(await s.HistoryElementsAsync(id, "element.entered"), Does.Not.Contain("Task_Handling"), "level IV skips the I-III phases");
    }

    [Test]
    public async Task AnIncidentEnteredNinetyMinutesAfterItHappenedIsMissedOnArrival()
    {
        using var s = await Scenario.CreateAsync(Friday, provider: provider);
        var occurred = Friday.AddMinutes(-90);
        var instance = await StartAsync(s, occurred, occurred.AddMinutes(80));
        var id = instance["id"]!.GetValue<string>();
        var incidentPath = $"/api/incidents/{instance["variables"]!["incidentId"]!.GetValue<string>()}";

        var entered = await s.GetAsync(s.Unit, incidentPath);
        Assert.That((entered["reportingStatus"]!.GetValue<string>(), entered["oralReportStatus"]!.GetValue<string>()), Is.EqualTo(("missed", "late")));
        Assert.That((await s.EmailsAsync(id)).Where(e => e.Subject.StartsWith("【漏报】", StringComparison.Ordinal)).Select(e => e.To), Is.EqualTo(new[] { OfficeMailbox }), "told at once");

        // The 30-minute and 1-hour timers were due before the incident was entered: they fire, but tell nobody twice.
        Assert.That(await s.AdvanceAsync(TimeSpan.Zero), Is.EqualTo(2));
        Assert.That((await s.EmailsAsync(id)).Where(e => e.Subject.StartsWith("【口头报告超时】", StringComparison.Ordinal)), Is.Empty, "its lateness was in the notice at entry");
        Assert.That((await s.EmailsAsync(id)).Count(e => e.Subject.StartsWith("【漏报】", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(await s.AdvanceAsync(TimeSpan.FromMinutes(30)), Is.EqualTo(1));
        Assert.That((await s.GetAsync(s.Unit, incidentPath))["reportingStatus"]!.GetValue<string>(), Is.EqualTo("concealed"));
        Assert.That((await s.EmailsAsync(id)).Count(e => e.Subject.StartsWith("【瞒报】", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task HandlingEndedBeforeAHolidayMakesTheReportDueOnTheNextWorkingDayAndAnOverdueReportIsEscalatedAndAccountedFor()
    {
        // Thursday 24 September 2026: the Mid-Autumn holiday runs from Friday the 25th to Sunday the 27th.
        var thursday = new DateTimeOffset(2026, 9, 24, 9, 0, 0, Beijing);
        using var s = await Scenario.CreateAsync(thursday, provider: provider);
        var instance = await StartAsync(s, thursday.AddMinutes(-10), thursday.AddMinutes(-5));
        var id = instance["id"]!.GetValue<string>();
        var incidentPath = $"/api/incidents/{instance["variables"]!["incidentId"]!.GetValue<string>()}";
        await s.CompleteAsync(s.Unit, id, "Task_OralReport", new { oralReportAt = Iso(s.Now), oralReportTo = "办公室" });
        await s.CompleteAsync(s.Unit, id, "Task_WrittenReport", WrittenReport());
        await WalkToLevelAsync(s, id, level: 2);
        var schoolLeader = (await s.EmailsAsync(id)).Single(e => e.To == SchoolLeaderMailbox);
        Assert.That((schoolLeader.Cc, schoolLeader.Subject), Is.EqualTo(($"{LeadingGroupMailbox},{OfficeMailbox}", "【Ⅱ级重大安全事件】主页被篡改")), "level II: the supervising school leader is told");
        await s.CompleteAsync(s.Center, id, "Task_CenterCoordinate", new { coordinationSummary = "已协同处置" });
        await s.AdvanceAsync(TimeSpan.FromHours(8));
        await s.CompleteAsync(s.Unit, id, "Task_Handling", new { handlingSummary = "已恢复", handlingCompletedAt = Iso(s.Now) });

        var holidays = (await s.GetAsync(s.Unit, "/api/calendar?year=2026"))["days"]!.AsArray()
            .Where(d => d!["kind"]!.GetValue<string>() == "holiday").Select(d => d!["date"]!.GetValue<string>()).ToList();
        Assert.That(holidays, Is.SupersetOf(new[] { "2026-09-25", "2026-09-26", "2026-09-27" }));
        var due = new DateTimeOffset(2026, 9, 28, 17, 0, 0, Beijing);
        Assert.That((await s.GetAsync(s.Unit, incidentPath))["rectificationReportDue"]!.GetValue<DateTimeOffset>(), Is.EqualTo(due), "Monday after the holiday");

        Assert.That(await s.AdvanceAsync(due - s.Now - TimeSpan.FromMinutes(1)), Is.Zero);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromMinutes(1)), Is.EqualTo(1));
        var overdue = (await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【整改报告逾期】", StringComparison.Ordinal));
        Assert.That((overdue.To, overdue.Cc), Is.EqualTo((OfficeMailbox, Officer)));

        await s.CompleteAsync(s.Unit, id, "Task_RectificationReport", new { rectificationReport = "初稿" });
        await SignOffAsync(s, id);
        await s.CompleteAsync(s.Office, id, "Task_RectificationReview", new { decision = "return", reviewComment = "补充" });
        Assert.That(await s.AdvanceAsync(TimeSpan.Zero), Is.EqualTo(1), "the returned report's deadline has passed too");
        Assert.That((await s.EmailsAsync(id)).Count(e => e.Subject.StartsWith("【整改报告逾期】", StringComparison.Ordinal)), Is.EqualTo(1), "told once");
        await s.CompleteAsync(s.Unit, id, "Task_RectificationReport", new { rectificationReport = "整改报告" });
        await SignOffAsync(s, id);
        await s.CompleteAsync(s.Office, id, "Task_RectificationReview", new { decision = "approve" });
        await s.CompleteAsync(s.Office, id, "Task_Accountability", new { measure = "circular", responsiblePerson = "王院长", reason = "整改报告逾期" });
        var incident = await s.GetAsync(s.Office, incidentPath);
        Assert.That(incident["reportingStatus"]!.GetValue<string>(), Is.EqualTo("onTime"));
        Assert.That(incident["accountability"]!.AsArray().Single()!["kind"]!.GetValue<string>(), Is.EqualTo("circular"));
        Assert.That(incident["rectificationReportAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(due), "the report that was accepted");
    }

    [Test]
    public async Task AnIncidentEnteredFortyMinutesAfterItHappenedShowsTheOralReportLateAndTheCenterAndOfficeAreToldAtEntry()
    {
        using var s = await Scenario.CreateAsync(Friday, provider: provider);
        var occurred = Friday.AddMinutes(-40);
        var instance = await StartAsync(s, occurred, occurred.AddMinutes(10));
        var id = instance["id"]!.GetValue<string>();
        var incident = await s.GetAsync(s.Unit, $"/api/incidents/{instance["variables"]!["incidentId"]!.GetValue<string>()}");
        Assert.That((incident["oralReportStatus"]!.GetValue<string>(), incident["reportingStatus"]!.GetValue<string>()), Is.EqualTo(("late", "onTime")),
            "40 minutes: the oral report is late, the written report has 20 minutes left");

        // Told in the step that entered it (messages of one step share their time; their order among them is not meaningful).
        var told = (await s.EmailsAsync(id)).Single(e => e.Subject == "【安全事件】主页被篡改");
        Assert.That(told.To, Is.EqualTo($"{CenterMailbox},{OfficeMailbox}"), "told at entry, before any report");
        Assert.That(s.Body("【安全事件】主页被篡改"), Does.Contain("口头报告：已超过事发后 30 分钟").And.Contain("协同相关部门"));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_CenterCoordinate", "Task_OralReport", "Task_WrittenReport" }), "the center coordinates while the unit reports");

        await s.CompleteAsync(s.Unit, id, "Task_OralReport", new { oralReportAt = Iso(s.Now), oralReportTo = "分管校领导、领导小组办公室" });
        incident = await s.GetAsync(s.Office, $"/api/incidents/{instance["variables"]!["incidentId"]!.GetValue<string>()}");
        Assert.That((incident["oralReportStatus"]!.GetValue<string>(), incident["oralReportTo"]!.GetValue<string>()), Is.EqualTo(("late", "分管校领导、领导小组办公室")));
        var figures = await s.GetAsync(s.Office, "/api/compliance");
        Assert.That(figures["incidents"]!["byOralReportStatus"]!["late"]!.GetValue<int>(), Is.EqualTo(1), "shown in the compliance overview like the written report's");
    }

    [Test]
    public async Task AnOfficerWhoIsAlsoAHeadCannotSignTheReportTheyWroteAndTheAttemptIsRecorded()
    {
        using var s = await Scenario.CreateAsync(Friday, provider: provider);
        using var both = await s.App.ClientAsync("jsj-jianren", ["unit", "unit-head"], "jsj");
        var occurred = Friday.AddMinutes(-10);
        var id = (await s.StartAsync(both, "incident-report", Start(occurred, occurred)))["id"]!.GetValue<string>();
        await s.CompleteAsync(both, id, "Task_OralReport", new { oralReportAt = Iso(s.Now), oralReportTo = "办公室" });
        await s.CompleteAsync(s.Unit, id, "Task_WrittenReport", WrittenReport());

        var task = await s.TaskAsync(both, id, "Task_HeadReview");
        var refused = await both.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables = new { reviewedBy = "李兼任" } });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var problem = await refused.ReadJsonAsync();
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("单位负责人不能审核本人在本流程中提交的材料"));
        Assert.That((await s.TaskAsync(s.Head, id, "Task_HeadReview"))["status"]!.GetValue<string>(), Is.EqualTo("open"), "nothing changed");
        var audit = await s.App.Services.GetRequiredService<Accounts.SecurityAudit>().ReadAsync();
        var entry = audit.Single(e => e.Type == "sign-off.refused");
        Assert.That((entry.Actor, entry.Data!["taskId"]!.GetValue<string>(), entry.Data["elementId"]!.GetValue<string>()), Is.EqualTo(("jsj-jianren", task["id"]!.GetValue<string>(), "Task_HeadReview")));

        await s.CompleteAsync(s.Head, id, "Task_HeadReview", new { reviewedBy = "王院长" });
        Assert.That(await s.HistoryElementsAsync(id, "task.completed"), Does.Contain("Task_HeadReview"));
    }

    [Test]
    public async Task TheOfficeCanHoldAUnitToAccountForPoorHandlingOfAnIncidentReportedInTime()
    {
        using var s = await Scenario.CreateAsync(Friday, provider: provider);
        var occurred = Friday.AddMinutes(-10);
        var instance = await StartAsync(s, occurred, occurred);
        var id = instance["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Unit, id, "Task_OralReport", new { oralReportAt = Iso(s.Now), oralReportTo = "办公室" });
        await s.CompleteAsync(s.Unit, id, "Task_WrittenReport", WrittenReport());
        await WalkToLevelAsync(s, id, level: 4);
        await s.CompleteAsync(s.Center, id, "Task_CenterCoordinate", new { coordinationSummary = "已协同处置" });
        await s.CompleteAsync(s.Unit, id, "Task_LevelIvReport", new { handlingSummary = "重启了事", handlingCompletedAt = Iso(s.Now) });
        await s.CompleteAsync(s.Office, id, "Task_LevelIvReview", new { decision = "approve", reviewComment = "未查明原因、未修补漏洞", handlingInadequate = true });
        await s.CompleteAsync(s.Office, id, "Task_Accountability", new { measure = "interview", responsiblePerson = "王院长", reason = "处置不力：未查明原因" });

        var incident = await s.GetAsync(s.Office, $"/api/incidents/{instance["variables"]!["incidentId"]!.GetValue<string>()}");
        Assert.That((incident["reportingStatus"]!.GetValue<string>(), incident["oralReportStatus"]!.GetValue<string>(), incident["phase"]!.GetValue<string>()), Is.EqualTo(("onTime", "onTime", "closed")));
        Assert.That(incident["accountability"]!.AsArray().Single()!["reason"]!.GetValue<string>(), Does.StartWith("处置不力"));
    }

    [Test]
    public async Task ABadStartIsRefusedNamingTheFieldsAndNothingIsWritten()
    {
        using var s = await Scenario.CreateAsync(Friday, provider: provider);
        async Task<JsonObject> RefusedAsync(HttpClient client, object variables)
        {
            var response = await client.PostJsonAsync("/api/instances", new { definitionKey = "incident-report", variables });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            return (await response.ReadJsonAsync())["errors"]!.AsObject();
        }

        var missing = await RefusedAsync(s.Unit, new { unitCode = "jsj", title = "无描述" });
        Assert.That(missing.Select(e => e.Key), Is.EquivalentTo(new[] { "occurredAt", "discoveredAt", "category", "description" }));
        var future = await RefusedAsync(s.Unit, Start(Friday.AddMinutes(10), Friday.AddMinutes(10)));
        Assert.That(future.Select(e => e.Key), Is.EquivalentTo(new[] { "occurredAt", "discoveredAt" }));
        Assert.That(future["occurredAt"]![0]!.GetValue<string>(), Does.Contain("future"));
        var backwards = await RefusedAsync(s.Unit, Start(Friday.AddMinutes(-10), Friday.AddMinutes(-20)));
        Assert.That(backwards.Select(e => e.Key), Is.EqualTo(new[] { "discoveredAt" }));
        var unknownUnit = await RefusedAsync(s.Office, Start(Friday.AddMinutes(-10), Friday.AddMinutes(-5)) with { unitCode = "nosuch" });
        Assert.That(unknownUnit["unitCode"]![0]!.GetValue<string>(), Does.Contain("unknown unit"));
        var otherUnit = await RefusedAsync(s.Unit, Start(Friday.AddMinutes(-10), Friday.AddMinutes(-5)) with { unitCode = "wxy" });
        Assert.That(otherUnit.Select(e => e.Key), Is.EqualTo(new[] { "unitCode" }), "a unit reports for itself");
        var badCategory = await RefusedAsync(s.Unit, Start(Friday.AddMinutes(-10), Friday.AddMinutes(-5)) with { category = "aliens" });
        Assert.That(badCategory.Select(e => e.Key), Is.EqualTo(new[] { "category" }));

        Assert.That((await s.GetAsync(s.Admin, "/api/instances?definitionKey=incident-report")).AsArray(), Is.Empty);
        Assert.That((await s.GetAsync(s.Admin, "/api/incidents")).AsArray(), Is.Empty);
        Assert.That((await s.GetAsync(s.Admin, "/api/outbox")).AsArray(), Is.Empty);
    }

    [Test]
    public async Task AnIncompleteTaskSubmissionIsRefusedNamingTheFieldsAndTheTaskStaysOpen()
    {
        using var s = await Scenario.CreateAsync(Friday, provider: provider);
        var id = (await StartAsync(s, Friday.AddMinutes(-10), Friday.AddMinutes(-5)))["id"]!.GetValue<string>();
        var task = await s.TaskAsync(s.Unit, id, "Task_WrittenReport");
        var response = await s.Unit.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables = new { filledBy = "李安全", harm = "meteor" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "reportingUnit", "harm", "description", "measuresTaken", "expectedConsequences" }));
        Assert.That((await s.TaskAsync(s.Unit, id, "Task_WrittenReport"))["status"]!.GetValue<string>(), Is.EqualTo("open"));
        Assert.That(await s.HistoryElementsAsync(id, "task.completed"), Is.Empty);
    }

    internal sealed record StartVariables(string unitCode, string title, string occurredAt, string discoveredAt, string category, string description);

    internal static StartVariables Start(DateTimeOffset occurred, DateTimeOffset discovered) =>
        new("jsj", "主页被篡改", Iso(occurred), Iso(discovered), "network-attack", "学院网站主页被篡改");

    private static async Task<JsonNode> StartAsync(Scenario s, DateTimeOffset occurred, DateTimeOffset discovered)
    {
        var instance = await s.StartAsync(s.Unit, "incident-report", Start(occurred, discovered));
        Assert.That(instance["incidents"]!.AsArray(), Is.Empty, instance.ToJsonString());
        return instance;
    }

    private static object WrittenReport() => new
    {
        reportingUnit = "计算机与人工智能学院",
        filledBy = "李安全",
        harm = "system-down",
        description = "网站被植入恶意脚本，初步判断为弱口令所致",
        measuresTaken = "断网隔离，保留现场",
        expectedConsequences = "网站停止服务半天",
    };

    private static Task SignOffAsync(Scenario s, string id) =>
        s.CompleteAsync(s.Head, id, "Task_RectificationSignOff", new { decision = "approve", reviewedBy = "王院长" });

    private static async Task WalkToLevelAsync(Scenario s, string id, int level)
    {
        await s.CompleteAsync(s.Head, id, "Task_HeadReview", new { reviewedBy = "王院长" });
        Assert.That((await s.TaskAsync(s.Office, id, "Task_ProposeLevel"))["candidateGroups"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("role:office"));
        await s.CompleteAsync(s.Office, id, "Task_ProposeLevel", new { proposedLevel = level.ToString(System.Globalization.CultureInfo.InvariantCulture), levelReason = "影响一个学院网站" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_ApproveLevel", new { approvedLevel = level.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    internal static string Iso(DateTimeOffset instant) => instant.ToOffset(Beijing).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
