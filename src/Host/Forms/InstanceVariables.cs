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
/// definition's order), else the label of the computed variable (<see cref="ComputedVariableLabels"/>), else the name.</param>
/// <param name="Value">The value.</param>
/// <param name="Display">The value as the forms show it (<see cref="FieldDisplay"/>).</param>
/// <param name="Href">The page of the ledger row or instance the value names, when the reader may see it.</param>
/// <param name="Source">Where it comes from: <c>填写：</c> the start or task whose form declares it, <c>计算：</c> the element
/// that computes it; null for a variable the definition neither asks for nor computes (set by an administrator or an
/// earlier version).</param>
public sealed record VariableView(string Name, string Label, JsonNode? Value, string Display, string? Href, string? Source = null);

/// <summary>
/// An instance's variables labelled by the forms of its definition version and displayed as those forms display them:
/// the declared ones in the forms' order, then the computed ones (labelled by <see cref="ComputedVariableLabels"/>,
/// with the element that computes them) and any others, by name.
/// </summary>
public sealed class InstanceVariables(IWorkflowEngine engine, FormStore forms, ComputedVariables computed, LedgerDbContext ledger, ReferenceNames references, WorkingCalendar calendar)
{
    /// <summary>The variables of <paramref name="instance"/> for <paramref name="reader"/>.</summary>
    public async Task<IReadOnlyList<VariableView>> ListAsync(InstanceView instance, Caller reader, CancellationToken cancellationToken = default)
    {
        var model = await engine.GetModelAsync(instance.DefinitionKey, instance.Version, cancellationToken);
        var fields = Declared(model);
        var setters = model is null ? new Dictionary<string, VariableSetter>() : computed.Of(model);
        var labels = instance.Variables.Select(v => v.Key).ToDictionary(name => name, name => fields.ContainsKey(name) ? null : ComputedVariableLabels.Find(name), StringComparer.Ordinal);

        // A ledger row (JSON) is named by the row its id names.
        var rowIds = instance.Variables.Where(v => labels[v.Key]?.Kind == "row").Select(v => FieldDisplay.RowId(v.Value)).OfType<JsonNode>();
        var display = await FieldDisplay.ForAsync(instance.Variables.Select(v => v.Value).Concat(rowIds), reader, ledger, references, calendar, cancellationToken);
        var order = fields.Keys.Select((key, i) => (key, i)).ToDictionary(p => p.key, p => p.i, StringComparer.Ordinal);
        return [.. instance.Variables
            .OrderBy(v => order.GetValueOrDefault(v.Key, int.MaxValue)).ThenBy(v => setters.ContainsKey(v.Key) ? 0 : 1).ThenBy(v => v.Key, StringComparer.Ordinal)
            .Select(v =>
            {
                if (fields.TryGetValue(v.Key, out var field))
                {
                    return new VariableView(v.Key, field.Input.Label ?? v.Key, v.Value?.DeepClone(), display.Display(field.Input, v.Value), display.Href(v.Value), $"填写：{NameOf(field.Node)}");
                }

                var label = labels[v.Key];
                var source = setters.TryGetValue(v.Key, out var setter) && model?.FindNode(setter.ElementId) is { } node ? $"计算：{NameOf(node)}" : null;
                return new VariableView(v.Key, label?.Label ?? v.Key, v.Value?.DeepClone(), display.DisplayComputed(label, v.Value), display.Href(label?.Kind == "row" ? FieldDisplay.RowId(v.Value) : v.Value), source);
            })];
    }

    private static string NameOf(FlowNode node) => string.IsNullOrWhiteSpace(node.Name) ? (node is StartEvent ? "发起" : node.Id) : node.Name.Trim();

    /// <summary>Each top-level field of the definition's start and user-task forms, by key, with the element whose form declares it: the first form that declares it wins.</summary>
    private Dictionary<string, (FormInput Input, FlowNode Node)> Declared(ProcessModel? model)
    {
        var fields = new Dictionary<string, (FormInput, FlowNode)>(StringComparer.Ordinal);
        var formRefs = (model?.Nodes ?? []).OrderBy(n => n is StartEvent ? 0 : 1).ThenBy(n => n.Line).Select(n => (Node: n, FormRef: n switch
        {
            StartEvent start => start.FormRef,
            UserTask task => task.FormRef,
            _ => null,
        }));
        foreach (var (node, formRef) in formRefs)
        {
            if (string.IsNullOrWhiteSpace(formRef) || formRef.Contains("${", StringComparison.Ordinal) || forms.FindSchema(formRef) is not { } schema)
            {
                continue;
            }

            foreach (var input in schema.Members.Values.OfType<FormInput>())
            {
                fields.TryAdd(input.Key, (input, node));
            }
        }

        return fields;
    }
}
