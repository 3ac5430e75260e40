using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>
/// An end event: the token ends; its scope (the instance or a sub-process) completes when it was the last one. A
/// terminate end event ends every token of its scope.
/// </summary>
internal sealed class EndEventBehaviour : IElementBehaviour
{
    public IReadOnlyList<string> Kinds { get; } = ["endEvent"];

    public Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        var end = (EndEvent)node;
        execution.AddHistory("element.left", end.Id, null);
        if (end.Terminate)
        {
            execution.TerminateScope(token.ScopeTokenId);
        }
        else
        {
            execution.RemoveToken(token);
            execution.CompleteScopeIfEmpty(token.ScopeTokenId);
        }

        return Task.CompletedTask;
    }
}
