namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>
/// The reporting clocks of Att. 9 §5 that decide the reporting status, counted from the time of occurrence (事发):
/// none within 1 hour is 漏报 (missed), none within 2 hours is 瞒报 (concealed). The task deadlines (oral report 30 min,
/// written report 1 h) are in the incident-report definition.
/// </summary>
public static class IncidentReporting
{
    /// <summary>Reported in time (or not yet late).</summary>
    public const string OnTime = "onTime";

    /// <summary>漏报: no written report within 1 hour of occurrence.</summary>
    public const string Missed = "missed";

    /// <summary>瞒报: no written report within 2 hours of occurrence.</summary>
    public const string Concealed = "concealed";

    /// <summary>The written report's deadline after occurrence; later is 漏报.</summary>
    public static readonly TimeSpan WrittenReportWithin = TimeSpan.FromHours(1);

    /// <summary>Later than this after occurrence (or never) is 瞒报.</summary>
    public static readonly TimeSpan ConcealedAfter = TimeSpan.FromHours(2);

    /// <summary>
    /// The status at <paramref name="now"/>: judged by the written report's time when there is one (a report at the
    /// deadline itself is in time), else by how long the incident has gone unreported (at the deadline without a report
    /// it is late). It only ever gets worse as time passes.
    /// </summary>
    public static string StatusAt(DateTimeOffset occurredAt, DateTimeOffset? writtenReportAt, DateTimeOffset now)
    {
        if (writtenReportAt is { } reported)
        {
            var taken = reported - occurredAt;
            return taken > ConcealedAfter ? Concealed : taken > WrittenReportWithin ? Missed : OnTime;
        }

        var waited = now - occurredAt;
        return waited >= ConcealedAfter ? Concealed : waited >= WrittenReportWithin ? Missed : OnTime;
    }

    /// <summary>How bad a status is: 0 on time, 1 missed, 2 concealed.</summary>
    public static int Severity(string status) => status switch
    {
        Concealed => 2,
        Missed => 1,
        _ => 0,
    };
}
