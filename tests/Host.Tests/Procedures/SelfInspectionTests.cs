using System.Globalization;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>Art. 34: units' periodic self-inspections, started by self-inspection-scan, reviewed by the center.</summary>
public sealed class SelfInspectionTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task OverTwoYearsEveryUnitsSelfInspectionStartsTwiceAYearAndNeverTwiceForOnePeriod()
    {
        // From 1 February 2026 (the 2025-H2 period is in force) to 31 January 2028, the scan running every day.
        using var s = await Scenario.CreateAsync(new DateTimeOffset(2026, 2, 1, 7, 0, 0, Beijing));
        var units = (await s.GetAsync(s.Admin, "/api/units")).AsArray().Select(u => u!["code"]!.GetValue<string>()).ToList();
        for (var day = 0; day < 730; day++)
        {
            await s.RunJobAsync("self-inspection-scan");
            if (day == 0)
            {
                // Twice on one day starts nothing more.
                await s.RunJobAsync("self-inspection-scan");
            }

            s.App.Clock.Advance(TimeSpan.FromDays(1));
        }

        var started = await s.InstancesAsync("unit-self-inspection");
        var periods = started.Select(i => (Unit: i!["variables"]!["unitCode"]!.GetValue<string>(), Period: i["variables"]!["period"]!.GetValue<string>(),
            Day: i["startedAt"]!.GetValue<DateTimeOffset>().ToOffset(Beijing).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
        Assert.That(periods.Select(p => (p.Unit, p.Period)), Is.Unique, "never two for one unit and period");
        foreach (var unit in units)
        {
            Assert.That(periods.Where(p => p.Unit == unit).OrderBy(p => p.Day).Select(p => $"{p.Period}@{p.Day}"),
                Is.EqualTo(new[] { "2025-H2@2026-02-01", "2026-H1@2026-03-01", "2026-H2@2026-09-01", "2027-H1@2027-03-01", "2027-H2@2027-09-01" }), unit);
        }

        var first = started.Single(i => i!["businessKey"]!.GetValue<string>() == "self-inspection:jsj:2026-H1")!;
        Assert.That((first["variables"]!["dueDate"]!.GetValue<string>(), first["status"]!.GetValue<string>()), Is.EqualTo(("2026-03-31", "active")));
        var runs = (await s.GetAsync(s.Admin, "/api/jobs/self-inspection-scan/runs?take=500")).AsArray();
        Assert.That(started, Has.Count.EqualTo(units.Count * 5));
        Assert.That(runs.All(r => r!["trigger"]!.GetValue<string>() == "schedule" && r["error"] is null), Is.True);
    }

    [Test]
    public async Task AReportIsRemindedEscalatedWhenLateReturnedAcceptedAndItsFindingsBecomeANotice()
    {
        using var s = await Scenario.CreateAsync();
        await s.RunJobAsync("self-inspection-scan");
        var started = await s.InstancesAsync("unit-self-inspection");
        var id = started.Single(i => i!["variables"]!["unitCode"]!.GetValue<string>() == "jsj")!["id"]!.GetValue<string>();
        var task = await s.TaskAsync(s.Unit, id, "Task_Inspect");
        Assert.That(task["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 31, 23, 59, 59, Beijing)));
        Assert.That((await s.EmailsAsync(id)).Select(e => e.Subject), Does.Contain("【单位自查】2026-H1"));

        // Five working days before Tuesday 31 March: Tuesday 24 March, 09:00 (one reminder per unit); then the deadline passes.
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 3, 24, 9, 0, 0, Beijing) - s.Now - TimeSpan.FromSeconds(1)), Is.Zero);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromSeconds(1)), Is.EqualTo(started.Count));
        Assert.That((await s.EmailsAsync(id)).Count(e => e.Subject == "【自查提醒】2026-H1"), Is.EqualTo(1));
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 3, 31, 23, 59, 59, Beijing) - s.Now), Is.EqualTo(started.Count));
        var overdue = (await s.EmailsAsync(id)).Single(e => e.Subject == "【自查逾期】jsj 2026-H1");
        Assert.That((overdue.To, overdue.Cc), Is.EqualTo(("center@zzut.edu.cn", "head@jsj.zzut.edu.cn")));
        s.App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await s.GetAsync(s.Office, "/api/compliance"))["duties"]!["selfInspectionsOverdue"]!.AsArray().Select(x => x!["unitCode"]!.GetValue<string>()), Does.Contain("jsj"));

        Assert.That(await s.RefuseAsync(s.Unit, id, "Task_Inspect", new { scope = "全部系统", summary = " " }), Is.EqualTo(new[] { "summary" }));
        await s.CompleteAsync(s.Unit, id, "Task_Inspect", new { scope = "教务系统、学院网站", summary = "制度落实", problems = "网站后台弱口令" });
        Assert.That(await s.RefuseAsync(s.Center, id, "Task_Review", new { approved = false }), Is.EqualTo(new[] { "reviewComment" }), "a return says why");
        await s.CompleteAsync(s.Center, id, "Task_Review", new { approved = false, reviewComment = "未写明措施" });
        var row = (await s.GetAsync(s.Unit, "/api/self-inspections")).AsArray().Single(r => r!["period"]!.GetValue<string>() == "2026-H1")!;
        Assert.That((row["status"]!.GetValue<string>(), row["reviewOpinion"]!.GetValue<string>()), Is.EqualTo(("open", "未写明措施")));
        await s.CompleteAsync(s.Unit, id, "Task_Inspect", new { scope = "教务系统、学院网站", summary = "制度落实", problems = "网站后台弱口令", measures = "两周内修改" });
        await s.CompleteAsync(s.Center, id, "Task_Review", new { approved = true, issueNotice = "yes" });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_ToInspection" }), "the inspection is started after the review commits");
        row = await s.GetAsync(s.Unit, $"/api/self-inspections/{row["id"]}");
        Assert.That((row["status"]!.GetValue<string>(), row["reviewedBy"]!.GetValue<string>(), row["noticeRequested"]!.GetValue<bool>()), Is.EqualTo(("approved", "zhongxin", true)));

        // The findings become an inspection of the unit: the center records them and issues the notice there.
        Assert.That(await s.RunExternalAsync(), Is.EqualTo(1));
        Assert.That((await s.InstanceAsync(id))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var inspection = (await s.InstancesAsync("center-inspection-unit")).Single()!;
        Assert.That((inspection["businessKey"]!.GetValue<string>(), inspection["variables"]!["source"]!.GetValue<string>(), inspection["variables"]!["reportedFindings"]!.GetValue<string>()),
            Is.EqualTo(("self-inspection:2026-H1:jsj", "self-inspection", "网站后台弱口令")));
        var part = (await s.GetAsync(s.Center, "/api/inspection-units")).AsArray().Single()!;
        Assert.That((part["source"]!.GetValue<string>(), part["title"]!.GetValue<string>(), part["status"]!.GetValue<string>()), Is.EqualTo(("self-inspection", "单位自查（2026-H1）发现的问题", "planned")));
        await s.CompleteAsync(s.Center, inspection["id"]!.GetValue<string>(), "Task_Findings", new { inspectedOn = "2026-04-01", result = "findings", findings = "网站后台弱口令" });
        await s.TaskAsync(s.Center, inspection["id"]!.GetValue<string>(), "Task_IssueNotice");
    }
}
