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
/// <param name="Display">The value as shown (<see cref="FieldDisplay"/>): choice labels, 是/否, instants in Beijing time
/// (<c>yyyy-MM-dd HH:mm</c>), a unit by its name with its code, a ledger row or instance by its name (a neutral label
/// when the reader may not see it).</param>
/// <param name="Href">The page of the ledger row or instance the value names, when the reader may see it.</param>
public sealed record CaseField(string Key, string Label, JsonNode? Value, string Display, string? Href = null);

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
public sealed class TaskCase(IWorkflowEngine engine, FormStore forms, WorkingCalendar calendar, AccountsDbContext accounts, LedgerDbContext ledger, ReferenceNames references)
{
    /// <summary>The task with its case, as <paramref name="reader"/> may read it (rows they may not see by a neutral label).</summary>
    public async Task<TaskDetail> BuildAsync(TaskView task, Caller reader, CancellationToken cancellationToken = default)
    {
        var submissions = (await engine.GetSubmissionsAsync(task.InstanceId, cancellationToken) ?? [])
            .Where(s => s.TaskId != task.Id).Reverse().ToList();
        var actors = submissions.Select(s => s.Actor).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var names = await accounts.Users.AsNoTracking().Where(u => actors.Contains(u.UserName!))
            .ToDictionaryAsync(u => u.UserName!, u => u.RealName, StringComparer.Ordinal, cancellationToken);
        var display = await FieldDisplay.ForAsync(submissions.SelectMany(s => s.Variables.Select(v => v.Value)), reader, ledger, references, calendar, cancellationToken);

        var entries = submissions.Select(s => new CaseEntry(
            s.Kind,
            s.ElementId,
            s.Name ?? (s.Kind == "start" ? "发起" : s.ElementId),
            s.TaskId,
            s.Actor,
            s.Actor is null ? null : names.GetValueOrDefault(s.Actor),
            s.At,
            display.Local(s.At),
            Fields(s.FormRef is null ? null : forms.FindSchema(s.FormRef), s.Variables, display))).ToList();

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

    private static List<CaseField> Fields(FormSchema? schema, JsonObject variables, FieldDisplay display)
    {
        var fields = new List<CaseField>();
        var members = schema?.Members ?? new Dictionary<string, FormMember>();
        foreach (var member in members.Values)
        {
            Add(fields, member, variables[member.Key], member.Key, string.Empty, display);
        }

        foreach (var (key, value) in variables.Where(v => !members.ContainsKey(v.Key)))
        {
            if (!FieldDisplay.IsEmpty(value))
            {
                fields.Add(new CaseField(key, key, value?.DeepClone(), display.Display(null, value), display.Href(value)));
            }
        }

        return fields;
    }

    private static void Add(List<CaseField> fields, FormMember member, JsonNode? value, string key, string labelPrefix, FieldDisplay display)
    {
        switch (member)
        {
            case FormInput input when !FieldDisplay.IsEmpty(value):
                fields.Add(new CaseField(key, labelPrefix + input.Label, value!.DeepClone(), display.Display(input, value), display.Href(value)));
                break;
            case FormGroup { Repeating: false } group when value is JsonObject inner:
                foreach (var child in group.Members.Values)
                {
                    Add(fields, child, inner[child.Key], $"{key}.{child.Key}", labelPrefix, display);
                }

                break;
            case FormGroup group when value is JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    foreach (var child in group.Members.Values)
                    {
                        Add(fields, child, (items[i] as JsonObject)?[child.Key], $"{key}[{i}].{child.Key}", $"{labelPrefix}第 {i + 1} 项 · ", display);
                    }
                }

                break;
        }
    }
}
