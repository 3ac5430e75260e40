namespace Zzut.Workflows.Domain.Incidents;

/// <summary>
/// The reporting clocks of Att. 9 §5 that decide the reporting status, counted from the time of occurrence (事发):
/// none within 1 hour is 漏报 (missed), none within 2 hours is 瞒报 (concealed). The task deadlines (oral report 30 min,
/// written report 1 h) are in the incident-report definition.
/// </summary>
public static class IncidentReporting
{
    /// <summary>The written report's deadline after occurrence; later is 漏报.</summary>
    public static readonly TimeSpan WrittenReportWithin = TimeSpan.FromHours(1);

    /// <summary>Later than this after occurrence (or never) is 瞒报.</summary>
    public static readonly TimeSpan ConcealedAfter = TimeSpan.FromHours(2);

    /// <summary>
    /// The status at <paramref name="now"/>: judged by the written report's time when there is one (a report at the
    /// deadline itself is in time), else by how long the incident has gone unreported (at the deadline without a report
    /// it is late). It only ever gets worse as time passes.
    /// </summary>
    public static ReportingStatus StatusAt(DateTimeOffset occurredAt, DateTimeOffset? writtenReportAt, DateTimeOffset now)
    {
        if (writtenReportAt is { } reported)
        {
            var taken = reported - occurredAt;
            return taken > ConcealedAfter ? ReportingStatus.Concealed : taken > WrittenReportWithin ? ReportingStatus.Missed : ReportingStatus.OnTime;
        }

        var waited = now - occurredAt;
        return waited >= ConcealedAfter ? ReportingStatus.Concealed : waited >= WrittenReportWithin ? ReportingStatus.Missed : ReportingStatus.OnTime;
    }
}
