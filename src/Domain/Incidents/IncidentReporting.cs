namespace Zzut.Workflows.Domain.Incidents;

/// <summary>
/// The reporting clocks of Att. 9 §5 that decide the reporting status, counted from the time of occurrence (事发):
/// none within 1 hour is 漏报 (missed), none within 2 hours is 瞒报 (concealed); and the oral first report's clock,
/// 30 minutes (<see cref="OralStatusAt"/>). The task deadlines are in the incident-report definition.
/// </summary>
public static class IncidentReporting
{
    /// <summary>The oral first report's deadline after occurrence (口头初报不得超过事发后 30 分钟).</summary>
    public static readonly TimeSpan OralReportWithin = TimeSpan.FromMinutes(30);

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

    /// <summary>
    /// The oral report's status at <paramref name="now"/>: judged by the time the unit states it made the oral report
    /// when it has recorded one (at the deadline itself is in time), else by how long the incident has gone without one
    /// (30 minutes without a recorded oral report is late).
    /// </summary>
    public static OralReportStatus OralStatusAt(DateTimeOffset occurredAt, DateTimeOffset? oralReportAt, DateTimeOffset now) =>
        oralReportAt is { } reported
            ? (reported - occurredAt > OralReportWithin ? OralReportStatus.Late : OralReportStatus.OnTime)
            : (now - occurredAt >= OralReportWithin ? OralReportStatus.Late : OralReportStatus.OnTime);
}
