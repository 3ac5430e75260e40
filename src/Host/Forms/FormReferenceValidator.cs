using Zzut.Workflows.Model;
using Zzut.Workflows.Parsing;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// Refuses a definition whose user task or start event names a form (<c>camunda:formRef</c>) that is not under
/// <c>definitions/forms</c>: such a task could never be completed, because every submission is validated against its form.
/// </summary>
public sealed class FormReferenceValidator(FormStore forms) : IDefinitionValidator
{
    /// <inheritdoc />
    public IEnumerable<BpmnError> Validate(ProcessModel model)
    {
        foreach (var node in model.Nodes.OrderBy(n => n.Line))
        {
            var formRef = node switch
            {
                UserTask task => task.FormRef,
                StartEvent start => start.FormRef,
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(formRef) && !formRef.Contains("${", StringComparison.Ordinal) && forms.VersionOf(formRef) is null)
            {
                yield return new BpmnError(node.Id, node.Line, $"表单 '{formRef}' 不存在 (camunda:formRef '{formRef}' names no form; the forms are: {string.Join(", ", forms.Ids.Order(StringComparer.Ordinal))}.)");
            }
        }
    }
}
