using System.Data.Common;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// A unit of work that commits with the step: after the engine has written the step and before it commits, each
/// participant in the step's service scope saves its changes in the same transaction. A participant that throws rolls the
/// whole step back. Register participants as scoped services; a context that joins must share the engine context's
/// connection (see <see cref="WorkflowServiceCollectionExtensions.UseWorkflowConnection"/>).
/// </summary>
public interface IStepParticipant
{
    /// <summary>Saves pending changes inside <paramref name="transaction"/>; nothing to save is a no-op.</summary>
    Task SaveAsync(DbTransaction transaction, CancellationToken cancellationToken = default);
}
