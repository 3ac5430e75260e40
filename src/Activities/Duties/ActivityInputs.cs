using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;

namespace Zzut.Workflows.Activities.Duties;

/// <summary>
/// Reads an activity's inputs (an input parameter, else a process variable) as the domain's types. A missing or malformed
/// value the definition must supply is a <see cref="LedgerValidationException"/> naming it: the step records an incident
/// at the task and commits nothing of the activity.
/// </summary>
internal static class ActivityInputs
{
    /// <summary>Text, or null when absent or empty.</summary>
    public static string? OptionalText(this ActivityContext context, string name) => context.Get(name) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : null,
        JsonValue v when v.GetValueKind() is JsonValueKind.Null => null,
        var other => other.ToJsonString(),
    };

    /// <summary>Text that must be there.</summary>
    public static string Text(this ActivityContext context, string name) =>
        context.OptionalText(name) ?? throw LedgerValidationException.For(name, LedgerRules.Required);

    /// <summary>A date: <c>yyyy-MM-dd</c>, or the date of an ISO 8601 instant in the ledgers' time zone; null when absent.</summary>
    public static DateOnly? OptionalDate(this ActivityContext context, string name)
    {
        if (context.OptionalText(name) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? context.Services.GetRequiredService<WorkingCalendar>().LocalDate(instant)
            : throw LedgerValidationException.For(name, "须为日期 yyyy-MM-dd (must be a date).");
    }

    /// <summary>A date that must be there.</summary>
    public static DateOnly Date(this ActivityContext context, string name) =>
        context.OptionalDate(name) ?? throw LedgerValidationException.For(name, LedgerRules.Required);

    /// <summary>true/false (also the words "yes"/"no", "true"/"false"); <paramref name="fallback"/> when absent.</summary>
    public static bool Flag(this ActivityContext context, string name, bool fallback = false) => context.Get(name) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is "yes" or "true",
        _ => fallback,
    };

    /// <summary>A whole number, or null.</summary>
    public static int? OptionalInt(this ActivityContext context, string name) => context.Get(name) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue => (int)d,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
        null => null,
        _ => throw LedgerValidationException.For(name, "须为整数 (must be a whole number)."),
    };

    /// <summary>A row id.</summary>
    public static Guid Id(this ActivityContext context, string name) =>
        Guid.TryParse(context.OptionalText(name), out var id) ? id : throw LedgerValidationException.For(name, "须为编号 (must be an id).");

    /// <summary>A list of texts: a JSON array, or text with commas.</summary>
    public static IReadOnlyList<string> List(this ActivityContext context, string name) => context.Get(name) switch
    {
        JsonArray array => [.. array.Select(a => a is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : a?.ToJsonString()).OfType<string>().Select(s => s.Trim()).Where(s => s.Length > 0)],
        _ => context.OptionalText(name)?.Split([',', '，', ';', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
    };

    /// <summary>The ledger context of the step.</summary>
    public static LedgerDbContext Ledger(this ActivityContext context) => context.Services.GetRequiredService<LedgerDbContext>();
}
