using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zzut.Workflows.Domain;

/// <summary>
/// Reads and writes ledger rows as JSON with the web (camelCase) names: the same names the API, the activities' input
/// parameters and the forms use.
/// </summary>
public static class LedgerFields
{
    /// <summary>The JSON settings of the ledgers.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly FrozenSet<string> ReadOnly = new[] { "id", "revision", "createdAt", "updatedAt", "accountability", "level" }.ToFrozenSet();

    /// <summary>The writable fields of a ledger type, by JSON name.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Writable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && !ReadOnly.Contains(Json.PropertyNamingPolicy!.ConvertName(p.Name)))
            .ToDictionary(p => Json.PropertyNamingPolicy!.ConvertName(p.Name), StringComparer.Ordinal);

    /// <summary>
    /// Copies the given fields onto the row. Unknown and read-only names and values of the wrong type are collected
    /// and thrown together; nothing is changed then. A date field also takes a date-time (its date in <paramref name="zone"/>).
    /// A status (or other closed set) named by a word outside its set is a wrong value rather than a wrong type: with
    /// <paramref name="valueErrors"/> it is recorded there (for the caller to report with the row's other rules) and the
    /// field left as it was; without, it is thrown with the type errors.
    /// </summary>
    public static void Apply<TRecord>(TRecord record, IEnumerable<KeyValuePair<string, JsonNode?>> fields, TimeZoneInfo zone, LedgerErrors? valueErrors = null)
        where TRecord : class
    {
        var writable = Writable(typeof(TRecord));
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var values = new List<(PropertyInfo Property, object? Value)>();
        foreach (var (name, node) in fields)
        {
            if (!writable.TryGetValue(name, out var property))
            {
                errors[name] = [ReadOnly.Contains(name) ? "只读字段 (read-only field)." : "未知字段 (unknown field)."];
                continue;
            }

            if (TryConvert(node, property, zone, out var value))
            {
                values.Add((property, value));
            }
            else if (valueErrors is not null && IsWord(node) && EnumType(property.PropertyType) is { } closedSet)
            {
                valueErrors.Add(name, WireNames.OneOf(WireNames.All(closedSet)));
            }
            else
            {
                errors[name] = [$"类型不符 (expected {Describe(property.PropertyType)})."];
            }
        }

        if (errors.Count > 0)
        {
            throw new LedgerValidationException(errors);
        }

        foreach (var (property, value) in values)
        {
            property.SetValue(record, value);
        }
    }

    /// <summary>The row as JSON.</summary>
    public static JsonObject ToJson<TRecord>(TRecord record) => JsonSerializer.SerializeToNode(record, Json)!.AsObject();

    private static bool TryConvert(JsonNode? node, PropertyInfo property, TimeZoneInfo zone, out object? value)
    {
        value = null;
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type);
        var nullable = underlying is not null || (!type.IsValueType && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable);
        if (node is null || (nullable && node is JsonValue empty && empty.TryGetValue<string>(out var text) && text.Length == 0))
        {
            return nullable;
        }

        var target = underlying ?? type;
        if (target == typeof(DateOnly) && node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                value = date;
                return true;
            }

            if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant))
            {
                value = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
                return true;
            }

            return false;
        }

        if (target == typeof(string) && node is JsonValue sv && sv.GetValueKind() != JsonValueKind.String)
        {
            value = sv.ToJsonString().Trim('"');
            return true;
        }

        try
        {
            value = node.Deserialize(type, Json);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            return false;
        }
    }

    private static Type? EnumType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } e ? e : null;

    private static bool IsWord(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    private static string Describe(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsEnum ? "one of " + string.Join(", ", WireNames.All(target))
            : target == typeof(DateOnly) ? "a date yyyy-MM-dd"
            : target == typeof(DateTimeOffset) ? "an ISO 8601 date-time"
            : target == typeof(bool) ? "true or false"
            : target == typeof(int) || target == typeof(decimal) ? "a number"
            : "text";
    }
}
