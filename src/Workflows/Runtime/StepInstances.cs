using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime.Behaviours;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// The instances one step touches. A step starts with one instance; a call activity adds the instance it starts, the
/// end of a called instance (or a change in its incidents) adds its parent, and an ended call adds the called
/// instance it cancels. All of them run here until every token waits, and are written by the step's one transaction:
/// a called instance never exists without its parent waiting for it, and its end moves the parent on in the same step.
/// </summary>
internal sealed class StepInstances(EngineServices services, WorkflowDbContext db)
{
    /// <summary>More instances than this started by call activities in one step is taken for a call that never ends (a process calling itself).</summary>
    public const int MaxCalledPerStep = 100;

    private readonly Dictionary<Guid, Entry> entries = [];
    private readonly Queue<Guid> endedCallTokens = new();
    private readonly Queue<Guid> outputRetries = new();

    /// <summary>
    /// The history rows the step's instances added, in the order added (<see cref="InstanceExecution.AddHistory"/>). They
    /// are written by the step with its other rows (<see cref="StepWriter.Prepare"/>) and never tracked by the context:
    /// tracked, each was given a temporary key, a snapshot and an identity-map entry, was scanned again by every change
    /// detection of the step, and was detached unwritten for its INSERT to go by a prepared statement.
    /// </summary>
    public List<HistoryRecord> History { get; } = [];

    /// <summary>How many instances call activities started in this step.</summary>
    public int CalledStarted { get; private set; }

    /// <summary>Adds an instance that the step created or loaded (done by <see cref="InstanceExecution"/> itself).</summary>
    public void Register(InstanceExecution execution)
    {
        if (!entries.TryAdd(execution.Instance.Id, new Entry(execution)))
        {
            throw new InvalidOperationException($"Instance {execution.Instance.Id} is loaded twice in one step.");
        }
    }

    /// <summary>Leaves out an instance the step read but does not change (it is neither run nor written).</summary>
    public void Forget(Guid instanceId) => entries.Remove(instanceId);

    /// <summary>True when an instance of this step (not yet written) holds the business-key lock.</summary>
    public bool HoldsLock(string businessKeyLock) => entries.Values.Any(e => e.Execution.Instance.BusinessKeyLock == businessKeyLock);

    /// <summary>Starts the instance a call activity calls, within this step; it runs with the others.</summary>
    public InstanceExecution StartCalled(InstanceExecution parent, TokenRecord token, CallActivity call, DefinitionRecord definition, ProcessModel model, string? businessKey, System.Text.Json.Nodes.JsonObject variables)
    {
        var start = model.NoneStart ?? throw new InvalidOperationException($"Definition '{definition.Key}' has no none start event.");
        CalledStarted++;
        var child = InstanceExecution.CreateNew(services, db, definition, model, businessKey, variables, parent.Actor);
        child.Instance.ParentInstanceId = parent.Instance.Id;
        child.Instance.ParentTokenId = token.Id;
        child.Instance.ParentElementId = call.Id;
        child.Start(start);
        return child;
    }

    /// <summary>A token waiting at a call activity ended (interrupted, cancelled, terminated): its called instance is cancelled.</summary>
    public void CallEnded(Guid tokenId) => endedCallTokens.Enqueue(tokenId);

    /// <summary>A retry of a call activity whose out mappings failed: they are applied again from the ended called instance.</summary>
    public void RetryOutputs(Guid tokenId) => outputRetries.Enqueue(tokenId);

    /// <summary>
    /// Runs every instance of the step until all tokens wait, passing ends, incidents and cancellations between called
    /// and calling instances; then writes each instance's variables, status and revision.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var first = true;
        while (true)
        {
            var progressed = false;
            foreach (var entry in entries.Values.ToList())
            {
                if (first || entry.Execution.HasQueuedWork)
                {
                    await entry.Execution.RunAsync(cancellationToken);
                    progressed = true;
                }
            }

            first = false;
            progressed |= await CancelEndedCallsAsync(cancellationToken);
            progressed |= await RetryOutputsAsync(cancellationToken);
            progressed |= await NotifyParentsAsync(cancellationToken);
            if (!progressed)
            {
                break;
            }
        }

