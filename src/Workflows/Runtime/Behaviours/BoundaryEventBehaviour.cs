using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>
/// A boundary event: armed by the activity it is attached to. When it is triggered, an interrupting event ends the
/// activity's token (and what waits on its behalf: a task, a called instance) and a new token leaves by the event; a
/// non-interrupting one leaves a new token beside the activity's.
/// </summary>
internal sealed class BoundaryEventBehaviour : IElementBehaviour, ITriggeredBehaviour
{
    public IReadOnlyList<string> Kinds { get; } = ["boundaryEvent"];

    public Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        execution.Leave(token, node);
        return Task.CompletedTask;
    }

    public void Trigger(InstanceExecution execution, TokenRecord token, FlowNode node)
    {
        var boundary = (BoundaryEvent)node;
        var scopeId = token.ScopeTokenId;
        if (boundary.CancelActivity)
        {
            execution.DestroyToken(token, UserTaskStatus.Cancelled);
        }

        var next = execution.NewToken(boundary.Id, scopeId);
        execution.Schedule(next, boundary);
    }
}
