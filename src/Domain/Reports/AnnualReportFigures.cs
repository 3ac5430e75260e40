using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Inspections;
using Zzut.Workflows.Domain.Letters;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Warnings;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Domain.Reports;

/// <summary>The figures of a year's report (Art. 36), as the ledgers hold them on <see cref="AsOf"/>.</summary>
/// <param name="Year">The year.</param>
/// <param name="AsOf">The day they were assembled.</param>
/// <param name="Units">Units in the directory.</param>
/// <param name="Systems">Information systems.</param>
/// <param name="Inspections">Inspections, self-inspections, notices and criticisms.</param>
/// <param name="Incidents">Security incidents.</param>
/// <param name="Vms">Cloud VMs.</param>
/// <param name="Emergency">Plans, drills and training.</param>
/// <param name="Letters">Responsibility letters.</param>
/// <param name="Warnings">Warnings from the authorities.</param>
/// <param name="Websites">Websites and the watch.</param>
public sealed record AnnualReportFigures(
    int Year,
    DateOnly AsOf,
    int Units,
    SystemFigures Systems,
    InspectionFigures Inspections,
    IncidentFigures Incidents,
    VmFigures Vms,
    EmergencyFigures Emergency,
    LetterFigures Letters,
    WarningFigures Warnings,
    WebsiteFigures Websites);

/// <summary>Systems in service.</summary>
/// <param name="ByLevel">Per level: systems, filed, evaluated in the year.</param>
/// <param name="EvaluatedInYear">Systems whose last evaluation fell in the year.</param>
/// <param name="OverdueEvaluations">Systems whose evaluation is overdue on the day assembled.</param>
public sealed record SystemFigures(IReadOnlyList<LevelCount> ByLevel, int EvaluatedInYear, int OverdueEvaluations);

/// <summary>Systems of one level.</summary>
/// <param name="Level">1–5.</param>
/// <param name="Systems">In service.</param>
/// <param name="Filed">With a filing number.</param>
/// <param name="EvaluatedInYear">Evaluated in the year.</param>
public sealed record LevelCount(int Level, int Systems, int Filed, int EvaluatedInYear);

/// <summary>Inspections (Art. 34–35) and their consequences (Art. 38).</summary>
/// <param name="CenterInspections">Inspections the center planned in the year.</param>
/// <param name="UnitsInspected">Units whose inspection was recorded in the year.</param>
/// <param name="UnitsWithFindings">Of those, with problems found.</param>
/// <param name="SelfInspections">Self-inspections of the year's periods.</param>
/// <param name="SelfInspectionsApproved">Of those, accepted by the center.</param>
/// <param name="NoticesIssued">Deadline rectification notices issued in the year.</param>
/// <param name="NoticesCompleted">Of those, rectified and verified.</param>
/// <param name="NoticesOverdue">Of those, overdue.</param>
/// <param name="Criticisms">Circulated criticisms of units in the year.</param>
public sealed record InspectionFigures(int CenterInspections, int UnitsInspected, int UnitsWithFindings, int SelfInspections, int SelfInspectionsApproved, int NoticesIssued, int NoticesCompleted, int NoticesOverdue, int Criticisms);

/// <summary>Incidents that occurred in the year.</summary>
/// <param name="Total">All of them.</param>
/// <param name="ByLevel">By approved level (1 = Ⅰ … 4 = Ⅳ; 0 = not yet judged).</param>
/// <param name="OnTime">Reported on time.</param>
/// <param name="Missed">漏报.</param>
/// <param name="Concealed">瞒报.</param>
/// <param name="Interviews">约谈 recorded.</param>
/// <param name="Circulars">通报 recorded.</param>
public sealed record IncidentFigures(int Total, IReadOnlyList<KeyCount> ByLevel, int OnTime, int Missed, int Concealed, int Interviews, int Circulars);

/// <summary>A count under a key.</summary>
/// <param name="Key">The key.</param>
/// <param name="Count">How many.</param>
public sealed record KeyCount(int Key, int Count);

/// <summary>Cloud VMs.</summary>
/// <param name="Active">In use on the day assembled.</param>
/// <param name="RegisteredInYear">Registrations in the year.</param>
/// <param name="MissedInYear">Registrations missed in the year.</param>
/// <param name="ReclaimedInYear">Reclaimed in the year.</param>
public sealed record VmFigures(int Active, int RegisteredInYear, int MissedInYear, int ReclaimedInYear);

