using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>A start event (none, message or timer: what started it has happened): the token leaves at once.</summary>
internal sealed class StartEventBehaviour : IElementBehaviour
{
    public IReadOnlyList<string> Kinds { get; } = ["startEvent"];

    public Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        execution.Leave(token, node);
        return Task.CompletedTask;
    }
}
