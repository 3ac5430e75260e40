using System.Globalization;

namespace Zzut.Workflows.Timing;

/// <summary>
/// An ISO 8601 repeating interval as BPMN's <c>timeCycle</c> uses it: <c>R3/PT1H</c> (three times, hourly),
/// <c>R/P1Y</c> (yearly, forever), <c>R3/2026-01-01T00:00:00Z/P1D</c> (from a start instant),
/// <c>R2/PT1H/2026-01-01T00:00:00Z</c> (until an end instant). Cron expressions are not accepted: repeats are computed
/// from the interval, never converted to cron.
/// </summary>
/// <param name="Repetitions">How many times it fires; null for unbounded.</param>
/// <param name="Start">The first firing, when given; otherwise the first firing is one interval after arming.</param>
/// <param name="Interval">The time between firings.</param>
/// <param name="End">No firing after this instant, when given.</param>
public sealed record TimerCycle(int? Repetitions, DateTimeOffset? Start, IsoDuration Interval, DateTimeOffset? End)
{
    /// <summary>The shortest interval any cycle may repeat at.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    /// <summary>The shortest interval of a cycle that never stops by itself (no repetition count, no end instant).</summary>
    public static readonly TimeSpan MinimumUnboundedInterval = TimeSpan.FromMinutes(1);

    /// <summary>True when the cycle has neither a repetition count nor an end instant.</summary>
    public bool IsUnbounded => Repetitions is null && End is null;

    /// <summary>
    /// Why this cycle repeats too often to be armed (every firing is a step: an instance started, a reminder sent), or
    /// null when it may be: below <see cref="MinimumInterval"/> never, below <see cref="MinimumUnboundedInterval"/> only
    /// with a repetition count or an end instant.
    /// </summary>
    public string? FrequencyProblem()
    {
        if (Interval.Years != 0 || Interval.Months != 0 || Interval.Weeks != 0 || Interval.Days != 0)
        {
            return null; // at least a day
        }

        var seconds = (Interval.Hours * 3600m) + (Interval.Minutes * 60m) + Interval.Seconds;
        if (seconds < (decimal)MinimumInterval.TotalSeconds)
        {
            return $"timeCycle 的间隔 {Interval} 短于 1 秒 (the cycle repeats every {Interval}; cycles shorter than 1 second are refused).";
        }

        return IsUnbounded && seconds < (decimal)MinimumUnboundedInterval.TotalSeconds
            ? $"不限次数、无终点的 timeCycle 的间隔 {Interval} 短于 1 分钟 (the cycle repeats every {Interval} without a count or an end; such a cycle must repeat at most once a minute — give it a count such as R10/ or an end instant)."
            : null;
    }

    /// <summary>Parses a repeating interval.</summary>
    /// <exception cref="FormatException">The text is not a supported repeating interval.</exception>
    public static TimerCycle Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Contains(' ', StringComparison.Ordinal))
        {
            throw new FormatException($"'{trimmed}' looks like a cron expression; cron is not supported. Use an ISO 8601 repeating interval such as R3/PT1H or R/P1Y.");
        }

        var parts = trimmed.Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[0][0] != 'R')
        {
            throw new FormatException($"'{trimmed}' is not an ISO 8601 repeating interval such as R3/PT1H, R/P1Y or R3/2026-01-01T00:00:00Z/P1D.");
        }

        int? repetitions = null;
        if (parts[0].Length > 1)
        {
            if (!int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new FormatException($"'{parts[0]}' in '{trimmed}' is not a repeat count such as R3.");
            }

            repetitions = count;
        }

        if (parts.Length == 2)
        {
            return new TimerCycle(repetitions, null, ParseInterval(parts[1], trimmed), null);
        }

        if (IsoDuration.TryParse(parts[1], out var interval))
        {
            return new TimerCycle(repetitions, null, NonZero(interval, trimmed), ParseInstant(parts[2], trimmed));
        }

        return new TimerCycle(repetitions, ParseInstant(parts[1], trimmed), ParseInterval(parts[2], trimmed), null);
    }

    /// <summary>Tries to parse a repeating interval.</summary>
    public static bool TryParse(string? text, out TimerCycle? cycle)
    {
        cycle = null;
        if (text is null)
        {
            return false;
        }

        try
        {
            cycle = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The first firing of a timer armed at <paramref name="armedAt"/>, or null when it never fires.</summary>
    public DateTimeOffset? FirstDue(DateTimeOffset armedAt)
    {
        if (Repetitions == 0)
        {
            return null;
        }

        var first = Start ?? Interval.AddTo(armedAt);
        return End is { } end && first > end ? null : first;
    }

    /// <summary>The firing after <paramref name="previousDue"/>, once <paramref name="firedSoFar"/> firings have happened; null when done.</summary>
    public DateTimeOffset? NextDue(DateTimeOffset previousDue, int firedSoFar)
    {
        if (Repetitions is { } count && firedSoFar >= count)
        {
            return null;
        }

        var next = Interval.AddTo(previousDue);
        return End is { } end && next > end ? null : next;
    }

    private static IsoDuration ParseInterval(string text, string whole) =>
        IsoDuration.TryParse(text, out var interval)
            ? NonZero(interval, whole)
            : throw new FormatException($"'{text}' in '{whole}' is not an ISO 8601 duration such as PT1H or P1Y.");

    private static IsoDuration NonZero(IsoDuration interval, string whole) =>
        interval.IsZero ? throw new FormatException($"The interval of '{whole}' is zero.") : interval;

    private static DateTimeOffset ParseInstant(string text, string whole) =>
        IsoDateTime.TryParse(text, out var instant)
            ? instant
            : throw new FormatException($"'{text}' in '{whole}' is not an ISO 8601 date-time.");
}
