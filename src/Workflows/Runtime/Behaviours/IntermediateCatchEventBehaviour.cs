using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>An intermediate catch event: the token waits for the event's timer or message, then leaves.</summary>
internal sealed class IntermediateCatchEventBehaviour : IElementBehaviour, ITriggeredBehaviour
{
    public IReadOnlyList<string> Kinds { get; } = ["intermediateCatchEvent"];

    public Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        execution.ArmTrigger(token, node, ((IntermediateCatchEvent)node).Trigger);
        return Task.CompletedTask;
    }

    public void Trigger(InstanceExecution execution, TokenRecord token, FlowNode node)
    {
        // Either the token waits at the event itself or at the event-based gateway before it: the first event to
        // happen wins and disarms the others.
        execution.ClearWaits(token);
        if (token.ElementId != node.Id)
        {
            token.ElementId = node.Id;
            execution.AddHistory("element.entered", node.Id, null);
        }

        execution.LeaveGuarded(token, node);
    }
}
