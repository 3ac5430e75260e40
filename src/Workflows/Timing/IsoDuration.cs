using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Zzut.Workflows.Timing;

/// <summary>
/// An ISO 8601 duration (<c>PT30M</c>, <c>P1D</c>, <c>P3Y</c>, <c>P1Y2M3DT4H5M6.5S</c>, <c>P2W</c>). Years and months are
/// calendar units: <c>P1M</c> from 31 January is the last day of February, <c>P1Y</c> from 29 February 2028 is 28 February
/// 2029. There is no length limit.
/// </summary>
public readonly partial record struct IsoDuration(int Years, int Months, int Weeks, int Days, int Hours, int Minutes, decimal Seconds)
{
    /// <summary>True when every component is zero.</summary>
    public bool IsZero => Years == 0 && Months == 0 && Weeks == 0 && Days == 0 && Hours == 0 && Minutes == 0 && Seconds == 0;

    /// <summary>Parses a duration.</summary>
    /// <exception cref="FormatException">The text is not an ISO 8601 duration.</exception>
    public static IsoDuration Parse(string text) =>
        TryParse(text, out var duration)
            ? duration
            : throw new FormatException($"'{text}' is not an ISO 8601 duration such as PT30M, P1D or P1Y2M.");

    /// <summary>Tries to parse a duration.</summary>
    public static bool TryParse(string? text, out IsoDuration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var hasDate = match.Groups["y"].Success || match.Groups["mo"].Success || match.Groups["w"].Success || match.Groups["d"].Success;
        var hasTime = match.Groups["h"].Success || match.Groups["mi"].Success || match.Groups["s"].Success;
        if (!hasDate && !hasTime)
        {
            return false;
        }

        if (match.Groups["t"].Success && !hasTime)
        {
            return false;
        }

        try
        {
            duration = new IsoDuration(
                Int(match, "y"),
                Int(match, "mo"),
                Int(match, "w"),
                Int(match, "d"),
                Int(match, "h"),
                Int(match, "mi"),
                match.Groups["s"].Success ? decimal.Parse(match.Groups["s"].Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) : 0m);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Adds the duration to an instant: years, then months, then weeks and days, then the time components.</summary>
    public DateTimeOffset AddTo(DateTimeOffset start) =>
        start.AddYears(Years)
            .AddMonths(Months)
            .AddDays((Weeks * 7.0) + Days)
            .AddHours(Hours)
            .AddMinutes(Minutes)
            .AddTicks((long)(Seconds * TimeSpan.TicksPerSecond));

    /// <summary>The canonical ISO 8601 text.</summary>
    public override string ToString()
    {
        if (IsZero)
        {
            return "PT0S";
        }

        var text = new StringBuilder("P");
        Append(text, Years, 'Y');
        Append(text, Months, 'M');
        Append(text, Weeks, 'W');
        Append(text, Days, 'D');
        if (Hours != 0 || Minutes != 0 || Seconds != 0)
        {
            text.Append('T');
            Append(text, Hours, 'H');
            Append(text, Minutes, 'M');
            if (Seconds != 0)
            {
                text.Append(Seconds.ToString("0.#########", CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, int value, char unit)
    {
        if (value != 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static int Int(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^P(?:(?<y>\d{1,9})Y)?(?:(?<mo>\d{1,9})M)?(?:(?<w>\d{1,9})W)?(?:(?<d>\d{1,9})D)?(?<t>T(?:(?<h>\d{1,9})H)?(?:(?<mi>\d{1,9})M)?(?:(?<s>\d{1,9}(?:[.,]\d{1,9})?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
