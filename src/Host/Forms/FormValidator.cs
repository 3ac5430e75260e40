using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// Checks a submission (a start or a task completion) against its form-js schema, as the browser does and more:
/// <c>validate.required</c>, the component's type (number, checkbox, date/date-time, the values of a select, radio,
/// checklist or taglist), <c>validate.min</c>/<c>max</c>, <c>minLength</c>/<c>maxLength</c>, <c>pattern</c> and
/// <c>validationType</c> (email, phone); and the rules this project adds as component <c>properties</c>:
/// <c>ref=unit</c> (a unit of the directory), <c>ref=units</c> (comma-separated units of the directory),
/// <c>requiredWhen={key}={value}</c> (required when another field has that value), <c>notAfter=now</c> (not in the future), <c>notBefore={key}</c> (not
/// before another field) — for instants and for dates (today in the ledgers' time zone). Returns field key → messages; empty when the submission is valid.
/// </summary>
public sealed partial class FormValidator(LedgerDbContext ledger, TimeProvider time, WorkingCalendar calendar)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>The component types with a key the server validates.</summary>
    public static readonly IReadOnlyList<string> InputTypes = ["textfield", "textarea", "number", "checkbox", "checklist", "radio", "select", "taglist", "datetime"];

    /// <summary>Validates <paramref name="data"/> against <paramref name="form"/>.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(JsonObject form, JsonObject? data, CancellationToken cancellationToken = default)
    {
        data ??= [];
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string key, string message) => errors[key] = [.. errors.GetValueOrDefault(key) ?? [], message];

        foreach (var component in Fields(form["components"] as JsonArray))
        {
            var key = component["key"]!.GetValue<string>();
            var type = component["type"]?.GetValue<string>() ?? "textfield";
            var validate = component["validate"] as JsonObject;
            var value = data[key];
            if (IsEmpty(value))
            {
                if (validate?["required"]?.GetValue<bool>() == true)
                {
                    Add(key, "必填 (required).");
                }
                else if (RequiredWhen(component, data) is { } condition)
                {
                    Add(key, $"必填（{condition}） (required when {condition}).");
                }

                continue;
            }

            foreach (var message in CheckType(type, component, value!))
            {
                Add(key, message);
            }

            if (errors.ContainsKey(key))
            {
                continue;
            }

            if (type == "checkbox" && validate?["required"]?.GetValue<bool>() == true && value!.GetValueKind() == JsonValueKind.False)
            {
                Add(key, "须勾选 (must be checked).");
            }

            if (validate is not null)
            {
                foreach (var message in CheckRules(validate, value!))
                {
                    Add(key, message);
                }
            }

            if (component["properties"] is JsonObject properties)
            {
                foreach (var message in await CheckPropertiesAsync(properties, value!, data, cancellationToken))
                {
                    Add(key, message);
                }
            }
        }

        return errors;
    }

    /// <summary>The input components of a form, groups flattened.</summary>
    public static IEnumerable<JsonObject> Fields(JsonArray? components)
    {
        foreach (var component in components?.OfType<JsonObject>() ?? [])
        {
            if (component["components"] is JsonArray children)
            {
                foreach (var child in Fields(children))
                {
                    yield return child;
                }
            }
            else if (component["key"] is JsonValue)
            {
                yield return component;
            }
        }
    }

    /// <summary>
    /// <c>properties.requiredWhen = "{key}={value}"</c>: the field is required when another field has that value (a unit's
    /// own emergency plan names its unit; a return names its reason). Returns the condition when it holds.
    /// </summary>
    private static string? RequiredWhen(JsonObject component, JsonObject data) =>
        component["properties"]?["requiredWhen"]?.GetValue<string>() is { } condition
        && condition.Split('=', 2) is [var other, var wanted]
        && data[other.Trim()] is JsonValue actual && Text(actual) == wanted.Trim()
            ? condition
            : null;

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim().Length == 0) || value is JsonArray { Count: 0 };

    private static IEnumerable<string> CheckType(string type, JsonObject component, JsonNode value)
    {
        var kind = value.GetValueKind();
        switch (type)
        {
            case "number":
                if (kind != JsonValueKind.Number)
                {
                    yield return "须为数字 (must be a number).";
                }

                break;
            case "checkbox":
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    yield return "须为 true 或 false (must be true or false).";
                }

                break;
            case "select" or "radio":
                if (!Allowed(component).Contains(Text(value)))
                {
                    yield return $"须为以下之一 (must be one of): {string.Join(", ", Allowed(component))}.";
                }

                break;
            case "checklist" or "taglist":
                if (value is not JsonArray items || items.Any(i => !Allowed(component).Contains(Text(i))))
                {
                    yield return $"须为以下值的列表 (must be a list of): {string.Join(", ", Allowed(component))}.";
                }

                break;
            case "datetime":
                var subtype = component["subtype"]?.GetValue<string>() ?? "datetime";
                if (kind != JsonValueKind.String || !(subtype == "date" ? IsDate(value.GetValue<string>()) : IsInstant(value.GetValue<string>())))
                {
                    yield return subtype == "date"
                        ? "须为日期 yyyy-MM-dd (must be a date)."
                        : "须为带时区的 ISO 8601 时间 (must be an ISO 8601 date-time with offset, e.g. 2026-03-02T09:30:00+08:00).";
                }

                break;
            default:
                if (kind != JsonValueKind.String)
                {
                    yield return "须为文本 (must be text).";
                }

                break;
        }
    }

    private static IEnumerable<string> CheckRules(JsonObject validate, JsonNode value)
    {
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            var number = value.GetValue<double>();
            if (validate["min"] is JsonValue min && number < min.GetValue<double>())
            {
                yield return $"不能小于 {min} (must be at least {min}).";
            }

            if (validate["max"] is JsonValue max && number > max.GetValue<double>())
            {
                yield return $"不能大于 {max} (must be at most {max}).";
            }
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            yield break;
        }

        var text = value.GetValue<string>();
        if (validate["minLength"] is JsonValue minLength && text.Length < minLength.GetValue<int>())
        {
            yield return $"至少 {minLength} 字 (at least {minLength} characters).";
        }

        if (validate["maxLength"] is JsonValue maxLength && text.Length > maxLength.GetValue<int>())
        {
            yield return $"最多 {maxLength} 字 (at most {maxLength} characters).";
        }

        if (validate["pattern"] is JsonValue pattern && !Regex.IsMatch(text, $"^(?:{pattern.GetValue<string>()})$", RegexOptions.None, TimeSpan.FromMilliseconds(200)))
        {
            yield return $"格式不符 (must match {pattern.GetValue<string>()}).";
        }

        switch (validate["validationType"]?.GetValue<string>())
        {
            case "email" when !LedgerRules.IsEmail(text):
                yield return "须为电子邮箱 (must be an e-mail address).";
                break;
            case "phone" when !Phone().IsMatch(text):
                yield return "须为电话号码 (must be a phone number).";
                break;
        }
    }

    private async Task<IEnumerable<string>> CheckPropertiesAsync(JsonObject properties, JsonNode value, JsonObject data, CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        if (properties["ref"]?.GetValue<string>() is "unit" or "units")
        {
            // ref=unit: one unit code; ref=units: codes separated by commas (the units an inspection or warning concerns).
            string[] codes = properties["ref"]!.GetValue<string>() == "unit" ? [Text(value)] : Text(value).Split([',', '，'], StringSplitOptions.TrimEntries);
            foreach (var code in codes)
            {
                if (!await ledger.Units.AsNoTracking().AnyAsync(u => u.Code == code, cancellationToken))
                {
                    messages.Add($"未知单位 (unknown unit '{code}').");
                }
            }
        }

        // The same rules for dates (yyyy-MM-dd), read in the ledgers' time zone: not after today, not before another date.
        if (value.GetValueKind() == JsonValueKind.String && IsDate(value.GetValue<string>()))
        {
            var day = DateOnly.ParseExact(value.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (properties["notAfter"]?.GetValue<string>() == "now" && day > calendar.LocalDate(time.GetUtcNow() + ClockSkew))
            {
                messages.Add("不能晚于今天 (cannot be in the future).");
            }

            if (properties["notBefore"]?.GetValue<string>() is { } earlierKey
                && data[earlierKey] is JsonValue earlier && earlier.GetValueKind() == JsonValueKind.String && IsDate(earlier.GetValue<string>())
                && day < DateOnly.ParseExact(earlier.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture))
            {
                messages.Add($"不能早于 {earlierKey} (cannot be before {earlierKey}).");
            }
        }

        var instant = value.GetValueKind() == JsonValueKind.String && IsInstant(value.GetValue<string>()) ? ParseInstant(value.GetValue<string>()) : (DateTimeOffset?)null;
        if (instant is { } at && properties["notAfter"]?.GetValue<string>() == "now" && at > time.GetUtcNow() + ClockSkew)
        {
            messages.Add("不能晚于当前时间 (cannot be in the future).");
        }

        if (instant is { } when && properties["notBefore"]?.GetValue<string>() is { } otherKey
            && data[otherKey] is JsonValue other && other.GetValueKind() == JsonValueKind.String && IsInstant(other.GetValue<string>())
            && when < ParseInstant(other.GetValue<string>()))
        {
            messages.Add($"不能早于 {otherKey} (cannot be before {otherKey}).");
        }

        return messages;
    }

    private static HashSet<string> Allowed(JsonObject component) =>
        [.. (component["values"] as JsonArray ?? []).OfType<JsonObject>().Select(v => Text(v["value"]))];

    private static string Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? string.Empty;

    private static bool IsDate(string text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsInstant(string text) => InstantPattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static DateTimeOffset ParseInstant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantPattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 -]{5,19}$")]
    private static partial Regex Phone();
}