/// <summary>Emergency preparedness (Art. 29–31).</summary>
/// <param name="PlansInForce">Plans in force (the school's and units').</param>
/// <param name="PlansFiledInYear">Plan versions filed in the year.</param>
/// <param name="DrillsHeld">Drills held in the year.</param>
/// <param name="Drills">The drills held: title and date.</param>
/// <param name="TrainingSessions">Training sessions in the year.</param>
/// <param name="UnitsTrained">Units with a session in the year.</param>
/// <param name="Attendees">Attendees in all.</param>
public sealed record EmergencyFigures(int PlansInForce, int PlansFiledInYear, int DrillsHeld, IReadOnlyList<string> Drills, int TrainingSessions, int UnitsTrained, int Attendees);

/// <summary>Responsibility letters (Art. 12).</summary>
/// <param name="UnitsWithLetter">Units whose head's letter 一 is in force on the day assembled.</param>
/// <param name="VendorLetters">Letters 二 in force.</param>
/// <param name="SignedInYear">Letters signed in the year.</param>
/// <param name="PersonChanges">Changes of responsible person reported in the year.</param>
/// <param name="LateChanges">Of those, reported late.</param>
public sealed record LetterFigures(int UnitsWithLetter, int VendorLetters, int SignedInYear, int PersonChanges, int LateChanges);

/// <summary>Warnings (Att. 9 §6) received in the year.</summary>
/// <param name="Received">Recorded.</param>
/// <param name="Closed">Closed.</param>
/// <param name="Answers">Unit answers awaited in all.</param>
/// <param name="AnsweredOnTime">Answered by the deadline.</param>
/// <param name="AnsweredLate">Answered after it.</param>
/// <param name="Unanswered">Never answered, or still overdue.</param>
public sealed record WarningFigures(int Received, int Closed, int Answers, int AnsweredOnTime, int AnsweredLate, int Unanswered);

/// <summary>Websites (Art. 24–27).</summary>
/// <param name="Online">Online.</param>
/// <param name="OpenedInYear">Went live in the year.</param>
/// <param name="FailingWatch">Failing the watch on the day assembled.</param>
public sealed record WebsiteFigures(int Online, int OpenedInYear, int FailingWatch);

