using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.History;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.Sqlite;

namespace Zzut.Workflows.Runtime;

/// <summary>The engine's read side: instance, task and incident lists (filtered and paged in the database), submissions, models.</summary>
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
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        if (TaskListQueries.OfOneInstance(query) is { } instanceId)
        {
            var (skip, take) = (Math.Max(0, query.Skip), Math.Clamp(query.Limit, 1, MaxPage));
            if (SqliteInstanceReads.Of(db) is { } reads)
            {
                cancellationToken.ThrowIfCancellationRequested(); // a synchronous read, which takes no token
                return [.. reads.TaskListOf(instanceId, query.Status, skip, take).Select(row => ToView(row.Task) with { Title = row.Title, UnitCode = row.UnitCode })];
            }

            var queries = PerModel.Queries<TaskListQueries>(db);
            var page = query.Status is { } status
                ? queries.OfInstanceWithStatus(db, instanceId, status, skip, take)
                : queries.OfInstance(db, instanceId, skip, take);
            var views = new List<TaskView>();
            await foreach (var row in page.WithCancellation(cancellationToken))
            {
                views.Add(ToView(row.Task) with { Title = row.Title, UnitCode = row.UnitCode });
            }

            return views;
        }

        // The page and its instances' titles and units in one statement (every task has its instance).
        var rows = FilterTasks(db, query).Join(db.Instances, t => t.InstanceId, i => i.Id, (t, i) => new { Task = t, i.Title, i.UnitCode });
        var ordered = query.CompletedBy is null
            ? rows.OrderByDescending(r => r.Task.Priority).ThenBy(r => r.Task.CreatedAt).ThenBy(r => r.Task.Id)
            : rows.OrderByDescending(r => r.Task.CompletedAt).ThenBy(r => r.Task.Id);
        var found = await ordered
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Limit, 1, MaxPage))
            .ToListAsync(cancellationToken);
        return [.. found.Select(r => ToView(r.Task) with { Title = r.Title, UnitCode = r.UnitCode })];
    }

    public async Task<int> CountTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await FilterTasks(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), query).CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<IncidentListItem>> QueryIncidentsAsync(string? status = "open", CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var incidents = db.Incidents.AsNoTracking().AsQueryable();
        if (status is not null)
        {
            incidents = incidents.Where(x => x.Status == status);
        }

        var rows = await incidents.Join(db.Instances, x => x.InstanceId, i => i.Id, (x, i) => new { Incident = x, i.DefinitionKey, i.DefinitionVersion, i.Title, i.UnitCode })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.Incident.CreatedAt).Select(r => new IncidentListItem(
            r.Incident.Id, r.Incident.InstanceId, r.DefinitionKey, r.DefinitionVersion, r.Title, r.UnitCode, r.Incident.ElementId, r.Incident.Message, r.Incident.Status, r.Incident.CreatedAt))];
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

        var model = cache.GetModel(await cache.FindAsync(db, instance.DefinitionId, cancellationToken)
            ?? throw new InvalidOperationException($"Definition {instance.DefinitionId} does not exist."));
        var stream = HistoryChain.InstanceStream(instanceId);
        var rows = await db.History.AsNoTracking()
            .Where(h => h.Stream == stream && (h.Type == "instance.started" || h.Type == "task.completed"))
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

    public async Task<ProcessModel?> GetInstanceModelAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var definitionId = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => (Guid?)i.DefinitionId).SingleOrDefaultAsync(cancellationToken);
        return definitionId is { } id && await cache.FindAsync(db, id, cancellationToken) is { } definition ? cache.GetModel(definition) : null;
    }

    /// <summary>
    /// The named version of a definition, or its latest; null when there is none. Only the id is read: a deployed
    /// version never changes, so its row (with its XML) comes from the <see cref="DefinitionCache"/>.
    /// </summary>
    /// <summary>
    /// The version <paramref name="version"/> of <paramref name="key"/>, or its latest: only the id is read (by compiled
    /// queries: every start asks), the version's row and model come from the cache.
    /// </summary>
    private async Task<DefinitionRecord?> FindVersionAsync(WorkflowDbContext db, string key, int? version, CancellationToken cancellationToken)
    {
        var queries = PerModel.Queries<StartQueries>(db);
        var id = version is { } v ? await queries.VersionId(db, key, v, cancellationToken) : await queries.LatestVersionId(db, key, cancellationToken);
        return id is { } found ? await cache.FindAsync(db, found, cancellationToken) : null;
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

        if (query.Version is { } version)
        {
            instances = instances.Where(i => i.DefinitionVersion == version);
        }

        if (query.UnitCode is not null)
        {
            instances = instances.Where(i => i.UnitCode == query.UnitCode);
        }

        if (!string.IsNullOrWhiteSpace(query.TitleContains))
        {
            var text = query.TitleContains.Trim();
            instances = instances.Where(i => i.Title != null && i.Title.Contains(text));
        }

        if (query.StartedBy is not null)
        {
            instances = instances.Where(i => i.StartedBy == query.StartedBy);
        }

        if (query.StartedFrom is { } from)
        {
            instances = instances.Where(i => i.StartedAt >= from);
        }

        if (query.StartedBefore is { } before)
        {
            instances = instances.Where(i => i.StartedAt < before);
        }

        if (query.VisibleTo is { } audience)
        {
            // Participation as IsParticipantAsync decides it, as one subquery, so that paging never drops the caller's rows.
            var user = audience.UserName;
            var visible = AudienceTaskIds(db, audience, assigned: true, openOnly: false);
            var theirs = db.UserTasks.AsNoTracking().Where(t => visible.Contains(t.Id)).Select(t => t.InstanceId)
                .Concat(db.UserTasks.AsNoTracking().Where(t => t.CompletedBy == user).Select(t => t.InstanceId));
            instances = instances.Where(i => i.StartedBy == user || theirs.Contains(i.Id));
        }

        return instances;
    }

    private static IQueryable<UserTaskRecord> FilterTasks(WorkflowDbContext db, TaskQuery query)
    {
        var tasks = db.UserTasks.AsNoTracking();
        var openOnly = query.Status == UserTaskStatus.Open;
        if (query.CandidateGroup is not null)
        {
            var ofGroup = CandidateTaskIds(db, [TaskCandidateRecord.ForGroup(query.CandidateGroup)], openOnly);
            tasks = tasks.Where(t => ofGroup.Contains(t.Id));
        }

        if (query.Assignee is not null)
        {
            tasks = tasks.Where(t => t.Assignee == query.Assignee);
        }

        if (query.InstanceId is not null)
        {
            tasks = tasks.Where(t => t.InstanceId == query.InstanceId);
        }

        // On SQLite the open tasks of an audience or a group are their open rows in task_candidates, which the step that
        // ends a task closes with it in the same transaction (one host writes them all): a second test of the status
        // would only offer SQLite, which has no statistics, a scan of every open task by the status index instead of
        // the candidates' index range. PostgreSQL plans with statistics, so the status is tested there as well: it also
        // keeps the lists right should a host of an older version still write tasks during an upgrade.
        var openByCandidates = openOnly && db.Database.IsSqlite()
            && (query.CandidateGroup is not null || query.VisibleTo is not null || query.CandidateOf is not null);
        if (query.Status is not null && !openByCandidates)
        {
            tasks = tasks.Where(t => t.Status == query.Status);
        }

        if (query.VisibleTo is not null)
        {
            var visible = AudienceTaskIds(db, query.VisibleTo, assigned: true, openOnly);
            tasks = tasks.Where(t => visible.Contains(t.Id));
        }

        if (query.CompletedBy is not null)
        {
            tasks = tasks.Where(t => t.CompletedBy == query.CompletedBy);
        }

        if (query.DefinitionKey is not null)
        {
            tasks = tasks.Where(t => t.DefinitionKey == query.DefinitionKey);
        }

        if (query.FreeOrHeldBy is not null)
        {
            tasks = tasks.Where(t => t.Assignee == null || t.Assignee == query.FreeOrHeldBy);
        }

        if (query.CandidateOf is not null)
        {
            var candidateOf = AudienceTaskIds(db, query.CandidateOf, assigned: false, openOnly);
            tasks = tasks.Where(t => candidateOf.Contains(t.Id));
        }

        if (query.Unassigned)
        {
            tasks = tasks.Where(t => t.Assignee == null);
        }

        if (query.UnitCode is not null)
        {
            var unit = query.UnitCode;
            tasks = tasks.Where(t => db.Instances.Any(i => i.Id == t.InstanceId && i.UnitCode == unit));
        }

        if (query.DueBy is { } dueBy)
        {
            tasks = tasks.Where(t => t.DueAt != null && t.DueAt <= dueBy);
        }

        return tasks;
    }
}

