namespace Zzut.Workflows.Runtime;

/// <summary>
/// Runs once before a step computes (not again for its retries): e.g. the host refreshes per-node snapshots another
/// node changed, so the step sees them. Register as singletons.
/// </summary>
public interface IStepPreparation
{
    /// <summary>Prepares; throwing fails the step before it changed anything.</summary>
    ValueTask PrepareAsync(CancellationToken cancellationToken = default);
}
