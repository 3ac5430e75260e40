using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Model;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// Deployed versions and their parsed models. A version never changes once deployed, so its row is read and its model
/// parsed once per process; steps take both from here instead of re-reading the row.
/// </summary>
internal sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<Guid, ProcessModel> models = new();
    private readonly ConcurrentDictionary<Guid, DefinitionRecord> records = new();

    /// <summary>The deployed version with this id (read from the database the first time), or null if there is none.</summary>
    public async Task<DefinitionRecord?> FindAsync(WorkflowDbContext db, Guid definitionId, CancellationToken cancellationToken)
    {
        if (records.TryGetValue(definitionId, out var cached))
        {
            return cached;
        }

        var record = await db.Definitions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == definitionId, cancellationToken);
        return record is null ? null : records.GetOrAdd(definitionId, record);
    }

    public ProcessModel GetModel(DefinitionRecord definition) => models.GetOrAdd(definition.Id, _ =>
    {
        var result = BpmnReader.Read(definition.Xml, int.MaxValue);
        return result.Model is not null && result.Errors.Count == 0
            ? result.Model
            : throw new InvalidOperationException($"Deployed definition {definition.Key} v{definition.Version} no longer reads: {string.Join("; ", result.Errors)}");
    });

    public void Add(Guid definitionId, ProcessModel model) => models.TryAdd(definitionId, model);
}

/// <summary>What one step needs besides its database context.</summary>
internal sealed record EngineServices(
    TimeProvider Time,
    DefinitionCache Definitions,
    Activities.IActivityRegistry Activities,
    Expressions.IExpressionEvaluator Expressions,
    IReadOnlyList<IUserTaskListener> TaskListeners,
    IServiceProvider StepServices)
{
    private StepInstances? instances;

    /// <summary>Where the step's time goes (the benchmarks print it); null counts nothing.</summary>
    public StepTimings? Timings { get; init; }

    /// <summary>The behaviour of each element type.</summary>
    public Behaviours.BehaviourRegistry Behaviours { get; init; } = Runtime.Behaviours.BehaviourRegistry.Default;

    /// <summary>The instances this step loads or starts (a call activity's parent and child run in one step).</summary>
    public StepInstances Instances => instances ??= new StepInstances(this, StepServices.GetRequiredService<WorkflowDbContext>());

    /// <summary>
    /// The history rows this step's instances added (none when it touched no instance). They live in this object's
    /// <see cref="Instances"/>: a step has one <see cref="EngineServices"/>, and a copy made of it (<c>with</c>) would
    /// start its own instances and rows, which the step would not write.
    /// </summary>
    public IReadOnlyList<HistoryRecord> History => instances?.History ?? [];
}
