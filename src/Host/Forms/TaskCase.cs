using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Forms;

/// <summary>One field of an earlier submission, as a person reads it.</summary>
/// <param name="Key">The field's key (inside groups: <c>path.key</c>, in lists <c>path[i].key</c>).</param>
/// <param name="Label">The form's label for it (the key when the form has none).</param>
/// <param name="Value">The submitted value.</param>
/// <param name="Display">The value as shown: choice labels, 是/否, instants in Beijing time (<c>yyyy-MM-dd HH:mm</c>), a unit
/// (a field with <c>properties.ref = unit</c>) by its name with its code.</param>
public sealed record CaseField(string Key, string Label, JsonNode? Value, string Display);

/// <summary>One earlier submission of the instance: its start or a completed task.</summary>
/// <param name="Kind"><c>start</c> or <c>task</c>.</param>
/// <param name="ElementId">The start event or user task.</param>
/// <param name="Name">Its name.</param>
/// <param name="TaskId">The task, for <c>task</c>.</param>
/// <param name="By">Who submitted it (user name).</param>
/// <param name="ByName">Their real name, when known.</param>
/// <param name="At">When.</param>
/// <param name="AtLocal">When, in Beijing time (<c>yyyy-MM-dd HH:mm</c>).</param>
/// <param name="Fields">The submitted fields, in the form's order.</param>
public sealed record CaseEntry(string Kind, string ElementId, string Name, Guid? TaskId, string? By, string? ByName, DateTimeOffset At, string AtLocal, IReadOnlyList<CaseField> Fields);

/// <summary>A task with the case it decides.</summary>
public sealed record TaskDetail : TaskView
{
    /// <summary>Creates the detail of a task.</summary>
    public TaskDetail(TaskView task, JsonObject formData, IReadOnlyList<CaseEntry> @case)
        : base(task)
    {
        FormData = formData;
        Case = @case;
    }

    /// <summary>What the form starts with: only the fields the definition fills on purpose (the task's input parameters that are fields of its form, read-only ones included); else empty.</summary>
    public JsonObject FormData { get; }

    /// <summary>The start submission and every earlier completed task's submission of the instance, newest first, read-only.</summary>
    public IReadOnlyList<CaseEntry> Case { get; }
}

/// <summary>
/// Builds a task's case: what was submitted in its instance before, with each field's label and display value from the
/// form it was submitted on, so that a reviewer sees what they decide; and the form's starting values.
/// </summary>
public sealed class TaskCase(IWorkflowEngine engine, FormStore forms, WorkingCalendar calendar, AccountsDbContext accounts, LedgerDbContext ledger)
{
    /// <summary>The task with its case.</summary>
    public async Task<TaskDetail> BuildAsync(TaskView task, CancellationToken cancellationToken = default)
    {
        var submissions = (await engine.GetSubmissionsAsync(task.InstanceId, cancellationToken) ?? [])
            .Where(s => s.TaskId != task.Id).Reverse().ToList();
        var actors = submissions.Select(s => s.Actor).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var names = await accounts.Users.AsNoTracking().Where(u => actors.Contains(u.UserName!))
            .ToDictionaryAsync(u => u.UserName!, u => u.RealName, StringComparer.Ordinal, cancellationToken);
        var units = await ledger.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Name, StringComparer.Ordinal, cancellationToken);

        var entries = submissions.Select(s => new CaseEntry(
            s.Kind,
            s.ElementId,
            s.Name ?? (s.Kind == "start" ? "发起" : s.ElementId),
            s.TaskId,
            s.Actor,
            s.Actor is null ? null : names.GetValueOrDefault(s.Actor),
            s.At,
            Local(s.At),
            Fields(s.FormRef is null ? null : forms.FindSchema(s.FormRef), s.Variables, units))).ToList();

        var formData = new JsonObject();
        if (task.Status == UserTaskStatus.Open && task.FormRef is not null && forms.FindSchema(task.FormRef) is { } schema)
        {
            foreach (var (key, value) in await engine.GetTaskInputsAsync(task.Id, cancellationToken) ?? [])
            {
                if (schema.Members.ContainsKey(key) || schema.DisplayOnly.Contains(key))
                {
                    formData[key] = value?.DeepClone();
                }
            }
        }

        return new TaskDetail(task, formData, entries);
    }

    private IReadOnlyList<CaseField> Fields(FormSchema? schema, JsonObject variables, IReadOnlyDictionary<string, string> units)
    {
        var fields = new List<CaseField>();
        var members = schema?.Members ?? new Dictionary<string, FormMember>();
        foreach (var member in members.Values)
        {
            Add(fields, member, variables[member.Key], member.Key, string.Empty, units);
        }

        foreach (var (key, value) in variables.Where(v => !members.ContainsKey(v.Key)))
        {
            if (!IsEmpty(value))
            {
                fields.Add(new CaseField(key, key, value?.DeepClone(), Raw(value)));
            }
        }

        return fields;
    }

    private void Add(List<CaseField> fields, FormMember member, JsonNode? value, string key, string labelPrefix, IReadOnlyDictionary<string, string> units)
    {
        switch (member)
        {
            case FormInput input when !IsEmpty(value):
                fields.Add(new CaseField(key, labelPrefix + input.Label, value!.DeepClone(), Display(input, value, units)));
                break;
            case FormGroup { Repeating: false } group when value is JsonObject inner:
                foreach (var child in group.Members.Values)
                {
                    Add(fields, child, inner[child.Key], $"{key}.{child.Key}", labelPrefix, units);
                }

                break;
            case FormGroup group when value is JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    foreach (var child in group.Members.Values)
                    {
                        Add(fields, child, (items[i] as JsonObject)?[child.Key], $"{key}[{i}].{child.Key}", $"{labelPrefix}第 {i + 1} 项 · ", units);
                    }
                }

                break;
        }
    }

    private string Display(FormInput input, JsonNode value, IReadOnlyDictionary<string, string> units)
    {
        string Choice(JsonNode? item)
        {
            foreach (var (choice, label) in input.Choices)
            {
                if (choice is not null && item is not null && JsonNode.DeepEquals(choice, item))
                {
                    return label;
                }
            }

            return Raw(item);
        }

        if (input.Component["properties"]?["ref"]?.ToString() == "unit"
            && value.GetValueKind() == JsonValueKind.String && units.TryGetValue(value.GetValue<string>(), out var unit))
        {
            return $"{unit}（{value.GetValue<string>()}）";
        }

        return input.Type switch
        {
            "select" or "radio" => Choice(value),
            "checklist" or "taglist" when value is JsonArray items => string.Join("、", items.Select(Choice)),
            "checkbox" => value.GetValueKind() switch { JsonValueKind.True => "是", JsonValueKind.False => "否", _ => Raw(value) },
            "datetime" when (input.Component["subtype"]?.ToString() ?? "datetime") == "datetime"
                && value.GetValueKind() == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => Local(at),
            _ => Raw(value),
        };
    }

    private string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, calendar.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Raw(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0) || value is JsonArray { Count: 0 };
}
