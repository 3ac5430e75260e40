using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// Checks a submission (a start or a task completion) against its form-js schema, as the browser does and more. A
/// submission carries exactly the form's keys: any other key is an error. Each value has its component's type (a text
/// field a string, a number field a finite number, a checkbox true or false, a select or radio one of its values, a
/// checklist or taglist a list of its values — only those two take lists —, a datetime its ISO 8601 text, a group with
/// a path an object, a dynamic list a list of objects), and the form's rules hold: <c>validate.required</c>,
/// <c>min</c>/<c>max</c>, <c>decimalDigits</c>, <c>minLength</c>/<c>maxLength</c>, <c>pattern</c> and
/// <c>validationType</c> (email, phone); and the rules this project adds as component <c>properties</c>: <c>ref=unit</c>
/// (a unit of the directory), <c>ref=units</c> (comma-separated units of the directory), <c>ref=system</c>, <c>ref=vm</c>,
/// <c>ref=website</c>, <c>ref=hosted-server</c> (a row of that ledger the submitter may see, <see cref="LedgerReferences"/>), <c>format={name}</c> (one of
/// <see cref="FieldFormats"/>: phone, mobile, landline, ipv4, ipv6, ip), <c>notAfter=now</c> (not in the future) and
/// <c>notBefore={key}</c> (not before another field) — for instants and for dates (today in the ledgers' time zone) —,
/// <c>requiredWhen={key}={value}</c> (required when another field has that value), <c>rule={name}</c> (a domain
/// rule of <see cref="SubmissionRules"/>). Without a bound of its own a number is at most <see cref="SubmissionOptions.MaxNumberMagnitude"/> in size and
/// a text at most <see cref="SubmissionOptions.MaxTextLength"/> long. Returns field path → messages; empty when valid.
/// </summary>
public sealed partial class FormValidator(LedgerDbContext ledger, TimeProvider time, IOptions<SubmissionOptions> options, SubmissionRules rules, LedgerReferences references, WorkingCalendar calendar)
{
    /// <summary>The message for a key the form does not have.</summary>
    public const string NotOnTheForm = "表单中没有此字段，不能提交 (not a field of this form).";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Validates <paramref name="data"/> against <paramref name="form"/> (an unusable form throws <see cref="FormInvalidException"/>);
    /// a ledger reference (<c>ref=system</c> …) names a row <paramref name="submitter"/> may see (without a submitter: any row).
    /// </summary>
    public Task<Dictionary<string, string[]>> ValidateAsync(JsonObject form, JsonObject? data, Caller? submitter, CancellationToken cancellationToken = default) =>
        ValidateAsync(FormSchema.Read(form), data, submitter, cancellationToken);