/// <summary>Assembles a year's figures from the ledgers, with the records' own rules.</summary>
public sealed class AnnualReportAssembler(LedgerDbContext db, WorkingCalendar calendar)
{
    /// <summary>The figures of <paramref name="year"/> as of <paramref name="today"/>.</summary>
    public async Task<AnnualReportFigures> AssembleAsync(int year, DateOnly today, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        bool InYear(DateOnly? date) => date is { } d && d >= first && d <= last;
        bool InYearAt(DateTimeOffset? at) => at is { } a && calendar.LocalDate(a).Year == year;

        var units = await db.Units.AsNoTracking().CountAsync(cancellationToken);
        var systems = await db.Systems.AsNoTracking().Where(s => s.Status != SystemStatus.Retired).ToListAsync(cancellationToken);
        var inspections = await db.Inspections.AsNoTracking().ToListAsync(cancellationToken);
        var inspected = await db.InspectionUnits.AsNoTracking().ToListAsync(cancellationToken);
        var selfInspections = await db.SelfInspections.AsNoTracking().ToListAsync(cancellationToken);
        var notices = await db.RectificationNotices.AsNoTracking().ToListAsync(cancellationToken);
        var criticisms = await db.Criticisms.AsNoTracking().ToListAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking().Include(i => i.Accountability).ToListAsync(cancellationToken);
        var vms = await db.Vms.AsNoTracking().Include(v => v.Registrations).ToListAsync(cancellationToken);
        var plans = await db.EmergencyPlans.AsNoTracking().ToListAsync(cancellationToken);
        var drills = await db.EmergencyDrills.AsNoTracking().ToListAsync(cancellationToken);
        var trainings = await db.Trainings.AsNoTracking().ToListAsync(cancellationToken);
        var letters = await db.Letters.AsNoTracking().ToListAsync(cancellationToken);
        var changes = await db.PersonChanges.AsNoTracking().ToListAsync(cancellationToken);
        var warnings = await db.Warnings.AsNoTracking().Include(w => w.Responses).ToListAsync(cancellationToken);
        var websites = await db.Websites.AsNoTracking().ToListAsync(cancellationToken);

        var yearIncidents = incidents.Where(i => InYearAt(i.OccurredAt)).ToList();
        var yearNotices = notices.Where(n => InYear(n.IssuedDate)).ToList();
        var yearWarnings = warnings.Where(w => InYear(w.ReceivedOn)).ToList();
        var responses = yearWarnings.SelectMany(w => w.Responses).ToList();
        var yearTrainings = trainings.Where(t => InYear(t.TrainingDate)).ToList();
        var heldDrills = drills.Where(d => InYear(d.HeldOn)).OrderBy(d => d.HeldOn).ToList();
        var yearChanges = changes.Where(c => InYearAt(c.ReportedAt)).ToList();
        var evaluatedInYear = systems.Where(s => InYear(s.LastEvaluationDate)).ToList();

        return new AnnualReportFigures(
            year,
            today,
            units,
            new SystemFigures(
                [.. systems.GroupBy(s => s.Level).OrderBy(g => g.Key).Select(g => new LevelCount(g.Key, g.Count(), g.Count(s => s.FilingNumber is not null), g.Count(evaluatedInYear.Contains)))],
                evaluatedInYear.Count,
                systems.Count(s => s.IsEvaluationOverdue(today))),
            new InspectionFigures(
                inspections.Count(i => i.PlannedDate.Year == year),
                inspected.Count(u => InYear(u.InspectedOn)),
                inspected.Count(u => InYear(u.InspectedOn) && u.Result == InspectionResult.Findings),
                selfInspections.Count(s => s.Period.StartsWith($"{year}-", StringComparison.Ordinal)),
                selfInspections.Count(s => s.Period.StartsWith($"{year}-", StringComparison.Ordinal) && s.Status == SelfInspectionStatus.Approved),
                yearNotices.Count,
                yearNotices.Count(n => n.Status == RectificationNoticeStatus.Completed),
                yearNotices.Count(n => n.Status != RectificationNoticeStatus.Completed && n.IsPastDeadline(today)),
                criticisms.Count(c => InYearAt(c.At))),
            new IncidentFigures(
                yearIncidents.Count,
                [.. yearIncidents.GroupBy(i => i.ApprovedLevel ?? 0).OrderBy(g => g.Key).Select(g => new KeyCount(g.Key, g.Count()))],
                yearIncidents.Count(i => i.ReportingStatus == ReportingStatus.OnTime),
                yearIncidents.Count(i => i.ReportingStatus == ReportingStatus.Missed),
                yearIncidents.Count(i => i.ReportingStatus == ReportingStatus.Concealed),
                yearIncidents.Sum(i => i.Accountability.Count(a => a.Kind == AccountabilityKind.Interview)),
                yearIncidents.Sum(i => i.Accountability.Count(a => a.Kind == AccountabilityKind.Circular))),
            new VmFigures(
                vms.Count(v => v.Status == VmStatus.Active),
                vms.Sum(v => v.Registrations.Count(r => r.Year == year && r.Outcome == VmRegistrationOutcome.Registered)),
                vms.Sum(v => v.Registrations.Count(r => r.Year == year && r.Outcome == VmRegistrationOutcome.Missed)),
                vms.Count(v => v.Status == VmStatus.Reclaimed && InYearAt(v.ReclaimedAt))),
            new EmergencyFigures(
                plans.Count(p => p.Status == EmergencyPlanStatus.InForce),
                plans.Count(p => InYear(p.FiledOn)),
                heldDrills.Count,
                [.. heldDrills.Select(d => $"{d.Title}（{d.HeldOn:yyyy-MM-dd}）")],
                yearTrainings.Count,
                yearTrainings.Select(t => t.UnitCode).Distinct(StringComparer.Ordinal).Count(),
                yearTrainings.Sum(t => t.AttendeeCount)),
            new LetterFigures(
                letters.Where(l => l.Kind == LetterKind.One && l.IsCurrentThrough(today)).Select(l => l.UnitCode).Distinct(StringComparer.Ordinal).Count(),
                letters.Count(l => l.Kind == LetterKind.Two && l.IsCurrentThrough(today)),
                letters.Count(l => InYear(l.SignedOn)),
                yearChanges.Count,
                yearChanges.Count(c => c.Late)),
            new WarningFigures(
                yearWarnings.Count,
                yearWarnings.Count(w => w.Status == SecurityWarningStatus.Closed),
                responses.Count,
                responses.Count(r => r.Status == WarningResponseStatus.Answered && !r.Late),
                responses.Count(r => r.Status == WarningResponseStatus.Answered && r.Late),
                responses.Count(r => r.Status is WarningResponseStatus.Unanswered or WarningResponseStatus.Overdue)),
            new WebsiteFigures(
                websites.Count(w => w.Status == WebsiteStatus.Online),
                websites.Count(w => InYear(w.OpeningDate)),
                websites.Count(w => w.IsFailingWatch)));
    }
}
