using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Domain.Inspections;
using Zzut.Workflows.Domain.Letters;
using Zzut.Workflows.Domain.Reports;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Warnings;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>The standing duties' rules as their records' methods, without HTTP or the engine; their queries on a real SQLite file.</summary>
public sealed class DutyRulesTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, Beijing);
    private static readonly LedgerAct Act = new(Now, new DateOnly(2026, 3, 2), "zhongxin", Guid.CreateVersion7());

    [TestCase("2026-02-28", "2025-H2", "2025-09-01")]
    [TestCase("2026-03-01", "2026-H1", "2026-03-01")]
    [TestCase("2026-08-31", "2026-H1", "2026-03-01")]
    [TestCase("2026-09-01", "2026-H2", "2026-09-01")]
    [TestCase("2026-12-31", "2026-H2", "2026-09-01")]
    public void TheSelfInspectionPeriodInForceIsTheLatestScheduledDate(string today, string label, string starts)
    {
        var period = SelfInspectionPeriod.Current(new DutyOptions().SelfInspectionSchedule, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));
        Assert.That((period.Label, period.Starts.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo((label, starts)));
    }

    [Test]
    public void TheDutyDatesAreReadAsMonthAndDayAndBadOnesAreNamed()
    {
        Assert.That(YearlyDate.Parse("02-29").In(2027), Is.EqualTo(new DateOnly(2027, 2, 28)));
        Assert.That(YearlyDate.Parse("02-29").In(2028), Is.EqualTo(new DateOnly(2028, 2, 29)));
        Assert.That(new DutyOptions().Problem(), Is.Null);
        Assert.That(new DutyOptions { SelfInspectionDates = "03-01,13-01" }.Problem(), Does.Contain("SelfInspectionDates"));
        Assert.That(new DutyOptions { LetterCampaignDate = "15-01" }.Problem(), Does.Contain("LetterCampaignDate"));
    }

    [Test]
    public void AnInspectionWithFindingsWaitsForItsNoticeAndIsOverdueWhenTheNoticeIs()
    {
        var conform = Planned();
        conform.RecordFindings(Act.Today, InspectionResult.Conform, null, Act);
        Assert.That((conform.Status, conform.ClosedOn), Is.EqualTo((InspectionUnitStatus.Closed, Act.Today)));

        var found = Planned();
        var refused = Assert.Throws<LedgerValidationException>(() => found.RecordFindings(Act.Today.AddDays(1), InspectionResult.Findings, " ", Act))!;
        Assert.That(refused.Errors.Keys, Is.EquivalentTo(new[] { "findings", "inspectedOn" }));
        Assert.That(found.Status, Is.EqualTo(InspectionUnitStatus.Planned), "nothing changed");
        Assert.That(found.IsOverdue(Act.Today.AddDays(1), null), Is.True, "planned for today, not inspected tomorrow");
        found.RecordFindings(Act.Today, InspectionResult.Findings, "弱口令", Act);
        var notice = new RectificationNoticeRecord { Id = Guid.CreateVersion7(), Deadline = Act.Today.AddDays(10), Status = RectificationNoticeStatus.Open };
        found.NoticeIssued(notice.Id, Act);
        Assert.That((found.IsOverdue(Act.Today.AddDays(10), notice), found.IsOverdue(Act.Today.AddDays(11), notice)), Is.EqualTo((false, true)));
        notice.Status = RectificationNoticeStatus.Overdue;
        Assert.That(found.IsOverdue(Act.Today.AddDays(10), notice), Is.True, "marked overdue at the end of the deadline day");
        notice.Status = RectificationNoticeStatus.Completed;
        Assert.That(found.IsOverdue(Act.Today.AddDays(30), notice), Is.False);
        Assert.Throws<LedgerValidationException>(() => Planned().NoticeIssued(Guid.CreateVersion7(), Act), "no notice without findings");
    }

    [Test]
    public void ASelfInspectionReportIsSubmittedReturnedAndAcceptedAndOnlyAnAcceptedOneBecomesANotice()
    {
        var row = SelfInspectionRecord.Open("jsj", "2026-H1", new DateOnly(2026, 3, 31), Act);
        Assert.That(row.IsOverdue(new DateOnly(2026, 4, 1)), Is.True);
        row.Submit("全部系统", "已自查", "弱口令", null, Act);
        Assert.That(row.IsOverdue(new DateOnly(2026, 4, 1)), Is.False);
        Assert.That(Assert.Throws<LedgerValidationException>(() => row.Review(false, "缺措施", true, Act))!.Errors.Keys, Is.EquivalentTo(new[] { "issueNotice" }));
        row.Review(false, "缺措施", false, Act);
        Assert.That(row.Status, Is.EqualTo(SelfInspectionStatus.Open));
        row.Submit("全部系统", "已自查", "弱口令", "两周内修改", Act);
        row.Review(true, null, true, Act);
        Assert.That((row.Status, row.NoticeRequested, row.ReviewedBy), Is.EqualTo((SelfInspectionStatus.Approved, true, "zhongxin")));
    }

    [Test]
    public void EveryFilingIsANewVersionOfItsOwnersPlanAndSupersedesTheOneInForce()
    {
        var first = EmergencyPlanRecord.File(EmergencyPlanScope.School, null, "学校预案", "内容", null, null, null, "BA-1", [], 12, Act);
        var second = EmergencyPlanRecord.File(EmergencyPlanScope.School, null, "学校预案", "内容二", "修订", null, null, "BA-2", [first], 12, Act with { Today = new DateOnly(2027, 1, 5) });
        Assert.That((first.Version, first.Status, second.Version, second.Status), Is.EqualTo((1, EmergencyPlanStatus.Superseded, 2, EmergencyPlanStatus.InForce)));
        Assert.That(second.NextReviewDue, Is.EqualTo(new DateOnly(2028, 1, 5)));
        var refused = Assert.Throws<LedgerValidationException>(() => EmergencyPlanRecord.File(EmergencyPlanScope.Unit, null, "单位预案", "内容", null, null, null, "BA-3", [], 12, Act))!;
        Assert.That(refused.Errors.Keys, Is.EquivalentTo(new[] { "unitCode", "reason" }));
        Assert.That(EmergencyPlanRecord.ReviewDueBy.IsSatisfiedBy(second, new DateOnly(2028, 1, 5)), Is.True);
        second.MarkReviewReminded(Now);
        Assert.That(second.IsReviewReminded, Is.True);
    }

    [Test]
    public void ADrillIsHeldEvaluatedAndClosedOnlyAfterTheRevisionItCalledFor()
    {
        var drill = EmergencyDrillRecord.Plan("演练", "篡改", null, new DateOnly(2026, 3, 10), "中心", Act);
        var later = Act with { Today = new DateOnly(2026, 3, 10) };
        drill.Hold(new DateOnly(2026, 3, 10), "中心 5 人", 5, "处置", "良好", null, revisionNeeded: true, later);
        Assert.That(drill.Status, Is.EqualTo(EmergencyDrillStatus.Revising));
        Assert.Throws<LedgerValidationException>(() => drill.Hold(new DateOnly(2026, 3, 10), "x", 1, "x", "x", null, false, later), "held once");
        drill.FollowUpRevision("已修订", later);
        Assert.That((drill.Status, drill.RevisionFollowedUpOn), Is.EqualTo((EmergencyDrillStatus.Closed, new DateOnly(2026, 3, 10))));
    }

    [Test]
    public void AWarningAnswerAfterTheDeadlineIsLateAndClosingMarksTheSilentUnitsUnanswered()
    {
        var warning = SecurityWarningRecord.Record("YJ-1", "教育厅", Act.Today, "漏洞预警", "orange", "内容", "要求", new DateOnly(2026, 3, 6), ["jsj", "wxy", "tsg"], Act);
        warning.Answer("jsj", true, "受影响", "已修补", Act);
        Assert.That(warning.MarkOverdue("jsj", Act), Is.False, "answered: never overdue");
        Assert.That(warning.MarkOverdue("wxy", Act), Is.True);
        warning.Answer("tsg", false, "未受影响", "无", Act with { Today = new DateOnly(2026, 3, 7) });
        Assert.Throws<LedgerValidationException>(() => warning.Answer("xyz", true, "x", "x", Act), "a unit not concerned");
        warning.Close("总结", Act);
        Assert.That(warning.Responses.Select(r => (r.UnitCode, r.Status, r.Late)),
            Is.EqualTo(new[] { ("jsj", WarningResponseStatus.Answered, false), ("wxy", WarningResponseStatus.Unanswered, false), ("tsg", WarningResponseStatus.Answered, true) }));
        Assert.That(warning.AwaitedAnswers, Is.Zero);
    }

    [Test]
    public void ALetterSupersedesTheSignersEarlierOneAndIsCurrentUntilItsEnd()
    {
        var old = Letter(LetterKind.One, "jsj", null);
        var otherUnit = Letter(LetterKind.One, "wxy", null);
        var vendorA = Letter(LetterKind.Two, "jsj", "甲公司");
        var vendorB = Letter(LetterKind.Two, "jsj", "乙公司");
        var renewed = ResponsibilityLetterRecord.Register(LetterKind.One, "jsj", "ZRS-2", "王院长", null, null, null, Act.Today, new DateOnly(2026, 12, 31), "李", "1", null, [old, otherUnit, vendorA], Act);
        var vendor = ResponsibilityLetterRecord.Register(LetterKind.Two, "jsj", "ZRS2-2", "赵", "gongsi", "甲公司", "网站", Act.Today, new DateOnly(2027, 3, 1), "钱", "1", null, [vendorA, vendorB], Act);
        Assert.That((old.Status, otherUnit.Status, vendorA.Status, vendorB.Status), Is.EqualTo((LetterStatus.Superseded, LetterStatus.Active, LetterStatus.Superseded, LetterStatus.Active)));
        Assert.That((renewed.IsCurrentThrough(new DateOnly(2026, 12, 31)), renewed.IsCurrentThrough(new DateOnly(2027, 1, 1))), Is.EqualTo((true, false)));
        Assert.That(vendor.Company, Is.EqualTo("甲公司"));
        var refused = Assert.Throws<LedgerValidationException>(() => ResponsibilityLetterRecord.Register(LetterKind.Two, "jsj", "x", "赵", null, null, null, Act.Today.AddDays(1), Act.Today, "钱", "1", null, [], Act))!;
        Assert.That(refused.Errors.Keys, Is.EquivalentTo(new[] { "company", "validUntil", "signedOn" }));
    }

    [TestCase("2026-02-28", false, 0)]
    [TestCase("2026-02-27", true, 1)]
    [TestCase("2026-02-20", true, 8)]
    public void AChangeReportedMoreThanTwoDaysAfterItIsLate(string changedOn, bool late, int daysLate)
    {
        var change = ResponsiblePersonChangeRecord.Report("jsj", null, "李", "周", "1", null, DateOnly.Parse(changedOn, System.Globalization.CultureInfo.InvariantCulture), null, 2, Act);
        Assert.That((change.Late, change.DaysLate), Is.EqualTo((late, daysLate)));
    }

    [Test]
    public void AWebsiteOpensOneAnomalyPerRunOfFailuresAndRecoversOnlyWhileItIsOpen()
    {
        var policy = new WebsiteWatchOptions();
        var site = new WebsiteRecord { Id = Guid.CreateVersion7(), Domain = "ai.zzut.edu.cn", Status = WebsiteStatus.Online };
        var down = new WebsiteProbe(null, null, null, null, "无法连接");
        var transitions = Enumerable.Range(1, 4).Select(i => site.RecordCheck(down, policy, Now.AddHours(i)).Transition).ToList();
        Assert.That(transitions, Is.EqualTo(new[] { WatchTransition.None, WatchTransition.None, WatchTransition.OpenAnomaly, WatchTransition.OpenAnomaly }), "until it is recorded as opened");
        site.AnomalyOpened(Guid.CreateVersion7(), Now);
        Assert.That(site.RecordCheck(down, policy, Now.AddHours(5)).Transition, Is.EqualTo(WatchTransition.None));
        Assert.That((site.ConsecutiveFailures, site.FailingSince, site.AnomalyBusinessKey()), Is.EqualTo((5, Now.AddHours(1), $"website:{site.Id}:anomaly:{Now.AddHours(1):yyyyMMddHHmm}")));

        var up = new WebsiteProbe(200, TimeSpan.FromMilliseconds(80), Now.AddDays(200), null, null);
        Assert.That(site.RecordCheck(up, policy, Now.AddHours(6)), Is.EqualTo(new WatchCheck(WatchOutcome.Ok, WatchTransition.Recovered, false)));
        Assert.That((site.ConsecutiveFailures, site.FailingSince, site.AnomalyInstanceId), Is.EqualTo((0, (DateTimeOffset?)null, (Guid?)null)));

        // Handled by the unit while still down: no second anomaly for that run, and no recovery message later.
        for (var i = 0; i < 3; i++)
        {
            site.RecordCheck(down, policy, Now.AddHours(10 + i));
        }

        site.AnomalyOpened(Guid.CreateVersion7(), Now);
        site.AnomalyHandled("断电", "恢复供电", Now);
        Assert.That(site.RecordCheck(down, policy, Now.AddHours(14)).Transition, Is.EqualTo(WatchTransition.None));
        Assert.That(site.RecordCheck(up, policy, Now.AddHours(15)).Transition, Is.EqualTo(WatchTransition.None));
    }

    [Test]
    public void ACertificateExpiringSoonIsAWarningToldOnceAndAnExpiredOrUntrustedOneFails()
    {
        var policy = new WebsiteWatchOptions();
        var site = new WebsiteRecord { Id = Guid.CreateVersion7(), Domain = "ai.zzut.edu.cn", Status = WebsiteStatus.Online };
        var soon = new WebsiteProbe(200, TimeSpan.FromMilliseconds(50), Now.AddDays(5), null, null);
        Assert.That(site.RecordCheck(soon, policy, Now), Is.EqualTo(new WatchCheck(WatchOutcome.Warning, WatchTransition.None, true)));
        site.CertificateWarned(Now);
        Assert.That(site.RecordCheck(soon, policy, Now.AddHours(1)).WarnOfCertificate, Is.False, "told once per certificate");
        Assert.That(site.LastCheckProblem, Does.Contain("证书将于 2026-03-07 过期"));
        Assert.That(site.RecordCheck(soon with { CertificateExpiresAt = Now.AddDays(300) }, policy, Now.AddHours(2)).Outcome, Is.EqualTo(WatchOutcome.Ok));
        Assert.That(site.RecordCheck(soon with { CertificateExpiresAt = Now.AddDays(-1) }, policy, Now.AddHours(3)).Outcome, Is.EqualTo(WatchOutcome.Failing));
        Assert.That(site.RecordCheck(soon with { CertificateExpiresAt = Now.AddDays(300), CertificateProblem = "证书链不受信任" }, policy, Now.AddHours(4)).Outcome, Is.EqualTo(WatchOutcome.Failing));
        Assert.That(site.RecordCheck(new WebsiteProbe(503, TimeSpan.FromMilliseconds(50), null, null, null), policy, Now.AddHours(5)).Outcome, Is.EqualTo(WatchOutcome.Failing));
        Assert.That(site.RecordCheck(new WebsiteProbe(200, TimeSpan.FromSeconds(8), null, null, null), policy, Now.AddHours(6)).Outcome, Is.EqualTo(WatchOutcome.Warning), "slow");
    }

    [Test]
    public void TheRotaGapsAreTheStretchesNoShiftCovers()
    {
        DutyShiftRecord Shift(int from, int to) => new() { StartsAt = Now.AddHours(from), EndsAt = Now.AddHours(to) };
        var gaps = DutyRota.Gaps([Shift(2, 5), Shift(0, 1), Shift(4, 8)], Now, Now.AddHours(10));
        Assert.That(gaps, Is.EqualTo(new[] { new DutyGap(Now.AddHours(1), Now.AddHours(2)), new DutyGap(Now.AddHours(8), Now.AddHours(10)) }));
        Assert.That(DutyRota.Gaps([Shift(-1, 11)], Now, Now.AddHours(10)), Is.Empty);
    }

    [Test]
    public void AnApprovedReportIsFrozen()
    {
        var figures = new AnnualReportFigures(2026, Act.Today, 5, new SystemFigures([], 0, 0), new InspectionFigures(0, 0, 0, 0, 0, 0, 0, 0, 0),
            new IncidentFigures(0, [], 0, 0, 0, 0, 0), new VmFigures(0, 0, 0, 0), new EmergencyFigures(0, 0, 0, [], 0, 0, 0), new LetterFigures(0, 0, 0, 0, 0),
            new WarningFigures(0, 0, 0, 0, 0, 0), new WebsiteFigures(0, 0, 0));
        var report = AnnualReportRecord.Open(2026, figures, Act);
        Assert.Throws<LedgerValidationException>(() => report.Approve(null, Act), "a draft is not approved before it is written");
        report.Draft("总体", "问题", "措施", "计划", Act);
        report.Approve("同意", Act);
        Assert.That(report.Figures().Units, Is.EqualTo(5));
        Assert.That(Assert.Throws<LedgerValidationException>(() => report.Assemble(figures, Act))!.Errors.Keys, Is.EquivalentTo(new[] { "status" }));
        Assert.Throws<LedgerValidationException>(() => report.Draft("a", "b", "c", "d", Act));
        report.RecordSubmission("教育厅", Act.Today, Act);
        Assert.That(report.Status, Is.EqualTo(AnnualReportStatus.Submitted));
    }

    [Test]
    public async Task TheCampaignAndTheTrainingRemindersSelectExactlyTheUnitsTheRecordsSay()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        await database.WithAsync(async db =>
        {
            db.Letters.Add(Letter(LetterKind.One, "jsj", null, validUntil: new DateOnly(2026, 12, 31)));
            db.Letters.Add(Letter(LetterKind.Two, "wxy", "甲公司", validUntil: new DateOnly(2027, 12, 31)));
            db.Trainings.Add(new TrainingRecord { Id = Guid.CreateVersion7(), UnitCode = "wxy", TrainingDate = new DateOnly(2026, 5, 1), Topic = "t", Trainer = "t", Attendees = "a", AttendeeCount = 1 });
            await db.SaveChangesAsync();
        });
        await database.WithAsync(async sp =>
        {
            var duties = sp.GetRequiredService<DutyLedger>();
            Assert.That((await duties.UnitsWithoutLetterThroughAsync(new DateOnly(2026, 12, 31))).Select(u => u.Code), Is.EqualTo(new[] { "wxy" }), "a letter 二 is not the head's");
            Assert.That((await duties.UnitsWithoutLetterThroughAsync(new DateOnly(2027, 1, 1))).Select(u => u.Code), Is.EqualTo(new[] { "jsj", "wxy" }));
            Assert.That((await duties.UnitsWithoutTrainingAsync(2026)).Select(u => u.Code), Is.EqualTo(new[] { "jsj" }));
            Assert.That((await duties.UnitsWithoutTrainingAsync(2027)).Select(u => u.Code), Is.EqualTo(new[] { "jsj", "wxy" }));
            return true;
        });
    }

    [Test]
    public async Task TheHolidayPeriodsComeFromTheCalendarWithTheWeekendsAroundThem()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        await database.WithAsync(async db =>
        {
            // 国庆节 2026: 1–7 October (Thursday to Wednesday); 10 October (Saturday) is worked.
            db.CalendarDays.AddRange(Enumerable.Range(1, 7).Select(d => new CalendarDayRecord { Date = new DateOnly(2026, 10, d), Kind = CalendarDayRecord.Holiday, Name = "国庆节" }));
            db.CalendarDays.Add(new CalendarDayRecord { Date = new DateOnly(2026, 10, 10), Kind = CalendarDayRecord.Workday, Name = "国庆节调休上班" });
            db.DutyShifts.Add(new DutyShiftRecord { Id = Guid.CreateVersion7(), Team = "center", PersonName = "王", Phone = "1", StartsAt = new DateTimeOffset(2026, 10, 1, 0, 0, 0, Beijing), EndsAt = new DateTimeOffset(2026, 10, 4, 0, 0, 0, Beijing) });
            await db.SaveChangesAsync();
        });
        await database.WithAsync(async sp =>
        {
            await sp.GetRequiredService<WorkingCalendar>().ReloadAsync();
            var period = (await sp.GetRequiredService<DutyRota>().HolidayPeriodsAsync("center", 2026)).Single();
            Assert.That((period.Name, period.From, period.To), Is.EqualTo(("国庆节", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 7))));
            Assert.That(period.Gaps, Is.EqualTo(new[] { new DutyGap(new DateTimeOffset(2026, 10, 4, 0, 0, 0, Beijing), new DateTimeOffset(2026, 10, 8, 0, 0, 0, Beijing)) }));
            Assert.That(await sp.GetRequiredService<DutyRota>().HolidayPeriodsAsync("jsj", 2026), Has.Count.EqualTo(1).And.Exactly(1).Matches<HolidayPeriod>(p => p is { Covered: false }));
            return true;
        });
    }

    private static InspectionUnitRecord Planned() => new()
    {
        Id = Guid.CreateVersion7(), UnitCode = "jsj", Title = "检查", PlannedDate = Act.Today, Status = InspectionUnitStatus.Planned,
    };

    private static ResponsibilityLetterRecord Letter(LetterKind kind, string unit, string? company, DateOnly? validUntil = null) => new()
    {
        Id = Guid.CreateVersion7(), Kind = kind, UnitCode = unit, Company = company, Number = "n", Signer = "s", SignedOn = new DateOnly(2026, 1, 1),
        ValidUntil = validUntil ?? new DateOnly(2026, 12, 31), ResponsiblePerson = "p", ResponsiblePhone = "1", Status = LetterStatus.Active,
    };
}
