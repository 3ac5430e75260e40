using System.Text.Json.Nodes;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Model;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Forms;

/// <summary>One variable of an instance, as the operations console shows it.</summary>
/// <param name="Name">The variable's name: what an administrator edits.</param>
/// <param name="Label">The label of the form field that declares it (the start form first, then the user tasks' forms in the
/// definition's order); the name when no form declares it.</param>
/// <param name="Value">The value.</param>
/// <param name="Display">The value as the forms show it (<see cref="FieldDisplay"/>).</param>
/// <param name="Href">The page of the ledger row or instance the value names, when the reader may see it.</param>
public sealed record VariableView(string Name, string Label, JsonNode? Value, string Display, string? Href);

/// <summary>
/// An instance's variables labelled by the forms of its definition version and displayed as those forms display them:
/// the declared ones in the forms' order, then the others (computed by activities) by name.
/// </summary>
public sealed class InstanceVariables(IWorkflowEngine engine, FormStore forms, LedgerDbContext ledger, ReferenceNames references, WorkingCalendar calendar)
{
    /// <summary>The variables of <paramref name="instance"/> for <paramref name="reader"/>.</summary>
    public async Task<IReadOnlyList<VariableView>> ListAsync(InstanceView instance, Caller reader, CancellationToken cancellationToken = default)
    {
        var fields = Declared(await engine.GetModelAsync(instance.DefinitionKey, instance.Version, cancellationToken));
        var display = await FieldDisplay.ForAsync(instance.Variables.Select(v => v.Value), reader, ledger, references, calendar, cancellationToken);
        var order = fields.Keys.Select((key, i) => (key, i)).ToDictionary(p => p.key, p => p.i, StringComparer.Ordinal);
        return [.. instance.Variables
            .OrderBy(v => order.GetValueOrDefault(v.Key, int.MaxValue)).ThenBy(v => v.Key, StringComparer.Ordinal)
            .Select(v =>
            {
                var input = fields.GetValueOrDefault(v.Key);
                return new VariableView(v.Key, input?.Label ?? v.Key, v.Value?.DeepClone(), display.Display(input, v.Value), display.Href(v.Value));
            })];
    }

    /// <summary>Each top-level field of the definition's start and user-task forms, by key: the first form that declares it wins.</summary>
    private Dictionary<string, FormInput> Declared(ProcessModel? model)
    {
        var fields = new Dictionary<string, FormInput>(StringComparer.Ordinal);
        var formRefs = (model?.Nodes ?? []).OrderBy(n => n is StartEvent ? 0 : 1).ThenBy(n => n.Line).Select(n => n switch
        {
            StartEvent start => start.FormRef,
            UserTask task => task.FormRef,
            _ => null,
        });
        foreach (var formRef in formRefs)
        {
            if (string.IsNullOrWhiteSpace(formRef) || formRef.Contains("${", StringComparison.Ordinal) || forms.FindSchema(formRef) is not { } schema)
            {
                continue;
            }

            foreach (var input in schema.Members.Values.OfType<FormInput>())
            {
                fields.TryAdd(input.Key, input);
            }
        }

        return fields;
    }
}
