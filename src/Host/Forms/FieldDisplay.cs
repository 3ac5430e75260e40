using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// A value as a person reads it, the way the forms show it: a choice by its label, 是/否, an instant in Beijing time
/// (<c>yyyy-MM-dd HH:mm</c>), a unit by its name, a ledger row or instance by its name (<see cref="ReferenceNames"/>;
/// a neutral label for one the reader may not see). One place for the task's case, the operations console's variables
/// and the instance page's timeline.
/// </summary>
public sealed class FieldDisplay
{
    private readonly IReadOnlyDictionary<string, string> units;
    private readonly IReadOnlyDictionary<Guid, ReferenceName> references;
    private readonly TimeZoneInfo zone;

    /// <summary>The fields that name a ledger row, in the order tried.</summary>
    private static readonly string[] RowNameFields = ["name", "title", "number", "domain", "serverName"];

    private FieldDisplay(IReadOnlyDictionary<string, string> units, IReadOnlyDictionary<Guid, ReferenceName> references, TimeZoneInfo zone)
    {
        this.units = units;
        this.references = references;
        this.zone = zone;
    }

    /// <summary>Prepares the display of <paramref name="values"/> for <paramref name="reader"/> (null: one who may see every row): the units' names and the rows and instances their ids name.</summary>
    public static async Task<FieldDisplay> ForAsync(
        IEnumerable<JsonNode?> values, Caller? reader, LedgerDbContext ledger, ReferenceNames names, WorkingCalendar calendar, CancellationToken cancellationToken = default)
    {
        var unitNames = await ledger.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Name, StringComparer.Ordinal, cancellationToken);
        var references = await names.NameAsync(values.SelectMany(ReferenceNames.IdsIn), reader, cancellationToken);
        return new FieldDisplay(unitNames, references, calendar.TimeZone);
    }

    /// <summary>The value as shown, by the form field that declares it (null: a variable no form declares).</summary>
    public string Display(FormInput? input, JsonNode? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (input is null)
        {
            return Plain(value);
        }

        if (input.Component["properties"]?["ref"]?.ToString() == "unit" && UnitName(value) is { } unit)
        {
            return unit;
        }

        string Choice(JsonNode? item) => ChoiceLabel(input.Choices, item) ?? Plain(item);

        return input.Type switch
        {
            "select" or "radio" => Choice(value),
            "checklist" or "taglist" when value is JsonArray items => string.Join("、", items.Select(Choice)),
            "datetime" when (input.Component["subtype"]?.ToString() ?? "datetime") != "datetime" => Raw(value),
            _ => Plain(value),
        };
    }

    /// <summary>A computed variable's value as shown, by its label (null: a variable nothing labels).</summary>
    public string DisplayComputed(ComputedVariableLabel? label, JsonNode? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (ChoiceLabel(label?.Choices ?? [], value) is { } choice)
        {
            return choice;
        }

        switch (label?.Kind)
        {
            case "unit" when UnitName(value) is { } unit:
                return unit;
            case "row" when value is JsonObject row:
                if (RowId(row) is { } id && references.TryGetValue(Guid.Parse(id.GetValue<string>()), out var name))
                {
                    return name.Display;
                }

                // A row the reader may not see, or of a kind without a page: what names it, else the row itself.
                return RowNameFields.Select(key => row[key]).OfType<JsonValue>().Select(Raw).FirstOrDefault(t => t.Length > 0) ?? Raw(row);
            default:
                return Plain(value);
        }
    }

    /// <summary>A unit code as <c>name（code）</c>, when it names a unit; else null.</summary>
    private string? UnitName(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.String && units.TryGetValue(value.GetValue<string>(), out var unit) ? $"{unit}（{value.GetValue<string>()}）" : null;

    /// <summary>The label of the choice equal to <paramref name="item"/>, or null.</summary>
    private static string? ChoiceLabel(IEnumerable<(JsonNode? Value, string Label)> choices, JsonNode? item) =>
        item is null ? null : choices.Where(c => c.Value is not null && JsonNode.DeepEquals(c.Value, item)).Select(c => c.Label).FirstOrDefault();

    /// <summary>The <c>id</c> of a ledger row held as JSON, when it is one; else null.</summary>
    public static JsonValue? RowId(JsonNode? row) =>
        row is JsonObject { } item && item["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String && Guid.TryParseExact(id.GetValue<string>(), "D", out _) ? id : null;

    /// <summary>The page of the row or instance the value names, when the reader may see it; else null.</summary>
    public string? Href(JsonNode? value) =>
        ReferenceNames.IdsIn(value).ToList() is [var id] && references.TryGetValue(id, out var name) ? name.Href : null;

    /// <summary>An instant in Beijing time, <c>yyyy-MM-dd HH:mm</c>.</summary>
    public string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The value as text, without quotes for a string.</summary>
    public static string Raw(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;

    /// <summary>Whether nothing was given: null, an empty text, an empty list.</summary>
    public static bool IsEmpty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0) || value is JsonArray { Count: 0 };

    /// <summary>A value without a form's choices: 是/否, a row or instance by its name, an instant in Beijing time, a list item by item.</summary>
    private string Plain(JsonNode? value)
    {
        switch (value)
        {
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return v.GetValue<bool>() ? "是" : "否";
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                if (Guid.TryParseExact(text, "D", out var id) && references.TryGetValue(id, out var name))
                {
                    return name.Display;
                }

                // An instant with its offset (2026-03-02T05:13:00+08:00); a bare date stays as it is.
                return text.Length > 10 && text[10] == 'T' && text.IndexOfAny(['Z', '+', '-'], 11) > 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                    ? Local(at)
                    : text;
            case JsonArray items when items.All(i => i is JsonValue):
                return string.Join("、", items.Select(Plain));
            default:
                return Raw(value);
        }
    }
}
