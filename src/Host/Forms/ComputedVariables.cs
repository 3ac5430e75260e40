using System.Runtime.CompilerServices;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Model;
using Zzut.Workflows.Parsing;

namespace Zzut.Workflows.Host.Forms;

/// <summary>Where a definition sets a variable: the element and its line.</summary>
/// <param name="ElementId">The element that writes it.</param>
/// <param name="Line">The line of the writing (the output parameter, or the service task).</param>
public sealed record VariableSetter(string ElementId, int Line);

/// <summary>
/// The variables a definition computes — never a person: the names of its <c>camunda:outputParameter</c>s and the
/// outputs its service and send tasks' activities declare (<see cref="IActivity.OutputNames"/>, e.g. <c>incidentId</c>,
/// <c>notice</c>, <c>reportingStatus</c>, and for <c>variables.set</c> its input names such as <c>returnedFrom</c>). A
/// form may not declare one of them, and no submission may carry one; an administrator changes them with
/// <c>PATCH /api/instances/{id}/variables</c>, recorded in the history.
/// </summary>
public sealed class ComputedVariables(IActivityRegistry activities)
{
    private readonly ConditionalWeakTable<ProcessModel, IReadOnlyDictionary<string, VariableSetter>> cache = [];

    /// <summary>Computed variable name → its first setter, for a definition's model.</summary>
    public IReadOnlyDictionary<string, VariableSetter> Of(ProcessModel model) => cache.GetValue(model, Compute);

    /// <summary>
    /// The problems of the forms a definition's starts and user tasks name: each top-level field that is a computed
    /// variable, reported at the element naming the form.
    /// </summary>
    public IEnumerable<BpmnError> CheckForms(ProcessModel model, Func<string, FormSchema?> findForm)
    {
        var computed = Of(model);
        foreach (var node in model.Nodes.OrderBy(n => n.Line))
        {
            var formRef = node switch
            {
                UserTask task => task.FormRef,
                StartEvent start => start.FormRef,
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(formRef) || formRef.Contains("${", StringComparison.Ordinal) || findForm(formRef) is not { } schema)
            {
                continue;
            }

            foreach (var key in schema.Members.Keys.Where(computed.ContainsKey).Order(StringComparer.Ordinal))
            {
                var setter = computed[key];
                yield return new BpmnError(node.Id, node.Line,
                    $"表单 '{formRef}' 的字段 '{key}' 由流程计算（{setter.ElementId}，第 {setter.Line} 行），不能由用户填写 (the form field '{key}' is set by {setter.ElementId} at line {setter.Line}; a form may not let people write it).");
            }
        }
    }

    private IReadOnlyDictionary<string, VariableSetter> Compute(ProcessModel model)
    {
        var computed = new Dictionary<string, VariableSetter>(StringComparer.Ordinal);
        foreach (var node in model.Nodes.OrderBy(n => n.Line))
        {
            foreach (var output in node.IoMapping.Outputs)
            {
                computed.TryAdd(output.Name, new VariableSetter(node.Id, output.Line));
            }

            if (node is ServiceTask service && activities.Find(service.Topic) is { } activity)
            {
                var inputs = node.IoMapping.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var name in activity.OutputNames(inputs))
                {
                    computed.TryAdd(name, new VariableSetter(node.Id, node.Line));
                }
            }
        }

        return computed;
    }
}

/// <summary>Refuses a definition whose forms declare a variable the definition computes (<see cref="ComputedVariables"/>).</summary>
public sealed class ComputedVariableFormValidator(ComputedVariables computed, FormStore forms) : IDefinitionValidator
{
    /// <inheritdoc />
    public IEnumerable<BpmnError> Validate(ProcessModel model) => computed.CheckForms(model, forms.FindSchema);
}
