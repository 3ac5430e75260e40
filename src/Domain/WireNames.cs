using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Zzut.Workflows.Domain;

/// <summary>
/// The names a status (or other closed set) has outside the process: in JSON, in the database, in definitions and
/// forms. Each member declares its name once with <see cref="JsonStringEnumMemberNameAttribute"/>
/// (e.g. <c>reclaim-pending</c>); the JSON converter and the database converter both read it, so the stored and sent
/// values are the strings they always were.
/// </summary>
public static class WireNames
{
    /// <summary>The member's wire name, e.g. <c>reclaim-pending</c>.</summary>
    public static string ToWire<TEnum>(this TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>.ToWire.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no member {value}.");

    /// <summary>The member with the wire name (exact, case-sensitive), or false.</summary>
    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        if (name is not null && Names<TEnum>.FromWire.TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The member with the wire name; an unknown name is a <see cref="LedgerValidationException"/> on <paramref name="field"/>.</summary>
    public static TEnum Parse<TEnum>(string? name, string field)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(name, out var value)
            ? value
            : throw new LedgerValidationException(new Dictionary<string, string[]> { [field] = [OneOf<TEnum>()] });

    /// <summary>Every wire name of the type, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Names<TEnum>.Ordered;

    /// <summary>Whether the value is a declared member (not a cast integer).</summary>
    public static bool IsDefined<TEnum>(TEnum value)
        where TEnum : struct, Enum => Names<TEnum>.ToWire.ContainsKey(value);

    /// <summary>The message for a value outside the set: <c>须为以下之一 (must be one of: a, b, c).</c></summary>
    public static string OneOf<TEnum>()
        where TEnum : struct, Enum => OneOf(Names<TEnum>.Ordered);

    /// <summary>The message for a value outside the given names.</summary>
    public static string OneOf(IEnumerable<string> names) => $"须为以下之一 (must be one of: {string.Join(", ", names)}).";

    /// <summary>The wire names of an enum type given at run time (for messages about fields of that type).</summary>
    internal static IReadOnlyList<string> All(Type enumType) =>
        (IReadOnlyList<string>)typeof(WireNames).GetMethod(nameof(All), 1, Type.EmptyTypes)!.MakeGenericMethod(enumType).Invoke(null, null)!;

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly IReadOnlyList<string> Ordered;
        public static readonly FrozenDictionary<TEnum, string> ToWire;
        public static readonly FrozenDictionary<string, TEnum> FromWire;

#pragma warning disable CA1810 // The three tables are built together from one reflection pass.
        static Names()
#pragma warning restore CA1810
        {
            var members = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => (Value: (TEnum)f.GetValue(null)!, Name: f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                    ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{f.Name} declares no wire name ([JsonStringEnumMemberName]).")))
                .ToList();
            Ordered = [.. members.Select(m => m.Name)];
            ToWire = members.ToFrozenDictionary(m => m.Value, m => m.Name);
            FromWire = members.ToFrozenDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);
        }
    }
}

/// <summary>Reads and writes an enum by its wire names only: no integers, no other spelling.</summary>
public sealed class WireEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <inheritdoc />
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && WireNames.TryParse<TEnum>(reader.GetString(), out var value)
            ? value
            : throw new JsonException(WireNames.OneOf<TEnum>());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToWire());
}

/// <summary>Stores an enum as its wire name (the column keeps the strings it always held).</summary>
public sealed class WireValueConverter<TEnum>() : ValueConverter<TEnum, string>(v => WireNames.ToWire(v), s => WireNames.Parse<TEnum>(s, typeof(TEnum).Name))
    where TEnum : struct, Enum;
