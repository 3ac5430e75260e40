using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Domain.Inspections;
using Zzut.Workflows.Domain.Letters;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Domain.Warnings;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Domain.Duties;

/// <summary>
/// The standing duties' queries, which the scans and the compliance overview call: whose self-inspection, training,
/// letter, plan review or drill is due, and the reminders already sent.
/// </summary>
public sealed class DutyLedger(LedgerDbContext db, IOptionsMonitor<DutyOptions> options)
{
    /// <summary>The settings in force.</summary>
    public DutyOptions Options => options.CurrentValue;

    /// <summary>Every unit of the directory, by code.</summary>
    public async Task<IReadOnlyList<UnitRecord>> UnitsAsync(CancellationToken cancellationToken = default) =>
        await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);

    /// <summary>The self-inspection period in force on <paramref name="today"/>.</summary>
    public SelfInspectionPeriod CurrentSelfInspectionPeriod(DateOnly today) => SelfInspectionPeriod.Current(Options.SelfInspectionSchedule, today);

    /// <summary>The units that recorded no training session in <paramref name="year"/>.</summary>
    public async Task<IReadOnlyList<UnitRecord>> UnitsWithoutTrainingAsync(int year, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var trained = await db.Trainings.AsNoTracking().Where(t => t.TrainingDate >= first && t.TrainingDate <= last).Select(t => t.UnitCode).Distinct().ToListAsync(cancellationToken);
        return [.. (await UnitsAsync(cancellationToken)).Where(u => !trained.Contains(u.Code))];
    }

    /// <summary>The units whose head has no letter 一 in force through <paramref name="date"/>.</summary>
    public async Task<IReadOnlyList<UnitRecord>> UnitsWithoutLetterThroughAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var covered = await db.Letters.AsNoTracking().Where(l => l.Kind == LetterKind.One).Where(ResponsibilityLetterRecord.CurrentThrough.For(date))
            .Select(l => l.UnitCode).Distinct().ToListAsync(cancellationToken);
        return [.. (await UnitsAsync(cancellationToken)).Where(u => !covered.Contains(u.Code))];
    }

    /// <summary>Plans in force whose review falls due within the lead window from <paramref name="today"/>, tracked (to mark the reminder).</summary>
    public async Task<IReadOnlyList<EmergencyPlanRecord>> PlansDueForReviewAsync(DateOnly today, CancellationToken cancellationToken = default) =>
        await db.EmergencyPlans.Where(EmergencyPlanRecord.ReviewDueBy.For(today.AddDays(Options.PlanReviewLeadDays))).ToListAsync(cancellationToken);

    /// <summary>Whether a drill of <paramref name="year"/> is planned or was held.</summary>
    public Task<bool> DrillOfYearExistsAsync(int year, CancellationToken cancellationToken = default) =>
        db.EmergencyDrills.AsNoTracking().AnyAsync(d => d.Year == year, cancellationToken);

    /// <summary>Whether the reminder was sent.</summary>
    public Task<bool> RemindedAsync(string kind, string subject, string period, CancellationToken cancellationToken = default) =>
        db.ReminderMarks.AsNoTracking().AnyAsync(m => m.Kind == kind && m.Subject == subject && m.Period == period, cancellationToken);

    /// <summary>Marks the reminder sent; it is saved with the e-mail.</summary>
    public void MarkReminded(string kind, string subject, string period, DateTimeOffset at) =>
        db.ReminderMarks.Add(new ReminderMarkRecord { Kind = kind, Subject = subject, Period = period, SentAt = at });

    /// <summary>The websites the watch checks (online), tracked.</summary>
    public async Task<IReadOnlyList<WebsiteRecord>> WatchedWebsitesAsync(CancellationToken cancellationToken = default) =>
        await db.Websites.Where(w => w.Status == WebsiteStatus.Online).OrderBy(w => w.Domain).ToListAsync(cancellationToken);
}

