using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>The engine's <see cref="ITaskFinder"/> and <see cref="IBusinessKeyIndex"/>: queries over its tables and deployed models.</summary>
internal sealed class TaskFinder(IServiceScopeFactory scopes, DefinitionCache definitions, IWorkflowEngine engine) : ITaskFinder, IBusinessKeyIndex
{
    public async Task<IReadOnlyList<TaskView>> FindOpenAsync(TaskPropertyQuery query, CancellationToken cancellationToken = default)
    {
        List<Guid> matching;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var tasks = db.UserTasks.AsNoTracking().Where(t => t.Status == UserTaskStatus.Open);
            if (query.DefinitionKey is { } key)
            {
                tasks = tasks.Where(t => t.DefinitionKey == key);
            }

            if (query.InstanceId is { } instanceId)
            {
                tasks = tasks.Where(t => t.InstanceId == instanceId);
            }

            if (query.BusinessKeyPrefix is { } prefix)
            {
                tasks = tasks.Where(t => t.BusinessKey != null && t.BusinessKey.StartsWith(prefix));
            }

            var candidates = await tasks.OrderBy(t => t.CreatedAt)
                .Join(db.Instances, t => t.InstanceId, i => i.Id, (t, i) => new { t.Id, t.ElementId, i.DefinitionId })
                .ToListAsync(cancellationToken);
            var definitionIds = candidates.Select(c => c.DefinitionId).Distinct().ToList();
            var models = (await db.Definitions.AsNoTracking().Where(d => definitionIds.Contains(d.Id)).ToListAsync(cancellationToken))
                .ToDictionary(d => d.Id, definitions.GetModel);
            matching = [.. candidates
                .Where(c => models[c.DefinitionId].FindNode(c.ElementId)?.Properties.GetValueOrDefault(query.Name) == query.Value)
                .Select(c => c.Id)];
        }

        var found = new List<TaskView>();
        foreach (var id in matching)
        {
            if (await engine.GetTaskAsync(id, cancellationToken) is { } task && (query.VisibleTo is null || query.VisibleTo.CanSee(task)))
            {
                found.Add(task);
            }
        }

        return found;
    }

    public async Task<IReadOnlySet<string>> UsedAsync(string definitionKey, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return (await db.Instances.AsNoTracking().Where(i => i.DefinitionKey == definitionKey && i.BusinessKey != null)
            .Select(i => i.BusinessKey!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }
}
