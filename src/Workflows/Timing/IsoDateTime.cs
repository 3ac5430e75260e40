using System.Globalization;

namespace Zzut.Workflows.Timing;

/// <summary>ISO 8601 date-times as timers and due dates use them. Without an offset a value is UTC; a date alone is midnight UTC.</summary>
public static class IsoDateTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <summary>Parses a date-time.</summary>
    /// <exception cref="FormatException">The text is not an ISO 8601 date-time.</exception>
    public static DateTimeOffset Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not an ISO 8601 date-time such as 2026-09-01T08:00:00+08:00.");

    /// <summary>Tries to parse a date-time.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text?.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
}
