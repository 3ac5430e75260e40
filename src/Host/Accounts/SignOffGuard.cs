using System.Text.Json.Nodes;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// A head's sign-off (a task of a <c>head:{unitCode}</c> group) is never made by someone who made one of the instance's
/// earlier submissions — who started it or completed one of its tasks that is not itself a sign-off
/// (<see cref="HeadSignOff.Refusal"/>). A refused attempt is recorded in the security history.
/// </summary>
public sealed class SignOffGuard(IWorkflowEngine engine, SecurityAudit audit)
{
    /// <summary>Why the caller may not complete the open task, or null when they may (or it is no sign-off).</summary>
    public async Task<string?> RefusalAsync(TaskView task, Caller caller, CancellationToken cancellationToken = default)
    {
        if (!HeadSignOff.IsSignOff(task.CandidateGroups))
        {
            return null;
        }

        var history = await engine.GetHistoryAsync(task.InstanceId, cancellationToken) ?? [];
        var completed = await engine.QueryTasksAsync(new TaskQuery(InstanceId: task.InstanceId, Status: UserTaskStatus.Completed, Limit: 5000), cancellationToken);
        var submitters = history.Where(h => h.Type == "instance.started").Select(h => h.Actor)
            .Concat(completed.Where(t => !HeadSignOff.IsSignOff(t.CandidateGroups)).Select(t => t.CompletedBy));
        var refusal = HeadSignOff.Refusal(caller.UserName, submitters);
        if (refusal is not null)
        {
            await audit.RecordAsync("sign-off.refused", caller.UserName, new JsonObject
            {
                ["taskId"] = task.Id.ToString(),
                ["instanceId"] = task.InstanceId.ToString(),
                ["elementId"] = task.ElementId,
                ["definitionKey"] = task.DefinitionKey,
                ["reason"] = "the signer made an earlier submission of the instance",
            }, cancellationToken);
        }

        return refusal;
    }
}