/// <summary>
/// The task list of one instance (optionally of one status), compiled (<see cref="PerModel"/>): what a client asks
/// after each step it takes ("which tasks are open now?"), and the instance page. Built per call, as
/// <see cref="WorkflowEngine.QueryTasksAsync"/> builds the other lists, the query's LINQ tree was made again each time
/// (the property lookups and closures it needs were a sixth of the bytes the <c>review</c> bench allocated, 2026-12-05)
/// and then looked up in EF Core's query cache; compiled, a call binds its parameters only. Same order and paging as
/// the general list. On SQLite the list is read by <see cref="SqliteInstanceReads.TaskListOf"/> (same statement, without
/// EF Core's query pipeline); these compiled queries serve PostgreSQL.
/// </summary>
internal sealed class TaskListQueries
{
    private static readonly TaskQuery Unfiltered = new();

    public Func<WorkflowDbContext, Guid, int, int, IAsyncEnumerable<TaskRow>> OfInstance { get; } = EF.CompileAsyncQuery(
        (WorkflowDbContext db, Guid instanceId, int skip, int take) => db.UserTasks.AsNoTracking()
            .Where(t => t.InstanceId == instanceId)
            .Join(db.Instances, t => t.InstanceId, i => i.Id, (t, i) => new TaskRow { Task = t, Title = i.Title, UnitCode = i.UnitCode })
            .OrderByDescending(r => r.Task.Priority).ThenBy(r => r.Task.CreatedAt).ThenBy(r => r.Task.Id)
            .Skip(skip).Take(take));

