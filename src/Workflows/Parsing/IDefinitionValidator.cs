using Zzut.Workflows.Model;

namespace Zzut.Workflows.Parsing;

/// <summary>
/// A deploy-time check the host adds to the engine's own, e.g. that every <c>camunda:formRef</c> names a form that
/// exists. Its problems are reported with the engine's, naming the element and its line; nothing is deployed.
/// </summary>
public interface IDefinitionValidator
{
    /// <summary>The problems of a parsed model; empty when it may be deployed.</summary>
    IEnumerable<BpmnError> Validate(ProcessModel model);
}
