namespace Zzut.Workflows.Domain.Calendar;

/// <summary>A day whose working status differs from the weekday rule: a holiday, or a weekend day worked (调休).</summary>
public sealed class CalendarDayRecord
{
    /// <summary>The kinds.</summary>
    public static readonly string[] Kinds = [Holiday, Workday];

    /// <summary>A day off on a weekday.</summary>
    public const string Holiday = "holiday";

    /// <summary>A weekend day that is worked.</summary>
    public const string Workday = "workday";

    /// <summary>The date (Asia/Shanghai).</summary>
    public DateOnly Date { get; set; }

    /// <summary><c>holiday</c> or <c>workday</c>.</summary>
    public string Kind { get; set; } = Holiday;

    /// <summary>E.g. 国庆节, 国庆节调休上班.</summary>
    public string Name { get; set; } = string.Empty;
}
