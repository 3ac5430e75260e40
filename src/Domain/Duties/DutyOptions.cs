using System.Globalization;

namespace Zzut.Workflows.Domain.Duties;

/// <summary>
/// When the policy's standing duties fall due (section <c>Workflows:Duties</c>); the scans that act on them run on the
/// Cron schedules under <c>Workflows:RecurringJobs</c>. Dates are <c>MM-dd</c>, read in the ledgers' time zone.
/// </summary>
public sealed class DutyOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Duties";

    /// <summary>The dates (comma-separated <c>MM-dd</c>) on which every unit's periodic self-inspection (Art. 34) starts: twice a year by default.</summary>
    public string SelfInspectionDates { get; set; } = "03-01,09-01";

    /// <summary>Days a unit has for its self-inspection report.</summary>
    public int SelfInspectionDays { get; set; } = 30;

    /// <summary>From this date on, each unit that recorded no security training this year is reminded, once (Art. 30).</summary>
    public string TrainingReminderDate { get; set; } = "10-01";

    /// <summary>
    /// The yearly responsibility-letter campaign (Art. 12, Att. 1): from this date on, every unit whose head has no letter 一
    /// valid through the end of the year is asked to sign one.
    /// </summary>
    public string LetterCampaignDate { get; set; } = "01-15";

    /// <summary>From this date on, the leading group is reminded, once, when no emergency drill was planned or held this year (Art. 30).</summary>
    public string DrillReminderDate { get; set; } = "10-01";

    /// <summary>Months between the reviews of a filed emergency plan (Art. 30: 评估并适时组织修订).</summary>
    public int PlanReviewMonths { get; set; } = 12;

    /// <summary>Days before a plan's review falls due at which its owner is reminded.</summary>
    public int PlanReviewLeadDays { get; set; } = 30;

    /// <summary>From this date on (December), the year's annual security report (Art. 36) is started for the office.</summary>
    public string AnnualReportDate { get; set; } = "12-01";

    /// <summary>Days within which a change of the responsible person must be reported (Att. 1 §8: 两天内).</summary>
    public int PersonChangeReportDays { get; set; } = 2;

    /// <summary>The self-inspection dates, in calendar order.</summary>
    public IReadOnlyList<YearlyDate> SelfInspectionSchedule =>
        [.. SelfInspectionDates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(YearlyDate.Parse).Distinct().Order()];

    /// <summary>What is wrong with the settings, or null.</summary>
    public string? Problem()
    {
        var dates = SelfInspectionDates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dates.Length == 0 || dates.Any(d => !YearlyDate.TryParse(d, out _)))
        {
            return $"{Section}:SelfInspectionDates must list one or more MM-dd dates.";
        }

        foreach (var (name, value) in new[] { (nameof(TrainingReminderDate), TrainingReminderDate), (nameof(LetterCampaignDate), LetterCampaignDate), (nameof(DrillReminderDate), DrillReminderDate), (nameof(AnnualReportDate), AnnualReportDate) })
        {
            if (!YearlyDate.TryParse(value, out _))
            {
                return $"{Section}:{name} must be an MM-dd date.";
            }
        }

        return SelfInspectionDays is < 1 or > 366 || PlanReviewMonths is < 1 or > 60 || PlanReviewLeadDays is < 0 or > 366 || PersonChangeReportDays is < 0 or > 30
            ? $"{Section}: SelfInspectionDays 1–366, PlanReviewMonths 1–60, PlanReviewLeadDays 0–366, PersonChangeReportDays 0–30."
            : null;
    }
}

/// <summary>A day of every year, <c>MM-dd</c> (29 February falls on the 28th in other years).</summary>
/// <param name="Month">1–12.</param>
/// <param name="Day">1–31.</param>
public readonly record struct YearlyDate(int Month, int Day) : IComparable<YearlyDate>
{
    /// <summary>Reads <c>MM-dd</c>.</summary>
    public static bool TryParse(string? text, out YearlyDate date)
    {
        date = default;
        if (text is null || !DateOnly.TryParseExact("2000-" + text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        date = new YearlyDate(parsed.Month, parsed.Day);
        return true;
    }

    /// <summary>Reads <c>MM-dd</c>, or throws.</summary>
    public static YearlyDate Parse(string text) =>
        TryParse(text, out var date) ? date : throw new FormatException($"'{text}' is not an MM-dd date.");

    /// <summary>The date in <paramref name="year"/>.</summary>
    public DateOnly In(int year) => new(year, Month, Math.Min(Day, DateTime.DaysInMonth(year, Month)));

    /// <summary>Whether the date of <paramref name="today"/>'s year has come.</summary>
    public bool HasCome(DateOnly today) => In(today.Year) <= today;

    /// <inheritdoc />
    public int CompareTo(YearlyDate other) => (Month, Day).CompareTo((other.Month, other.Day));

    /// <summary>Orders dates within a year.</summary>
    public static bool operator <(YearlyDate left, YearlyDate right) => left.CompareTo(right) < 0;

    /// <summary>Orders dates within a year.</summary>
    public static bool operator >(YearlyDate left, YearlyDate right) => left.CompareTo(right) > 0;

    /// <summary>Orders dates within a year.</summary>
    public static bool operator <=(YearlyDate left, YearlyDate right) => left.CompareTo(right) <= 0;

    /// <summary>Orders dates within a year.</summary>
    public static bool operator >=(YearlyDate left, YearlyDate right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => $"{Month:00}-{Day:00}";
}

/// <summary>
/// A reminder sent once for a duty and period (a unit's training in a year, the school's drill in a year): the mark is
/// saved with the e-mail, so no reminder is sent twice and none is lost.
/// </summary>
public sealed class ReminderMarkRecord
{
    /// <summary>What the reminder is about, e.g. <c>training</c>, <c>drill</c>.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Whom it is about: a unit code, or <c>school</c>.</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>The period, e.g. <c>2026</c>.</summary>
    public string Period { get; set; } = string.Empty;

    /// <summary>When it was sent.</summary>
    public DateTimeOffset SentAt { get; set; }
}