        foreach (var entry in entries.Values)
        {
            entry.Execution.Finish();
        }
    }

    private async Task<bool> CancelEndedCallsAsync(CancellationToken cancellationToken)
    {
        var any = false;
        while (endedCallTokens.TryDequeue(out var tokenId))
        {
            var loaded = entries.Values.Select(e => e.Execution).Where(x => x.Instance.ParentTokenId == tokenId).Select(x => x.Instance.Id);
            var stored = await db.Instances.AsNoTracking()
                .Where(i => i.ParentTokenId == tokenId && (i.Status == InstanceStatus.Active || i.Status == InstanceStatus.Incident))
                .Select(i => i.Id).ToListAsync(cancellationToken);
            foreach (var id in loaded.Concat(stored).Distinct().ToList())
            {
                var child = await FindAsync(id, cancellationToken);
                if (child is null || !InstanceStatus.IsRunning(child.Instance.Status))
                {
                    continue;
                }

                entries[id].EndedByParent = true;
                child.Cancel();
                any = true;
            }
        }

        return any;
    }

    private async Task<bool> RetryOutputsAsync(CancellationToken cancellationToken)
    {
        var any = false;
        while (outputRetries.TryDequeue(out var tokenId))
        {
            var childId = await db.Instances.AsNoTracking().Where(i => i.ParentTokenId == tokenId)
                .OrderByDescending(i => i.StartedAt).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(cancellationToken);
            var child = childId is { } id ? await FindAsync(id, cancellationToken) : null;
            var parent = child?.Instance.ParentInstanceId is { } parentId ? await FindAsync(parentId, cancellationToken) : null;
            if (child is null || parent is null)
            {
                continue;
            }

            CallActivityBehaviour.CalledInstanceEnded(parent, child);
            any = true;
        }

        return any;
    }

    private async Task<bool> NotifyParentsAsync(CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var entry in entries.Values.ToList())
        {
            var child = entry.Execution;
            if (child.Instance.ParentInstanceId is not { } parentId || entry.EndedByParent || entry.EndReported)
            {
                continue;
            }

            if (!InstanceStatus.IsRunning(child.Instance.Status))
            {
                entry.EndReported = true;
                if (await FindAsync(parentId, cancellationToken) is { } parent)
                {
                    CallActivityBehaviour.CalledInstanceEnded(parent, child);
                }

                any = true;
                continue;
            }

            var hasIncident = child.OpenIncidents.Count > 0;
            if (hasIncident != entry.IncidentReported)
            {
                entry.IncidentReported = hasIncident;
                if (await FindAsync(parentId, cancellationToken) is { } parent)
                {
                    CallActivityBehaviour.CalledIncidentsChanged(parent, child);
                }

                any = true;
            }
        }

        return any;
    }

    private async Task<InstanceExecution?> FindAsync(Guid instanceId, CancellationToken cancellationToken) =>
        entries.TryGetValue(instanceId, out var entry)
            ? entry.Execution
            : await InstanceExecution.LoadAsync(services, db, instanceId, entries.Values.First().Execution.Actor, cancellationToken);

    private sealed class Entry(InstanceExecution execution)
    {
        public InstanceExecution Execution { get; } = execution;

        /// <summary>The parent was last told that this instance has open incidents (so its call activity shows one).</summary>
        public bool IncidentReported { get; set; } = execution.Instance.Status == InstanceStatus.Incident;

        /// <summary>The parent was told that this instance ended (or it had ended before the step).</summary>
        public bool EndReported { get; set; } = !InstanceStatus.IsRunning(execution.Instance.Status);

        /// <summary>Cancelled because its parent's call ended: the parent is not told.</summary>
        public bool EndedByParent { get; set; }
    }
}
