namespace Zzut.Workflows.Domain;

/// <summary>
/// The windows of the scheduled scans and the compliance overview (section <c>Workflows:Scans</c>); the scans' Cron
/// schedules are under <c>Workflows:RecurringJobs</c>.
/// </summary>
public sealed class ScanOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Scans";

    /// <summary>Days before a system's next evaluation at which its evaluation cycle starts.</summary>
    public int EvaluationLeadDays { get; set; } = 30;

    /// <summary>Days before the end of a VM's service period (开通周期) at which the unit is reminded.</summary>
    public int ServicePeriodReminderDays { get; set; } = 30;

    /// <summary>Whether both windows are 0 to 366 days.</summary>
    public bool IsValid() => EvaluationLeadDays is >= 0 and <= 366 && ServicePeriodReminderDays is >= 0 and <= 366;
}
