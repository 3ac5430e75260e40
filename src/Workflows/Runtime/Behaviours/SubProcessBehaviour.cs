using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>
/// An embedded sub-process: the token becomes the scope's holder (its boundary events armed) and a child token starts
/// at the sub-process's none start event. The scope is left when its last child token ends.
/// </summary>
internal sealed class SubProcessBehaviour : IElementBehaviour
{
    public IReadOnlyList<string> Kinds { get; } = ["subProcess"];

    public Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        var subProcess = (SubProcess)node;
        execution.ArmBoundaryEvents(token, subProcess);
        token.State = TokenState.Scope;
        var child = execution.NewToken(subProcess.Start!.Id, token.Id);
        execution.Schedule(child, subProcess.Start);
        return Task.CompletedTask;
    }
}