    /// <summary>Validates <paramref name="data"/> against a form's schema, submitted by <paramref name="submitter"/>.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(FormSchema schema, JsonObject? data, Caller? submitter, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        await CheckScopeAsync(schema.Members, data ?? [], string.Empty, errors, submitter, cancellationToken);
        return errors;
    }

    private async Task CheckScopeAsync(IReadOnlyDictionary<string, FormMember> members, JsonObject data, string prefix, Dictionary<string, string[]> errors, Caller? submitter, CancellationToken cancellationToken)
    {
        foreach (var (key, _) in data)
        {
            if (!members.ContainsKey(key))
            {
                Add(errors, prefix + key, NotOnTheForm);
            }
        }

        foreach (var member in members.Values)
        {
            var value = data[member.Key];
            var path = prefix + member.Key;
            switch (member)
            {
                case FormInput input:
                    foreach (var message in await CheckInputAsync(input, value, data, members, submitter, cancellationToken))
                    {
                        Add(errors, path, message);
                    }

                    break;
                case FormGroup { Repeating: false } group:
                    if (value is null or JsonObject)
                    {
                        await CheckScopeAsync(group.Members, value as JsonObject ?? [], path + ".", errors, submitter, cancellationToken);
                    }
                    else
                    {
                        Add(errors, path, "须为一组字段（JSON 对象）(must be an object of the group's fields).");
                    }

                    break;
                case FormGroup group:
                    await CheckListAsync(group, value, path, errors, submitter, cancellationToken);
                    break;
            }
        }
    }

    private async Task CheckListAsync(FormGroup list, JsonNode? value, string path, Dictionary<string, string[]> errors, Caller? submitter, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            return;
        }

        if (value is not JsonArray items || items.Any(i => i is not JsonObject))
        {
            Add(errors, path, "须为列表，每项为一组字段 (must be a list of objects).");
            return;
        }

        if (items.Count > options.Value.MaxListItems)
        {
            Add(errors, path, $"最多 {options.Value.MaxListItems} 项 (at most {options.Value.MaxListItems} entries).");
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            await CheckScopeAsync(list.Members, (JsonObject)items[i]!, $"{path}[{i}].", errors, submitter, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<string>> CheckInputAsync(
        FormInput input, JsonNode? value, JsonObject scope, IReadOnlyDictionary<string, FormMember> members, Caller? submitter, CancellationToken cancellationToken)
    {
        var component = input.Component;
        var validate = component["validate"] as JsonObject;

        // A field shown only under a condition (FEEL, evaluated in the browser) may be left out.
        var required = IsTrue(validate?["required"]) && component["conditional"] is null;
        if (IsEmpty(value))
        {
            return required ? ["必填 (required)."]
                : component["properties"]?["requiredWhen"] is JsonValue condition && RequiredWhen(condition.ToString(), scope) is { } because ? [$"必填（{because}） (required when {because})."]
                : [];
        }

        var messages = CheckType(input, value!).ToList();
        if (messages.Count > 0)
        {
            return messages;
        }

        if (input.Type == "checkbox" && required && value!.GetValueKind() == JsonValueKind.False)
        {
            return ["须勾选 (must be checked)."];
        }

        messages.AddRange(CheckRules(input, validate, value!));
        if (component["properties"] is JsonObject properties)
        {
            messages.AddRange(await CheckPropertiesAsync(input, properties, value!, scope, members, submitter, cancellationToken));
        }

        return messages;
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim().Length == 0) || value is JsonArray { Count: 0 };

    private IEnumerable<string> CheckType(FormInput input, JsonNode value)
    {
        var kind = value.GetValueKind();
        if (value is JsonArray && !input.IsMultiValued)
        {
            yield return "只能填一个值，不能是列表 (takes one value, not a list).";
            yield break;
        }

        if (value is JsonObject)
        {
            yield return "不能是对象 (must not be an object).";
            yield break;
        }

        switch (input.Type)
        {
            case "number":
                if (NumberText(input, value) is not { } numeric || !double.TryParse(numeric, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    yield return "须为数字 (must be a number).";
                }
                else if (!double.IsFinite(number) || double.Abs(number) > options.Value.MaxNumberMagnitude)
                {
                    yield return $"数值超出范围 (must be at most {options.Value.MaxNumberMagnitude.ToString("R", CultureInfo.InvariantCulture)} in size).";
                }

                break;
            case "checkbox":
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    yield return "须为 true 或 false (must be true or false).";
                }

                break;
            case "select" or "radio":
                if (!input.Choices.Any(c => Same(c.Value, value)))
                {
                    yield return $"须为以下之一 (must be one of): {Describe(input)}.";
                }

                break;
            case "checklist" or "taglist":
                var items = (JsonArray)value;
                if (items.Any(i => !input.Choices.Any(c => Same(c.Value, i))) || items.Select(i => i!.ToJsonString()).Distinct(StringComparer.Ordinal).Count() != items.Count)
                {
                    yield return $"须为以下值的列表，不重复 (must be a list of distinct values of): {Describe(input)}.";
                }

                break;
            case "datetime":
                var subtype = input.Component["subtype"]?.ToString() ?? "datetime";
                var text = kind == JsonValueKind.String ? value.GetValue<string>() : null;
                var valid = subtype switch
                {
                    "date" => text is not null && IsDate(text),
                    "time" => text is not null && Time().IsMatch(text),
                    _ => text is not null && IsInstant(text),
                };
                if (!valid)
                {
                    yield return subtype switch
                    {
                        "date" => "须为日期 yyyy-MM-dd (must be a date).",
                        "time" => "须为时间 HH:mm (must be a time of day, e.g. 09:30 or 09:30+08:00).",
                        _ => "须为带时区的 ISO 8601 时间 (must be an ISO 8601 date-time with offset, e.g. 2026-03-02T09:30:00+08:00).",
                    };
                }

                break;
            default:
                if (kind != JsonValueKind.String)
                {
                    yield return "须为文本 (must be text).";
                }
                else if (input.Component["validate"]?["maxLength"] is null && value.GetValue<string>().Length > options.Value.MaxTextLength)
                {
                    yield return $"最多 {options.Value.MaxTextLength} 字 (at most {options.Value.MaxTextLength} characters).";
                }

                break;
        }
    }

    private static IEnumerable<string> CheckRules(FormInput input, JsonObject? validate, JsonNode value)
    {
        if (input.Type == "number" && NumberOf(input, value) is { } number)
        {
            if (Bound(validate?["min"]) is { } min && number < min)
            {
                yield return $"不能小于 {min} (must be at least {min}).";
            }

            if (Bound(validate?["max"]) is { } max && number > max)
            {
                yield return $"不能大于 {max} (must be at most {max}).";
            }

            if (input.Component["decimalDigits"] is JsonValue digitsNode && digitsNode.TryGetValue<int>(out var digits) && digits >= 0
                && decimal.Round(number, Math.Min(digits, 28)) != number)
            {
                yield return digits == 0 ? "须为整数 (must be a whole number)." : $"最多 {digits} 位小数 (at most {digits} decimal places).";
            }

            yield break;
        }

        if (validate is null || value.GetValueKind() != JsonValueKind.String)
        {
            yield break;
        }

        var text = value.GetValue<string>();
        if (Bound(validate["minLength"]) is { } minLength && text.Length < minLength)
        {
            yield return $"至少 {minLength} 字 (at least {minLength} characters).";
        }

        if (Bound(validate["maxLength"]) is { } maxLength && text.Length > maxLength)
        {
            yield return $"最多 {maxLength} 字 (at most {maxLength} characters).";
        }

        if (validate["pattern"] is JsonValue pattern && !Matches(text, pattern.ToString()))
        {
            yield return $"格式不符 (must match {pattern}).";
        }

        switch (validate["validationType"]?.ToString())
        {
            case "email" when !LedgerRules.IsEmail(text):
                yield return "须为电子邮箱 (must be an e-mail address).";
                break;
            case "phone" when !FieldFormats.IsValid(FieldFormats.All["phone"], text):
                yield return FieldFormats.All["phone"].Message + " (must be a Chinese mobile or landline number).";
                break;
        }
    }

    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromMilliseconds(200));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private async Task<IEnumerable<string>> CheckPropertiesAsync(
        FormInput input, JsonObject properties, JsonNode value, JsonObject data, IReadOnlyDictionary<string, FormMember> members, Caller? submitter, CancellationToken cancellationToken)
    {
        var messages = new List<string>();

        // FormSchema.Read refuses a form naming an unknown format, so the lookup fails only for such a form.
        if (properties["format"] is JsonValue formatName && FieldFormats.All.TryGetValue(formatName.ToString(), out var format)
            && !FieldFormats.IsValid(format, Text(value)))
        {
            messages.Add($"{format.Message} (must be {format.Name}).");
        }

        if (properties["ref"]?.ToString() is { } reference && reference is "unit" or "units")
        {
            // ref=unit: one unit code; ref=units: codes separated by commas (the units an inspection or warning concerns).
            string[] codes = reference == "unit" ? [Text(value)] : Text(value).Split([',', '，'], StringSplitOptions.TrimEntries);
            foreach (var code in codes)
            {
                if (!await ledger.Units.AsNoTracking().AnyAsync(u => u.Code == code, cancellationToken))
                {
                    messages.Add($"未知单位 (unknown unit '{code}').");
                }
            }
        }

        // A date (yyyy-MM-dd) is not after today in the ledgers' time zone; notBefore for dates is checked below with instants'.
        if (value.GetValueKind() == JsonValueKind.String && IsDate(value.GetValue<string>())
            && properties["notAfter"]?.ToString() == "now"
            && DateOnly.ParseExact(value.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture) > calendar.LocalDate(time.GetUtcNow() + ClockSkew))
        {
            messages.Add("不能晚于今天 (cannot be in the future).");
        }

        // ref=system|vm|website|hosted-server: a row of that ledger the submitter may see; the field's domain rule
        // (if any) concerns that row, so it is checked only for a row that is there.
        var unseen = false;
        if (properties["ref"]?.ToString() is { } row && LedgerReferences.Names.ContainsKey(row)
            && await references.RefusalAsync(row, input.Label, Text(value), submitter, cancellationToken) is { } notThere)
        {
            messages.Add(notThere);
            unseen = true;
        }

        if (!unseen && properties["rule"] is JsonValue rule && await rules.RefusalAsync(rule.ToString(), value, data, cancellationToken) is { } refusal)
        {
            messages.Add(refusal);
        }

        var instant = value.GetValueKind() == JsonValueKind.String && IsInstant(value.GetValue<string>()) ? ParseInstant(value.GetValue<string>()) : (DateTimeOffset?)null;
        if (instant is { } at && properties["notAfter"]?.ToString() == "now" && at > time.GetUtcNow() + ClockSkew)
        {
            messages.Add("不能晚于当前时间 (cannot be in the future).");
        }

        // An end not before its start: both instants, or both dates (yyyy-MM-dd).
        if (properties["notBefore"]?.ToString() is { } otherKey && data[otherKey] is JsonValue other
            && value.GetValueKind() == JsonValueKind.String && other.GetValueKind() == JsonValueKind.String
            && IsBefore(value.GetValue<string>(), other.GetValue<string>()))
        {
            var otherLabel = members.GetValueOrDefault(otherKey) is FormInput otherInput ? otherInput.Label : otherKey;
            messages.Add($"不能早于「{otherLabel}」 (cannot be before {otherKey}).");
        }

        return messages;
    }

    /// <summary>A number field's value as text: a JSON number, or numeric text when the form serializes numbers to strings.</summary>
    private static string? NumberText(FormInput input, JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => value.ToJsonString(),
        JsonValueKind.String when IsTrue(input.Component["serializeToString"]) => value.GetValue<string>(),
        _ => null,
    };

    /// <summary>
    /// <c>properties.requiredWhen = "{key}={value}"</c>: the field is required when the other field has that value (text,
    /// or <c>true</c>/<c>false</c> for a checkbox); returns the condition when it holds, else null.
    /// </summary>
    private static string? RequiredWhen(string condition, JsonObject data)
    {
        var parts = condition.Split('=', 2);
        return parts.Length == 2 && data[parts[0]] is JsonValue other && Text(other) == parts[1] ? condition : null;
    }

    private static bool IsBefore(string value, string other) =>
        (IsInstant(value) && IsInstant(other) && ParseInstant(value) < ParseInstant(other))
        || (IsDate(value) && IsDate(other) && string.CompareOrdinal(value, other) < 0);

    private static string Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? string.Empty;

    /// <summary>A number field's value, once its type and size are checked.</summary>
    private static decimal? NumberOf(FormInput input, JsonNode value) =>
        NumberText(input, value) is { } text && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static decimal? Bound(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>Equal JSON values of the same kind: "3" is not 3.</summary>
    private static bool Same(JsonNode? allowed, JsonNode? value) =>
        allowed is not null && value is JsonValue && allowed.GetValueKind() == value.GetValueKind() && JsonNode.DeepEquals(allowed, value);

    /// <summary>The choices as a person reads them: each label with its value, e.g. 「校园网络机房」(server-room); never JSON-escaped.</summary>
    private static string Describe(FormInput input) => string.Join("、", input.Choices.Select(c =>
    {
        var value = c.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : c.Value?.ToJsonString();
        return string.IsNullOrEmpty(c.Label) || c.Label == value ? $"「{value}」" : $"「{c.Label}」({value})";
    }));

    private static void Add(Dictionary<string, string[]> errors, string key, string message) =>
        errors[key] = [.. errors.GetValueOrDefault(key) ?? [], message];

    private static bool IsDate(string text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsInstant(string text) => InstantPattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static DateTimeOffset ParseInstant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantPattern();

    [GeneratedRegex(@"^([01]\d|2[0-3]):[0-5]\d(Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex Time();
}
