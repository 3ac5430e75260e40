using System.Text.Json.Nodes;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// Told about every user task a step creates, inside that step: whatever it writes through
/// <see cref="UserTaskCreated.Services"/> (e.g. a notice in the outbox) commits with the task or not at all.
/// </summary>
public interface IUserTaskListener
{
    /// <summary>Called once per created task.</summary>
    Task OnCreatedAsync(UserTaskCreated created, CancellationToken cancellationToken = default);
}

/// <summary>A task that was just created.</summary>
/// <param name="Task">The task row (not yet saved).</param>
/// <param name="DefinitionName">The process name.</param>
/// <param name="Variables">The process variables.</param>
/// <param name="Properties">The task's <c>camunda:properties</c> (e.g. <c>notify=false</c>).</param>
/// <param name="Services">Services of the step's scope, its database context among them.</param>
public sealed record UserTaskCreated(
    UserTaskRecord Task,
    string? DefinitionName,
    JsonObject Variables,
    IReadOnlyDictionary<string, string> Properties,
    IServiceProvider Services);
