using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Domain.Compliance;

/// <summary>The systems of one level.</summary>
/// <param name="Level">The level in force.</param>
/// <param name="Systems">Systems (not retired).</param>
/// <param name="Filed">With a filing number.</param>
/// <param name="Evaluated">Evaluated at least once.</param>
/// <param name="DueSoon">Evaluation due within the lead window.</param>
/// <param name="Overdue">Evaluation overdue.</param>
public sealed record LevelFigures(int Level, int Systems, int Filed, int Evaluated, int DueSoon, int Overdue);

/// <summary>The figures of the compliance overview on one day: what the leading group's annual summary reports (Art. 36).</summary>
/// <param name="Today">The day (in the ledgers' time zone).</param>
/// <param name="SystemsByLevel">Systems by level, lowest first.</param>
/// <param name="OverdueEvaluations">Systems whose evaluation is overdue, soonest due first.</param>
/// <param name="EvaluationsDueSoon">Systems whose evaluation falls due within the lead window, soonest first.</param>
/// <param name="OpenNotices">Rectification notices not completed, by deadline.</param>
/// <param name="VmsByStatus">VMs by status (wire name order).</param>
/// <param name="VmsByMissedYears">VMs not reclaimed, by consecutive missed years.</param>
/// <param name="PendingReclamation">VMs pending reclamation.</param>
/// <param name="WebsitesAwaitingChecks">Websites not yet online or closed.</param>
/// <param name="IncidentsByReportingStatus">Incidents by reporting status, from on time to concealed.</param>
/// <param name="OpenIncidents">Incidents not closed.</param>
/// <param name="Interviews">Interviews (约谈) recorded.</param>
/// <param name="Circulars">Circulated notices (通报) recorded.</param>
/// <param name="Criticisms">Circulated criticisms of units, oldest first.</param>
public sealed record ComplianceFigures(
    DateOnly Today,
    IReadOnlyList<LevelFigures> SystemsByLevel,
    IReadOnlyList<InformationSystemRecord> OverdueEvaluations,
    IReadOnlyList<InformationSystemRecord> EvaluationsDueSoon,
    IReadOnlyList<RectificationNoticeRecord> OpenNotices,
    IReadOnlyList<KeyValuePair<VmStatus, int>> VmsByStatus,
    IReadOnlyList<KeyValuePair<int, int>> VmsByMissedYears,
    IReadOnlyList<VmRecord> PendingReclamation,
    IReadOnlyList<WebsiteRecord> WebsitesAwaitingChecks,
    IReadOnlyList<KeyValuePair<ReportingStatus, int>> IncidentsByReportingStatus,
    int OpenIncidents,
    int Interviews,
    int Circulars,
    IReadOnlyList<UnitCriticismRecord> Criticisms);

/// <summary>Computes the compliance figures from the ledgers, with the records' own rules (due, overdue, open, pending).</summary>
public sealed class ComplianceOverview(LedgerDbContext db, SystemLedger systems)
{
    /// <summary>The figures on <paramref name="today"/>.</summary>
    public async Task<ComplianceFigures> ComputeAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var horizon = systems.EvaluationHorizon(today);
        var inService = await db.Systems.AsNoTracking().Where(s => s.Status != SystemStatus.Retired).ToListAsync(cancellationToken);
        var notices = await db.RectificationNotices.AsNoTracking().Where(n => n.Status != RectificationNoticeStatus.Completed).ToListAsync(cancellationToken);
        var vms = await db.Vms.AsNoTracking().ToListAsync(cancellationToken);
        var websites = (await db.Websites.AsNoTracking().ToListAsync(cancellationToken)).Where(w => w.IsAwaitingCheck).ToList();
        var incidents = await db.Incidents.AsNoTracking().Include(i => i.Accountability).ToListAsync(cancellationToken);
        var criticisms = await db.Criticisms.AsNoTracking().ToListAsync(cancellationToken);

        var overdue = inService.Where(s => s.IsEvaluationOverdue(today)).OrderBy(s => s.NextEvaluationDue).ToList();
        var dueSoon = inService.Where(s => s.IsEvaluationDue(horizon) && !s.IsEvaluationOverdue(today)).OrderBy(s => s.NextEvaluationDue).ToList();
        return new ComplianceFigures(
            today,
            [.. inService.GroupBy(s => s.Level).OrderBy(g => g.Key).Select(g => new LevelFigures(
                g.Key, g.Count(), g.Count(s => s.FilingNumber is not null), g.Count(s => s.LastEvaluationDate is not null), g.Count(dueSoon.Contains), g.Count(overdue.Contains)))],
            overdue,
            dueSoon,
            [.. notices.OrderBy(n => n.Deadline)],
            [.. vms.GroupBy(v => v.Status).OrderBy(g => g.Key.ToWire(), StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Count()))],
            [.. vms.Where(v => v.Status != VmStatus.Reclaimed).GroupBy(v => v.ConsecutiveMissedYears).OrderBy(g => g.Key).Select(g => KeyValuePair.Create(g.Key, g.Count()))],
            [.. vms.Where(v => v.Status == VmStatus.ReclaimPending)],
            websites,
            [.. Enum.GetValues<ReportingStatus>().Select(s => KeyValuePair.Create(s, incidents.Count(i => i.ReportingStatus == s)))],
            incidents.Count(i => i.IsOpen),
            incidents.Sum(i => i.Accountability.Count(a => a.Kind == AccountabilityKind.Interview)),
            incidents.Sum(i => i.Accountability.Count(a => a.Kind == AccountabilityKind.Circular)),
            [.. criticisms.OrderBy(c => c.At)]);
    }
}
