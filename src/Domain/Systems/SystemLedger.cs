using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Domain.Systems;

/// <summary>
/// The information-system ledger's queries and the evaluation periods (P2): which systems are due for evaluation, and
/// when a system's next evaluation falls due by the period table in force.
/// </summary>
public sealed class SystemLedger(LedgerDbContext db, IOptionsMonitor<ScanOptions> windows)
{
    /// <summary>The last day of the lead window that starts on <paramref name="today"/>: a cycle due by then starts now.</summary>
    public DateOnly EvaluationHorizon(DateOnly today) => today.AddDays(windows.CurrentValue.EvaluationLeadDays);

    /// <summary>The systems whose evaluation cycle should start on <paramref name="today"/> (due within the lead window, or never evaluated).</summary>
    public async Task<IReadOnlyList<InformationSystemRecord>> DueForEvaluationAsync(DateOnly today, CancellationToken cancellationToken = default) =>
        await db.Systems.AsNoTracking().Where(InformationSystemRecord.EvaluationDueBy.For(EvaluationHorizon(today))).ToListAsync(cancellationToken);

    /// <summary>Months between evaluations of a level: the period table, else the policy's default.</summary>
    public async Task<int> EvaluationMonthsAsync(int level, CancellationToken cancellationToken = default) =>
        await db.EvaluationPeriods.AsNoTracking().Where(p => p.Level == level).Select(p => (int?)p.Months).FirstOrDefaultAsync(cancellationToken)
        ?? EvaluationPolicy.DefaultMonths.GetValueOrDefault(level);

    /// <summary>Sets the system's next evaluation due date by the period of its level in force.</summary>
    public async Task ScheduleNextEvaluationAsync(InformationSystemRecord system, CancellationToken cancellationToken = default) =>
        system.ScheduleNextEvaluation(system.LastEvaluationDate is null ? 0 : await EvaluationMonthsAsync(system.Level, cancellationToken));

    /// <summary>
    /// Changes a level's period (checked with <see cref="EvaluationPeriodRecord.Validate"/> first); with
    /// <paramref name="recompute"/> also moves the next due date of every evaluated system of that level.
    /// </summary>
    public async Task<EvaluationPeriodRecord> SetEvaluationPeriodAsync(int level, int months, bool recompute, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var period = await db.EvaluationPeriods.FirstOrDefaultAsync(p => p.Level == level, cancellationToken);
        if (period is null)
        {
            period = new EvaluationPeriodRecord { Level = level };
            db.EvaluationPeriods.Add(period);
        }

        period.Months = months;
        await db.SaveChangesAsync(cancellationToken);
        if (recompute)
        {
            var systems = await db.Systems.Where(s => (s.ApprovedLevel ?? s.ProposedLevel) == level && s.LastEvaluationDate != null).ToListAsync(cancellationToken);
            foreach (var system in systems)
            {
                system.ScheduleNextEvaluation(months);
                system.UpdatedAt = now;
                system.Revision++;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return period;
    }
}