    public Func<WorkflowDbContext, Guid, string, int, int, IAsyncEnumerable<TaskRow>> OfInstanceWithStatus { get; } = EF.CompileAsyncQuery(
        (WorkflowDbContext db, Guid instanceId, string status, int skip, int take) => db.UserTasks.AsNoTracking()
            .Where(t => t.InstanceId == instanceId && t.Status == status)
            .Join(db.Instances, t => t.InstanceId, i => i.Id, (t, i) => new TaskRow { Task = t, Title = i.Title, UnitCode = i.UnitCode })
            .OrderByDescending(r => r.Task.Priority).ThenBy(r => r.Task.CreatedAt).ThenBy(r => r.Task.Id)
            .Skip(skip).Take(take));

    /// <summary>
    /// The instance when <paramref name="query"/> asks for one instance's tasks and nothing else but a status and a page;
    /// otherwise null. Compared as a whole record, so a filter added to <see cref="TaskQuery"/> later takes the general
    /// path until it is handled here.
    /// </summary>
    public static Guid? OfOneInstance(TaskQuery query) =>
        query.InstanceId is { } id && (query with { InstanceId = null, Status = null, Skip = 0, Limit = Unfiltered.Limit }) == Unfiltered ? id : null;
}

/// <summary>A task with its instance's title and unit, as a task list reads it (set by member, so that EF Core can order by its members).</summary>
internal sealed class TaskRow
{
    public required UserTaskRecord Task { get; init; }

    public string? Title { get; init; }

    public string? UnitCode { get; init; }
}

/// <summary>The compiled queries every start runs (<see cref="PerModel"/>).</summary>
internal sealed class StartQueries
{
    public Func<WorkflowDbContext, string, int, CancellationToken, Task<Guid?>> VersionId { get; } = EF.CompileAsyncQuery(
        (WorkflowDbContext db, string key, int version, CancellationToken _) =>
            db.Definitions.Where(d => d.Key == key && d.Version == version).Select(d => (Guid?)d.Id).FirstOrDefault());

    public Func<WorkflowDbContext, string, CancellationToken, Task<Guid?>> LatestVersionId { get; } = EF.CompileAsyncQuery(
        (WorkflowDbContext db, string key, CancellationToken _) =>
            db.Definitions.Where(d => d.Key == key).OrderByDescending(d => d.Version).Select(d => (Guid?)d.Id).FirstOrDefault());

    public Func<WorkflowDbContext, string, CancellationToken, Task<Guid?>> BusinessKeyHolder { get; } = EF.CompileAsyncQuery(
        (WorkflowDbContext db, string lockValue, CancellationToken _) => db.Instances.Where(i => i.BusinessKeyLock == lockValue).Select(i => (Guid?)i.Id).FirstOrDefault());
}
