using System.Collections.Concurrent;
using Zzut.Workflows.Model;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>Parsed models of deployed versions. A version's XML never changes, so a model is parsed once per process.</summary>
internal sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<Guid, ProcessModel> models = new();

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
    IServiceProvider StepServices);