/// <summary>The standing duties' lines of the compliance overview.</summary>
/// <param name="InspectionsOpen">Units' inspections not closed.</param>
/// <param name="InspectionsOverdue">Of those, overdue: not inspected by their date, or rectifying past the notice's deadline.</param>
/// <param name="SelfInspectionsOverdue">Self-inspection reports not submitted by their due date.</param>
/// <param name="LastDrill">The last drill held, if any.</param>
/// <param name="DrillsThisYear">Drills held this year.</param>
/// <param name="Units">Units in the directory.</param>
/// <param name="UnitsWithoutTraining">Units with no training session this year.</param>
/// <param name="LettersMissing">Units whose head has no letter 一 in force today.</param>
/// <param name="WebsitesFailing">Online websites whose last check failed.</param>
/// <param name="WarningsOpen">Warnings not closed.</param>
public sealed record DutyFigures(
    int InspectionsOpen,
    IReadOnlyList<(InspectionUnitRecord Inspection, RectificationNoticeRecord? Notice)> InspectionsOverdue,
    IReadOnlyList<SelfInspectionRecord> SelfInspectionsOverdue,
    EmergencyDrillRecord? LastDrill,
    int DrillsThisYear,
    int Units,
    IReadOnlyList<UnitRecord> UnitsWithoutTraining,
    IReadOnlyList<UnitRecord> LettersMissing,
    IReadOnlyList<WebsiteRecord> WebsitesFailing,
    IReadOnlyList<SecurityWarningRecord> WarningsOpen);

/// <summary>Computes the standing duties' compliance lines with the records' own rules.</summary>
public sealed class DutyOverview(LedgerDbContext db, DutyLedger duties)
{
    /// <summary>The lines on <paramref name="today"/>.</summary>
    public async Task<DutyFigures> ComputeAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var open = await db.InspectionUnits.AsNoTracking().Where(i => i.Status != InspectionUnitStatus.Closed).ToListAsync(cancellationToken);
        var noticeIds = open.Where(i => i.NoticeId != null).Select(i => i.NoticeId!.Value).ToList();
        var notices = await db.RectificationNotices.AsNoTracking().Where(n => noticeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, cancellationToken);
        var selfInspections = await db.SelfInspections.AsNoTracking().Where(s => s.Status == SelfInspectionStatus.Open).ToListAsync(cancellationToken);
        var drills = await db.EmergencyDrills.AsNoTracking().Where(d => d.HeldOn != null).ToListAsync(cancellationToken);
        var websites = await db.Websites.AsNoTracking().Where(w => w.Status == WebsiteStatus.Online).ToListAsync(cancellationToken);
        var warnings = await db.Warnings.AsNoTracking().Include(w => w.Responses).Where(w => w.Status == SecurityWarningStatus.Open).ToListAsync(cancellationToken);
        var units = await duties.UnitsAsync(cancellationToken);
        return new DutyFigures(
            open.Count,
            [.. open.Select(i => (Inspection: i, Notice: i.NoticeId is { } id ? notices.GetValueOrDefault(id) : null)).Where(x => x.Inspection.IsOverdue(today, x.Notice))
                .OrderBy(x => x.Notice?.Deadline ?? x.Inspection.PlannedDate)],
            [.. selfInspections.Where(s => s.IsOverdue(today)).OrderBy(s => s.DueDate)],
            drills.OrderByDescending(d => d.HeldOn).FirstOrDefault(),
            drills.Count(d => d.HeldOn!.Value.Year == today.Year),
            units.Count,
            await duties.UnitsWithoutTrainingAsync(today.Year, cancellationToken),
            await duties.UnitsWithoutLetterThroughAsync(today, cancellationToken),
            [.. websites.Where(w => w.IsFailingWatch).OrderBy(w => w.FailingSince)],
            [.. warnings.OrderBy(w => w.Deadline)]);
    }
}
