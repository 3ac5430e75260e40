using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>
/// What one BPMN element type does when a token enters it (as bpmn-elements and Camunda 7 do it: one behaviour per
/// element type). A behaviour is stateless: everything it reads and writes belongs to the step's
/// <see cref="InstanceExecution"/>, so what it does commits with the step or not at all.
/// </summary>
internal interface IElementBehaviour
{
    /// <summary>The element types (<see cref="FlowNode.Kind"/>) this behaviour executes.</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>False for elements that record their own entry (a joining gateway records it once, when it fires).</summary>
    bool RecordsEntry(FlowNode node) => true;

    /// <summary>
    /// <paramref name="token"/> has entered <paramref name="node"/> (its entry is recorded): do the element's work, and
    /// leave it or leave the token waiting there. A failure the modeller can fix (an expression, an activity) throws;
    /// the token loop turns it into an incident on the element.
    /// </summary>
    Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken);
}

/// <summary>An element that a timer or a message triggers (catch and boundary events).</summary>
internal interface ITriggeredBehaviour
{
    /// <summary>The timer of <paramref name="node"/> fired, or its message arrived, for <paramref name="token"/>.</summary>
    void Trigger(InstanceExecution execution, TokenRecord token, FlowNode node);
}
