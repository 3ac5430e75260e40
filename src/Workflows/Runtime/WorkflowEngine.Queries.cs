using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>The engine's read side: instance and task lists (filtered and paged in the database), submissions, models.</summary>
internal sealed partial class WorkflowEngine
{
    /// <summary>The most rows one page returns.</summary>
    private const int MaxPage = 5000;

    public async Task<IReadOnlyList<InstanceView>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var found = await FilterInstances(db, query).Include(i => i.Tokens)
            .OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Limit, 1, MaxPage))
            .ToListAsync(cancellationToken);
        var ids = found.Select(i => i.Id).ToList();
        var incidents = (await db.Incidents.AsNoTracking().Where(x => ids.Contains(x.InstanceId)).ToListAsync(cancellationToken))
            .ToLookup(x => x.InstanceId);
        return [.. found.Select(i => ToView(i, [.. incidents[i.Id].OrderBy(x => x.CreatedAt)]))];
    }

    public async Task<int> CountInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await FilterInstances(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), query).CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TaskView>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var found = await FilterTasks(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), query)
            .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Limit, 1, MaxPage))
            .ToListAsync(cancellationToken);
        return [.. found.Select(ToView)];
    }

    public async Task<int> CountTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await FilterTasks(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), query).CountAsync(cancellationToken);
    }

    public async Task<JsonObject?> GetTaskInputsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var task = await db.UserTasks.AsNoTracking().Where(t => t.Id == id).Select(t => new { t.TokenId, t.Status }).SingleOrDefaultAsync(cancellationToken);
        if (task is null)
        {
            return null;
        }

        var locals = task.Status != UserTaskStatus.Open
            ? null
            : await db.Tokens.AsNoTracking().Where(t => t.Id == task.TokenId).Select(t => t.LocalVariablesJson).SingleOrDefaultAsync(cancellationToken);
        return locals is null ? [] : JsonNode.Parse(locals)?.AsObject() ?? [];
    }

    public async Task<IReadOnlyList<SubmissionView>?> GetSubmissionsAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var instance = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => new { i.DefinitionId }).SingleOrDefaultAsync(cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var model = cache.GetModel(await db.Definitions.AsNoTracking().SingleAsync(d => d.Id == instance.DefinitionId, cancellationToken));
        var rows = await db.History.AsNoTracking()
            .Where(h => h.InstanceId == instanceId && (h.Type == "instance.started" || h.Type == "task.completed"))
            .OrderBy(h => h.Sequence).ToListAsync(cancellationToken);
        var tasks = await db.UserTasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == UserTaskStatus.Completed)
            .ToDictionaryAsync(t => t.Id, cancellationToken);

        var submissions = new List<SubmissionView>();
        foreach (var row in rows)
        {
            var data = row.DataJson is null ? null : JsonNode.Parse(row.DataJson) as JsonObject;
            var variables = data?["variables"] is JsonObject submitted ? (JsonObject)submitted.DeepClone() : [];
            if (row.Type == "instance.started")
            {
                var start = row.ElementId is null ? null : model.FindNode(row.ElementId) as StartEvent;
                submissions.Add(new SubmissionView("start", row.ElementId ?? string.Empty, start?.Name, null, start?.FormRef, row.Actor, row.Timestamp, variables));
            }
            else if (Guid.TryParse(data?["taskId"]?.ToString(), out var taskId))
            {
                var task = tasks.GetValueOrDefault(taskId);
                submissions.Add(new SubmissionView("task", row.ElementId ?? string.Empty, task?.Name, taskId, task?.FormRef, row.Actor, row.Timestamp, variables));
            }
        }

        return submissions;
    }

    public async Task<ProcessModel?> GetModelAsync(string key, int? version = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var definition = await FindVersionAsync(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), key, version, cancellationToken);
        return definition is null ? null : cache.GetModel(definition);
    }

    /// <summary>The named version of a definition, or its latest; null when there is none.</summary>
    private static async Task<DefinitionRecord?> FindVersionAsync(WorkflowDbContext db, string key, int? version, CancellationToken cancellationToken)
    {
        var query = db.Definitions.AsNoTracking().Where(d => d.Key == key);
        return version is { } v
            ? await query.FirstOrDefaultAsync(d => d.Version == v, cancellationToken)
            : await query.OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
    }

    private static IQueryable<InstanceRecord> FilterInstances(WorkflowDbContext db, InstanceQuery query)
    {
        var instances = db.Instances.AsNoTracking();
        if (query.DefinitionKey is not null)
        {
            instances = instances.Where(i => i.DefinitionKey == query.DefinitionKey);
        }

        if (query.Status is not null)
        {
            instances = instances.Where(i => i.Status == query.Status);
        }

        if (query.BusinessKey is not null)
        {
            instances = instances.Where(i => i.BusinessKey == query.BusinessKey);
        }

        if (query.VisibleTo is { } audience)
        {
            // Participation as IsParticipantAsync decides it, as one subquery, so that paging never drops the caller's rows.
            var user = audience.UserName;
            var theirs = db.UserTasks.AsNoTracking().Where(VisibleTo(audience)).Select(t => t.InstanceId)
                .Concat(db.UserTasks.AsNoTracking().Where(t => t.CompletedBy == user).Select(t => t.InstanceId));
            instances = instances.Where(i => i.StartedBy == user || theirs.Contains(i.Id));
        }

        return instances;
    }

    private static IQueryable<UserTaskRecord> FilterTasks(WorkflowDbContext db, TaskQuery query)
    {
        var tasks = db.UserTasks.AsNoTracking();
        if (query.CandidateGroup is not null)
        {
            var pattern = "," + query.CandidateGroup + ",";
            tasks = tasks.Where(t => t.CandidateGroups.Contains(pattern));
        }

        if (query.Assignee is not null)
        {
            tasks = tasks.Where(t => t.Assignee == query.Assignee);
        }

        if (query.InstanceId is not null)
        {
            tasks = tasks.Where(t => t.InstanceId == query.InstanceId);
        }

        if (query.Status is not null)
        {
            tasks = tasks.Where(t => t.Status == query.Status);
        }

        if (query.VisibleTo is not null)
        {
            tasks = tasks.Where(VisibleTo(query.VisibleTo));
        }

        return tasks;
    }
}
