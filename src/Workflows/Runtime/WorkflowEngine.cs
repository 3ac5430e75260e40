using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.History;
using Zzut.Workflows.Model;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Timing;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// The engine. Every state change runs as a step: a fresh scope and database context, the instance loaded, the change
/// carried out in memory, then one SaveChanges (one transaction). A step that loses an optimistic-concurrency race is
/// run again on fresh state, where its own preconditions (task still open, timer still armed) decide again.
/// </summary>
internal sealed partial class WorkflowEngine(
    IServiceScopeFactory scopes,
    TimeProvider time,
    DefinitionCache cache,
    BpmnCompiler compiler,
    IActivityRegistry activities,
    IExpressionEvaluator expressions,
    IWorkScheduler scheduler,
    IEnumerable<IUserTaskListener> taskListeners,
    IStepPipeline pipeline,
    IPipelineWrites writes,
    TimerDispatcher dispatcher,
    StepTimings timings,
    IOptions<WorkflowEngineOptions> options,
    ILogger<WorkflowEngine> logger,
    IEnumerable<IStepPreparation> stepPreparations) : IWorkflowEngine, IDefinitionFolderDeployer
{
    private readonly IReadOnlyList<IUserTaskListener> listeners = [.. taskListeners];
    private readonly IReadOnlyList<IStepPreparation> preparations = [.. stepPreparations];
    private readonly IExpressionEvaluator stepExpressions = new TimedExpressionEvaluator(expressions, timings);

    // ---- definitions ----

    public async Task<DeploymentResult> DeployAsync(string xml, string? actor = null, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(xml);
        var model = compiler.Compile(normalized, options.Value.MaxDefinitionCharacters);
        var hash = HashOf(normalized);
        return await RunStepAsync(async (db, _) =>
        {
            var latest = await db.Definitions.Where(d => d.Key == model.Id).OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
            if (latest is not null && latest.Hash == hash)
            {
                return Outcome(ToResult(latest, created: false), save: false);
            }

            await EnsureCalledDefinitionsExistAsync(db, model, (latest?.Version ?? 0) + 1, cancellationToken);
            var now = time.GetUtcNow();
            var record = new DefinitionRecord
            {
                Id = Guid.CreateVersion7(now),
                Key = model.Id,
                Version = (latest?.Version ?? 0) + 1,
                Name = model.Name,
                Hash = hash,
                Xml = normalized,
                DeployedAt = now,
                DeployedBy = actor,
            };
            db.Definitions.Add(record);
            cache.Add(record.Id, model);

            // Start timers belong to the latest version only.
            var replaced = await db.Timers.Where(t => t.InstanceId == null && t.DefinitionKey == model.Id && t.Status == TimerStatus.Armed).ToListAsync(cancellationToken);
            foreach (var timer in replaced)
            {
                timer.Status = TimerStatus.Cancelled;
                timer.Revision++;
            }

            foreach (var start in model.StartEvents.Where(s => s.Trigger is TimerTrigger))
            {
                var (due, cycle) = TimerMath.Resolve((TimerTrigger)start.Trigger!, now, text => ExpressionTemplate.Parse(text).Evaluate(expressions, new Dictionary<string, JsonNode?>()));
                var timer = new TimerRecord
                {
                    Id = Guid.CreateVersion7(now),
                    DefinitionId = record.Id,
                    DefinitionKey = record.Key,
                    ElementId = start.Id,
                    DueAt = due,
                    Cycle = cycle,
                    Status = TimerStatus.Armed,
                    CreatedAt = now,
                };
                db.Timers.Add(timer);
            }

            await AppendDefinitionHistoryAsync(db, record, actor, cancellationToken);
            EngineLog.Deployed(logger, record.Key, record.Version, hash);
            return Outcome(ToResult(record, created: true));
        }, cancellationToken);
    }

    /// <summary>Every call activity must call a deployed definition (the version it binds, if any); the model itself counts as its next version.</summary>
    private static async Task EnsureCalledDefinitionsExistAsync(WorkflowDbContext db, ProcessModel model, int nextVersion, CancellationToken cancellationToken)
    {
        var errors = new List<BpmnError>();
        foreach (var call in model.Nodes.OfType<CallActivity>().OrderBy(c => c.Line))
        {
            var version = call.Binding == CalledElementBinding.Version ? call.CalledElementVersion : null;
            var exists = call.CalledElement == model.Id
                ? version is null || version <= nextVersion
                : await db.Definitions.AsNoTracking().AnyAsync(d => d.Key == call.CalledElement && (version == null || d.Version == version), cancellationToken);
            if (!exists)
            {
                errors.Add(new BpmnError(call.Id, call.Line, version is null
                    ? $"被调用的流程 '{call.CalledElement}' 尚未部署 (calledElement '{call.CalledElement}' is not deployed; deploy it first)."
                    : $"被调用的流程 '{call.CalledElement}' 没有第 {version} 版 (calledElement '{call.CalledElement}' has no version {version})."));
            }
        }

        if (errors.Count > 0)
        {
            throw new BpmnValidationException(errors);
        }
    }

    public async Task<IReadOnlyList<DeploymentResult>> DeployFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var results = new List<DeploymentResult>();
        if (!Directory.Exists(folder))
        {
            EngineLog.NoDefinitionsFolder(logger, folder);
            return results;
        }

        var files = new List<(string File, string Xml, ProcessModel Model)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.bpmn").Order(StringComparer.Ordinal))
        {
            var xml = Normalize(await File.ReadAllTextAsync(file, cancellationToken));
            files.Add((file, xml, WithFileName(file, () => compiler.Compile(xml, options.Value.MaxDefinitionCharacters))));
        }

        // A definition that others call is deployed before them, so their call activities find it.
        foreach (var (file, xml, model) in CalledFirst(files))
        {
            var hash = HashOf(xml);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var existing = await db.Definitions.AsNoTracking().Where(d => d.Key == model.Id && d.Hash == hash).FirstOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                // This content is already a version; an administrator may have deployed newer ones since, which stay latest.
                results.Add(ToResult(existing, created: false));
                continue;
            }

            results.Add(await WithFileName(file, () => DeployAsync(xml, "system:definitions-folder", cancellationToken)));
        }

        return results;
    }

    private static T WithFileName<T>(string file, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (BpmnValidationException ex)
        {
            throw new BpmnValidationException([.. ex.Errors.Select(e => e with { Message = $"{Path.GetFileName(file)}: {e.Message}" })]);
        }
    }

    private static async Task<T> WithFileName<T>(string file, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (BpmnValidationException ex)
        {
            throw new BpmnValidationException([.. ex.Errors.Select(e => e with { Message = $"{Path.GetFileName(file)}: {e.Message}" })]);
        }
    }

    /// <summary>The files in an order where a definition comes after those it calls (file order otherwise; a cycle keeps file order).</summary>
    private static List<(string File, string Xml, ProcessModel Model)> CalledFirst(List<(string File, string Xml, ProcessModel Model)> files)
    {
        var byKey = files.GroupBy(f => f.Model.Id).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var ordered = new List<(string File, string Xml, ProcessModel Model)>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string key)
        {
            if (done.Contains(key) || !visiting.Add(key))
            {
                return;
            }

            foreach (var called in byKey[key].SelectMany(f => f.Model.Nodes.OfType<CallActivity>()).Select(c => c.CalledElement).Where(byKey.ContainsKey))
            {
                Visit(called);
            }

            done.Add(key);
            ordered.AddRange(byKey[key]);
        }

        foreach (var file in files)
        {
            Visit(file.Model.Id);
        }

        return ordered;
    }

    public async Task<IReadOnlyList<DefinitionSummary>> ListDefinitionsAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var rows = await db.Definitions.AsNoTracking().Select(d => new { d.Key, d.Version, d.Name }).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.Key)
            .Select(g => g.MaxBy(r => r.Version)!)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new DefinitionSummary(r.Key, r.Name, r.Version))];
    }

    public async Task<IReadOnlyList<DefinitionVersionInfo>> ListVersionsAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await db.Definitions.AsNoTracking().Where(d => d.Key == key).OrderBy(d => d.Version)
            .Select(d => new DefinitionVersionInfo(d.Version, d.Hash, d.DeployedAt)).ToListAsync(cancellationToken);
    }

    public async Task<string?> GetDefinitionXmlAsync(string key, int version, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await db.Definitions.AsNoTracking().Where(d => d.Key == key && d.Version == version).Select(d => d.Xml).FirstOrDefaultAsync(cancellationToken);
    }

    // ---- instances ----

    public async Task<InstanceView> StartAsync(StartInstanceRequest request, CancellationToken cancellationToken = default)
    {
        if (request.BusinessKey is { Length: > 400 })
        {
            throw new WorkflowArgumentException("The business key is longer than 400 characters.");
        }

        return await RunStepAsync(async (db, services) =>
        {
            var definition = await FindVersionAsync(db, request.DefinitionKey, request.Version, cancellationToken);
            if (definition is null)
            {
                throw new WorkflowNotFoundException(request.Version is null
                    ? $"No definition with key '{request.DefinitionKey}' is deployed."
                    : $"Definition '{request.DefinitionKey}' has no version {request.Version}.");
            }

            var model = cache.GetModel(definition);
            var start = model.NoneStart ?? throw new WorkflowArgumentException(
                $"Definition '{definition.Key}' has no none start event; it starts by message or timer only.");
            await EnsureBusinessKeyFreeAsync(db, definition.Key, request.BusinessKey, cancellationToken);
            var execution = InstanceExecution.CreateNew(services, db, definition, model, request.BusinessKey, request.Variables, request.Actor);
            execution.Start(start);
            return await FinishAsync(execution, cancellationToken);
        }, cancellationToken, businessKey: (request.DefinitionKey, request.BusinessKey));
    }

    public async Task<DefinitionStarters?> GetStartersAsync(string key, int? version = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var definition = await FindVersionAsync(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), key, version, cancellationToken);
        if (definition is null)
        {
            return null;
        }

        var model = cache.GetModel(definition);
        return new DefinitionStarters(definition.Version, model.CandidateStarterGroups, model.CandidateStarterUsers, model.NoneStart?.FormRef, model.StartableByPeople);
    }

    public async Task<bool> IsParticipantAsync(Guid instanceId, string userName, IReadOnlyCollection<string> groups, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        if (await db.Instances.AnyAsync(i => i.Id == instanceId && i.StartedBy == userName, cancellationToken))
        {
            return true;
        }

        var tasks = db.UserTasks.AsNoTracking().Where(t => t.InstanceId == instanceId);
        return await tasks.Where(t => t.CompletedBy == userName).AnyAsync(cancellationToken)
            || await tasks.Where(VisibleTo(db, new TaskAudience(userName, groups))).AnyAsync(cancellationToken);
    }

    /// <summary>
    /// The tasks a person may see, as a correlated database predicate (assigned to them, or naming them or one of their
    /// groups in <c>task_candidates</c>): for a few tasks already found another way, such as one instance's.
    /// </summary>
    private static System.Linq.Expressions.Expression<Func<UserTaskRecord, bool>> VisibleTo(WorkflowDbContext db, TaskAudience audience)
    {
        var user = audience.UserName;
        var keys = audience.CandidateKeys();
        return t => t.Assignee == user || db.TaskCandidates.Any(c => c.TaskId == t.Id && keys.Contains(c.Candidate));
    }

    /// <summary>The ids of the tasks with any of <paramref name="keys"/> among their candidates (an index range of <c>task_candidates</c>).</summary>
    internal static IQueryable<Guid> CandidateTaskIds(WorkflowDbContext db, IReadOnlyCollection<string> keys, bool openOnly)
    {
        var candidates = db.TaskCandidates.Where(c => keys.Contains(c.Candidate));
        if (!openOnly)
        {
            return candidates.Select(c => c.TaskId);
        }

        // Compared with a parameter ("Open" = @open), not tested bare as EF Core writes a boolean compared with true
        // ("Open"): SQLite uses only an equality on the index's second column, and with a bare test it read every
        // candidate row of the keys, the closed ones of every task ever ended included (measured 2026-12-04 on bench
        // http-review: 24,000 virtual machine steps per task list, against about 40 for the other queries of a step).
        return candidates.Where(c => c.Open == EF.Parameter(true)).Select(c => c.TaskId);
    }

    /// <summary>
    /// The ids of the tasks naming a person or one of their groups as candidates and, when <paramref name="assigned"/>,
    /// of the tasks assigned to them: an index range of <c>task_candidates</c> (and of the assignee), for lists, where
    /// a predicate tested on every task would scan them all. <paramref name="openOnly"/> keeps the open tasks only.
    /// </summary>
    private static IQueryable<Guid> AudienceTaskIds(WorkflowDbContext db, TaskAudience audience, bool assigned, bool openOnly)
    {
        var ids = CandidateTaskIds(db, audience.CandidateKeys(), openOnly);
        if (!assigned)
        {
            return ids;
        }

        var user = audience.UserName;
        var held = db.UserTasks.Where(t => t.Assignee == user);
        if (openOnly)
        {
            held = held.Where(t => t.Status == UserTaskStatus.Open);
        }

        return ids.Concat(held.Select(t => t.Id));
    }

    public async Task<InstanceView?> GetInstanceAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var instance = await db.Instances.AsNoTracking().Include(i => i.Tokens).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var incidents = await db.Incidents.AsNoTracking().Where(x => x.InstanceId == id).OrderBy(x => x.CreatedAt).ToListAsync(cancellationToken);
        var called = await db.Instances.AsNoTracking().Where(i => i.ParentInstanceId == id).OrderBy(i => i.StartedAt)
            .Select(i => new CalledInstanceView(i.Id, i.ParentElementId ?? string.Empty, i.DefinitionKey, i.DefinitionVersion, i.Status)).ToListAsync(cancellationToken);
        return ToView(instance, incidents) with { CalledInstances = called };
    }

    public Task<InstanceView> CancelAsync(Guid id, string? actor = null, CancellationToken cancellationToken = default) =>
        RunStepAsync(async (db, services) =>
        {
            var execution = await LoadAsync(services, db, id, actor, cancellationToken);
            if (!InstanceStatus.IsRunning(execution.Instance.Status))
            {
                throw new WorkflowConflictException($"Instance {id} has already ended ({execution.Instance.Status}).");
            }

            if (execution.Instance.ParentInstanceId is { } parentId)
            {
                throw new WorkflowConflictException($"实例 {id} 由上级实例 {parentId} 的调用活动启动，请取消上级实例 (instance {id} was started by a call activity of instance {parentId}; cancel that instance, which cancels this one).");
            }

            execution.Cancel();
            return await FinishAsync(execution, cancellationToken);
        }, cancellationToken);

    public Task<InstanceView> SetVariablesAsync(Guid id, JsonObject variables, string? actor = null, CancellationToken cancellationToken = default) =>
        RunStepAsync(async (db, services) =>
        {
            var execution = await LoadAsync(services, db, id, actor, cancellationToken);
            if (!InstanceStatus.IsRunning(execution.Instance.Status))
            {
                throw new WorkflowConflictException($"Instance {id} has already ended ({execution.Instance.Status}).");
            }

            execution.SetVariables(variables);
            return await FinishAsync(execution, cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<HistoryEntryView>?> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, cancellationToken))
        {
            return null;
        }

        var stream = HistoryChain.InstanceStream(instanceId);
        var rows = await db.History.AsNoTracking().Where(h => h.Stream == stream).OrderBy(h => h.Sequence).ToListAsync(cancellationToken);
        return [.. rows.Select(h => new HistoryEntryView(h.Sequence, h.Timestamp, h.Type, h.ElementId, h.Actor, h.DataJson is null ? null : JsonNode.Parse(h.DataJson), h.Hash))];
    }

    public async Task<HistoryVerification?> VerifyHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var head = await db.Instances.AsNoTracking().Where(i => i.Id == instanceId)
            .Select(i => new { i.HistorySequence, i.LastHistoryHash }).SingleOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return null;
        }

        var stream = HistoryChain.InstanceStream(instanceId);
        var rows = await db.History.AsNoTracking().Where(h => h.Stream == stream).OrderBy(h => h.Sequence).ToListAsync(cancellationToken);
        return HistoryChain.Verify(rows, head.HistorySequence, head.LastHistoryHash);
    }

    // ---- tasks ----

    public Task<TaskView> SetTaskAssigneeAsync(Guid taskId, TaskAssignment change, string? assignee, string? actor = null, CancellationToken cancellationToken = default) =>
        RunStepAsync(async (db, services) =>
        {
            var (execution, task) = await LoadOpenTaskAsync(services, db, taskId, actor, cancellationToken);
            if (change == TaskAssignment.Claim && task.Assignee is { } holder && holder != assignee)
            {
                throw new WorkflowConflictException($"Task {taskId} is already claimed by {holder}.");
            }

            execution.SetAssignee(task, assignee, change switch
            {
                TaskAssignment.Claim => "task.claimed",
                TaskAssignment.Unclaim => "task.unclaimed",
                _ => "task.assigned",
            });
            await FinishAsync(execution, cancellationToken);
            return Outcome(ToView(task));
        }, cancellationToken);

    /// <summary>The open task and its instance, loaded for a step that acts on it: not found, or a conflict when it is no longer open.</summary>
    private async Task<(InstanceExecution Execution, UserTaskRecord Task)> LoadOpenTaskAsync(EngineServices services, WorkflowDbContext db, Guid taskId, string? actor, CancellationToken cancellationToken)
    {
        // The instance is found through the task (no query of its own); the task's status is read only when it is not open.
        var execution = await InstanceExecution.LoadByTaskAsync(services, db, taskId, actor, cancellationToken)
            ?? throw new WorkflowNotFoundException($"Task {taskId} does not exist.");
        if (execution.OpenTasks.SingleOrDefault(t => t.Id == taskId) is { } task)
        {
            return (execution, task);
        }

        var status = await db.UserTasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => t.Status).SingleOrDefaultAsync(cancellationToken);
        throw new WorkflowConflictException($"Task {taskId} is not open; it is {status}.");
    }

    public async Task<TaskView?> GetTaskAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var found = await db.UserTasks.AsNoTracking().Where(t => t.Id == id)
            .Join(db.Instances, t => t.InstanceId, i => i.Id, (t, i) => new { Task = t, i.Title, i.UnitCode })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : ToView(found.Task) with { Title = found.Title, UnitCode = found.UnitCode };
    }

    public Task<InstanceView> CompleteTaskAsync(Guid taskId, JsonObject? variables, string? actor = null, CancellationToken cancellationToken = default) =>
        RunStepAsync(async (db, services) =>
        {
            var (execution, task) = await LoadOpenTaskAsync(services, db, taskId, actor, cancellationToken);
            execution.CompleteTask(task, variables);
            return await FinishAsync(execution, cancellationToken);
        }, cancellationToken);

    // ---- messages and timers ----

    public async Task<IReadOnlyList<Guid>> CorrelateMessageAsync(string name, string? businessKey, JsonObject? variables, CancellationToken cancellationToken = default)
    {
        List<Guid> waiting;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            waiting = await db.MessageSubscriptions.AsNoTracking()
                .Where(s => s.MessageName == name && (businessKey == null || s.BusinessKey == businessKey))
                .Select(s => s.InstanceId).Distinct().ToListAsync(cancellationToken);
        }

        var reached = new List<Guid>();
        foreach (var instanceId in waiting)
        {
            var delivered = await RunStepAsync(async (db, services) =>
            {
                var execution = await InstanceExecution.LoadAsync(services, db, instanceId, null, cancellationToken);
                var subscription = execution?.Subscriptions.Where(s => s.MessageName == name).OrderBy(s => s.CreatedAt).FirstOrDefault();
                if (execution is null || subscription is null)
                {
                    return Outcome(false, save: false);
                }

                execution.DeliverMessage(subscription, variables);
                await FinishAsync(execution, cancellationToken);
                return Outcome(true);
            }, cancellationToken);
            if (delivered)
            {
                reached.Add(instanceId);
            }
        }

        if (reached.Count > 0)
        {
            return reached;
        }

        return await StartByMessageAsync(name, businessKey, variables, cancellationToken);
    }

    public async Task<ExternalTaskOutcome> RunExternalTaskAsync(Guid externalTaskId, CancellationToken cancellationToken = default)
    {
        // 1. Claim the attempt in a step of its own (compare-and-set on the row's revision), so that two workers never
        //    run one attempt. Being a step, it first brings in the reference data other hosts have committed (forms,
        //    calendar), which the activity reads too; a failure there costs no attempt and leaves nothing claimed. And it
        //    goes through the step pipeline: on SQLite a write beside the group-commit writer would queue on the
        //    database's lock behind every batch (ADR 0022).
        ExternalClaim? claim;
        try
        {
            claim = await ClaimExternalTaskAsync(externalTaskId, cancellationToken);
        }
        catch (WorkflowConflictException)
        {
            return ExternalTaskOutcome.Skipped; // Others kept winning the row: one of them runs this attempt.
        }

        if (claim is null)
        {
            return ExternalTaskOutcome.Skipped;
        }

        var (task, instance, exhausted) = claim;

        // 2. Run the activity outside any step (on the reference data prepared before the claim).
        var definition = await FindDefinitionAsync(instance.DefinitionId, cancellationToken);
        var node = cache.GetModel(definition).GetNode(task.ElementId);
        Exception? failure = null;
        ActivityContext context;
        await using (var scope = scopes.CreateAsyncScope())
        {
            context = new ActivityContext(
                instance.Id, instance.DefinitionKey, instance.DefinitionVersion, instance.BusinessKey, task.ElementId,
                InstanceExecution.ToDictionary(JsonNode.Parse(task.InputsJson)?.AsObject() ?? []),
                InstanceExecution.ToDictionary(JsonNode.Parse(instance.VariablesJson)?.AsObject() ?? []),
                node.Properties, time.GetUtcNow(), scope.ServiceProvider);
            try
            {
                if (exhausted)
                {
                    EngineLog.ExternalTaskPoisoned(logger, task.Topic, task.Id, task.Attempts);
                    throw new InvalidOperationException($"调用 {task.Attempts} 次均未完成，进程在调用中停止；不再自动重试 (the call was attempted {task.Attempts} times and the process stopped while running it)");
                }

                var activity = activities.Find(task.Topic) ?? throw new InvalidOperationException($"No activity is registered for topic '{task.Topic}'.");
                await activity.ExecuteAsync(context, cancellationToken);
                context.EnsureOutputsDeclared(activity);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
                EngineLog.ExternalTaskFailed(logger, ex, task.Topic, task.Id, task.Attempts);
            }
        }

        // 3. Record the outcome in a step of its own.
        var attempts = Math.Max(1, options.Value.ExternalTaskAttempts);
        return await RunStepAsync(async (db, services) =>
        {
            var execution = await InstanceExecution.LoadAsync(services, db, instance.Id, "system:external", cancellationToken);
            var current = execution?.ExternalTasks.SingleOrDefault(x => x.Id == task.Id && x.Status == ExternalTaskStatus.Running);
            if (execution is null || current is null)
            {
                return Outcome(ExternalTaskOutcome.Skipped, save: false); // Its token ended meanwhile; the result is not wanted.
            }

            if (failure is null)
            {
                execution.CompleteExternalTask(current, context.Outputs);
                await FinishAsync(execution, cancellationToken);
                return Outcome(ExternalTaskOutcome.Completed);
            }

            if (current.Attempts < attempts && failure is not UndeclaredOutputsException)
            {
                var backoff = Backoff.Exponential(options.Value.ExternalTaskBackoff, current.Attempts);
                current.Status = ExternalTaskStatus.Pending;
                current.DueAt = services.Time.GetUtcNow() + backoff;
                current.LastError = failure.Message;
                current.Revision++;
                return Outcome(ExternalTaskOutcome.Retrying);
            }

            execution.FailExternalTask(current, failure.Message);
            await FinishAsync(execution, cancellationToken);
            return Outcome(ExternalTaskOutcome.Failed);
        }, cancellationToken);
    }

    /// <summary>The claim of a call's attempt, a step: null when the call is not pending and due (another worker has it, or it ended).</summary>
    private Task<ExternalClaim?> ClaimExternalTaskAsync(Guid externalTaskId, CancellationToken cancellationToken) =>
        RunStepAsync(async (db, services) =>
        {
            var now = services.Time.GetUtcNow();
            var found = await db.ExternalTasks.SingleOrDefaultAsync(x => x.Id == externalTaskId, cancellationToken);
            if (found is null || found.Status != ExternalTaskStatus.Pending || found.DueAt > now)
            {
                return Outcome<ExternalClaim?>(null, save: false);
            }

            // The attempt is counted (committed) before the call runs. A call whose attempts are used up while it is
            // pending again was released after its host died mid-call: it is not run again but fails below.
            var exhausted = found.Attempts >= Math.Max(1, options.Value.ExternalTaskAttempts);
            found.Status = ExternalTaskStatus.Running;
            if (!exhausted)
            {
                found.Attempts++;
            }

            found.DueAt = now;
            found.Revision++;
            var owner = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == found.InstanceId, cancellationToken);
            return Outcome<ExternalClaim?>(new ExternalClaim(found, owner, exhausted));
        }, cancellationToken);

    public async Task<int> RunDueExternalTasksAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var stuckBefore = now - options.Value.ExternalTaskTimeout;
            await db.ExternalTasks.Where(x => x.Status == ExternalTaskStatus.Running && x.DueAt < stuckBefore)
                .ExecuteUpdateAsync(set => set.SetProperty(x => x.Status, ExternalTaskStatus.Pending).SetProperty(x => x.Revision, x => x.Revision + 1), cancellationToken);
            due = await db.ExternalTasks.AsNoTracking().Where(x => x.Status == ExternalTaskStatus.Pending && x.DueAt <= now)
                .OrderBy(x => x.DueAt).Select(x => x.Id).Take(1000).ToListAsync(cancellationToken);
        }

        var ran = 0;
        foreach (var id in due)
        {
            if (await RunExternalTaskAsync(id, cancellationToken) != ExternalTaskOutcome.Skipped)
            {
                ran++;
            }
        }

        return ran;
    }

    public async Task<IReadOnlyList<TimerView>> QueryTimersAsync(Guid? instanceId = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var timers = db.Timers.AsNoTracking().Where(t => t.Status == TimerStatus.Armed);
        if (instanceId is not null)
        {
            timers = timers.Where(t => t.InstanceId == instanceId);
        }

        var found = await timers.OrderBy(t => t.DueAt).Take(5000).ToListAsync(cancellationToken);
        return [.. found.Select(t => new TimerView(t.Id, t.InstanceId, t.DefinitionKey, t.ElementId, t.DueAt, "armed", t.FiredCount))];
    }

    public Task<InstanceView> RetryIncidentAsync(Guid instanceId, Guid incidentId, string? actor = null, CancellationToken cancellationToken = default) =>
        RunStepAsync(async (db, services) =>
        {
            var execution = await LoadAsync(services, db, instanceId, actor, cancellationToken);
            var incident = execution.OpenIncidents.SingleOrDefault(x => x.Id == incidentId);
            if (incident is null)
            {
                var exists = await db.Incidents.AnyAsync(x => x.Id == incidentId && x.InstanceId == instanceId, cancellationToken);
                throw exists
                    ? new WorkflowConflictException($"Incident {incidentId} is already resolved.")
                    : new WorkflowNotFoundException($"Instance {instanceId} has no incident {incidentId}.");
            }

            if (incident.RetryAction == InstanceExecution.RetryCalled)
            {
                throw new WorkflowConflictException($"该故障来自被调用的实例 {incident.CalledInstanceId}，请在该实例上重试 (incident {incidentId} stands for the incidents of called instance {incident.CalledInstanceId}; retry them there).");
            }

            if (incident.RetryAction == InstanceExecution.RetryTimer)
            {
                await RearmFailedTimerAsync(db, execution, incident, cancellationToken);
            }

            execution.RetryIncident(incident);
            return await FinishAsync(execution, cancellationToken);
        }, cancellationToken);

    // ---- internals ----

    private async Task<StepOutcome<bool>> FireStartTimerAsync(WorkflowDbContext db, EngineServices services, TimerRecord timer, CancellationToken cancellationToken)
    {
        var definition = await cache.FindAsync(db, timer.DefinitionId, cancellationToken)
            ?? throw new InvalidOperationException($"Timer {timer.Id} refers to definition {timer.DefinitionId}, which does not exist.");
        var model = cache.GetModel(definition);
        var start = (StartEvent)model.GetNode(timer.ElementId);
        var execution = InstanceExecution.CreateNew(services, db, definition, model, null, null, "system:timer");
        execution.Start(start);
        await FinishAsync(execution, cancellationToken);

        timer.FiredCount++;
        timer.FiredAt = services.Time.GetUtcNow();
        timer.Revision++;
        var next = timer.Cycle is null ? null : TimerCycle.Parse(timer.Cycle).NextDue(timer.DueAt, timer.FiredCount);
        if (next is { } due)
        {
            timer.DueAt = due;
        }
        else
        {
            timer.Status = TimerStatus.Fired;
        }

        EngineLog.StartTimerFired(logger, timer.Id, definition.Key, execution.Instance.Id);
        return Outcome(true);
    }

    private async Task<IReadOnlyList<Guid>> StartByMessageAsync(string name, string? businessKey, JsonObject? variables, CancellationToken cancellationToken)
    {
        List<DefinitionRecord> latest;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            latest = [.. (await db.Definitions.AsNoTracking().ToListAsync(cancellationToken)).GroupBy(d => d.Key).Select(g => g.MaxBy(d => d.Version)!)];
        }

        var started = new List<Guid>();
        foreach (var definition in latest)
        {
            var start = cache.GetModel(definition).StartEvents.FirstOrDefault(s => s.Trigger is MessageTrigger m && m.MessageName == name);
            if (start is null)
            {
                continue;
            }

            var view = await RunStepAsync(async (db, services) =>
            {
                await EnsureBusinessKeyFreeAsync(db, definition.Key, businessKey, cancellationToken);
                    var execution = InstanceExecution.CreateNew(services, db, definition, cache.GetModel(definition), businessKey, variables, null);
                execution.Start(start);
                return await FinishAsync(execution, cancellationToken);
            }, cancellationToken, businessKey: (definition.Key, businessKey));
            started.Add(view.Id);
        }

        return started;
    }

    private async Task<DefinitionRecord> FindDefinitionAsync(Guid definitionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await cache.FindAsync(db, definitionId, cancellationToken)
            ?? throw new InvalidOperationException($"Definition {definitionId} does not exist.");
    }

    private static async Task EnsureBusinessKeyFreeAsync(WorkflowDbContext db, string definitionKey, string? businessKey, CancellationToken cancellationToken)
    {
        if (businessKey is null)
        {
            return;
        }

        var lockValue = InstanceExecution.LockFor(definitionKey, businessKey);
        var holder = await PerModel.Queries<StartQueries>(db).BusinessKeyHolder(db, lockValue, cancellationToken);
        if (holder is not null)
        {
            throw new WorkflowConflictException($"Instance {holder} of '{definitionKey}' is still running with business key '{businessKey}'.", holder);
        }
    }

    private static async Task<InstanceExecution> LoadAsync(EngineServices services, WorkflowDbContext db, Guid id, string? actor, CancellationToken cancellationToken) =>
        await InstanceExecution.LoadAsync(services, db, id, actor, cancellationToken)
            ?? throw new WorkflowNotFoundException($"Instance {id} does not exist.");

    private static async Task<StepOutcome<InstanceView>> FinishAsync(InstanceExecution execution, CancellationToken cancellationToken)
    {
        await execution.Services.Instances.RunAsync(cancellationToken);
        var incidents = execution.OpenIncidents.ToList();
        return new StepOutcome<InstanceView>(ToView(execution.Instance, incidents), Save: true);
    }

    private static StepOutcome<T> Outcome<T>(T result, bool save = true) => new(result, save);

    /// <summary>Runs the <see cref="IStepPreparation"/>s: before a step computes, and before an external activity runs.</summary>
    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (var preparation in preparations)
        {
            await preparation.PrepareAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Runs a step with a fresh scope per attempt: computes it in memory, hands it to the <see cref="IStepPipeline"/>, and
    /// once it has committed hands its background work to the scheduler. A step that lost an optimistic-concurrency race
    /// (or whose batch could not commit) runs again on fresh state.
    /// </summary>
    private async Task<T> RunStepAsync<T>(
        Func<WorkflowDbContext, EngineServices, Task<StepOutcome<T>>> step,
        CancellationToken cancellationToken,
        (string DefinitionKey, string? BusinessKey)? businessKey = null,
        int? attempts = null)
    {
        var retries = attempts ?? Math.Max(1, options.Value.ConcurrencyRetries);
        await PrepareAsync(cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var services = new EngineServices(time, cache, activities, stepExpressions, listeners, scope.ServiceProvider) { Timings = timings };
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var connection = await StepConnection.OpenAsync(db, cancellationToken);
            var outcome = await step(db, services);
            await connection.EndReadsAsync();
            timings.Add(StepPhase.Execute, started);
            if (!outcome.Save)
            {
                return outcome.Result;
            }

            ScheduledWork work;
            try
            {
                work = await pipeline.CommitAsync(new StepWrite(db, [.. scope.ServiceProvider.GetServices<IStepParticipant>()]) { History = services.History }, cancellationToken);
            }
            catch (Exception ex) when (ex is DbUpdateConcurrencyException or StepNotCommittedException && attempt < retries)
            {
                EngineLog.ConcurrencyRetry(logger, attempt);
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
                continue;
            }
            catch (Exception ex) when (ex is DbUpdateConcurrencyException or StepNotCommittedException)
            {
                throw new WorkflowConflictException($"The change lost {retries} races with concurrent changes; try again.", null, ex);
            }
            catch (DbUpdateException) when (businessKey is { BusinessKey: not null } key)
            {
                // A concurrent start took the business key between our check and our insert.
                await using var checkScope = scopes.CreateAsyncScope();
                await EnsureBusinessKeyFreeAsync(checkScope.ServiceProvider.GetRequiredService<WorkflowDbContext>(), key.DefinitionKey, key.BusinessKey, cancellationToken);
                throw;
            }
            catch (DbUpdateException) when (attempt < retries && typeof(T) == typeof(DeploymentResult))
            {
                continue; // A concurrent deployment took the version number: recompute it.
            }

            timings.CountStep();
            dispatcher.Offer(work.Timers);
            if (!work.IsEmpty)
            {
                var scheduling = System.Diagnostics.Stopwatch.GetTimestamp();
                await scheduler.ScheduleAsync(work, cancellationToken);
                timings.Add(StepPhase.Schedule, scheduling);
            }

            return outcome.Result;
        }
    }

    private static async Task AppendDefinitionHistoryAsync(WorkflowDbContext db, DefinitionRecord record, string? actor, CancellationToken cancellationToken)
    {
        var stream = "definition:" + record.Key;
        var last = await db.History.AsNoTracking().Where(h => h.Stream == stream).OrderByDescending(h => h.Sequence)
            .Select(h => new { h.Sequence, h.Hash }).FirstOrDefaultAsync(cancellationToken);
        var row = HistoryChain.NextRow(
            stream, last?.Sequence ?? 0, last?.Hash, record.DeployedAt, "definition.deployed", actor: actor,
            dataJson: new JsonObject { ["key"] = record.Key, ["version"] = record.Version, ["hash"] = record.Hash }.ToJsonString());
        db.History.Add(row);
    }

    private static string Normalize(string xml) => xml.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string HashOf(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));

    private static DeploymentResult ToResult(DefinitionRecord d, bool created) => new(d.Id, d.Key, d.Version, d.Name, d.Hash, d.DeployedAt, created);

    private static InstanceView ToView(InstanceRecord i, IReadOnlyList<IncidentRecord> incidents) => new(
        i.Id,
        i.DefinitionKey,
        i.DefinitionVersion,
        i.Status,
        i.BusinessKey,
        [.. i.Tokens.Select(t => t.ElementId).Distinct().Order(StringComparer.Ordinal)],
        JsonNode.Parse(i.VariablesJson)?.AsObject() ?? [],
        i.StartedAt,
        i.EndedAt,
        [.. incidents.Select(x => new IncidentView(x.Id, x.ElementId, x.Message, x.Status, x.CreatedAt, x.ResolvedAt) { CalledInstanceId = x.CalledInstanceId })])
    {
        ParentInstanceId = i.ParentInstanceId,
        ParentElementId = i.ParentElementId,
        Title = i.Title,
        UnitCode = i.UnitCode,
        StartedBy = i.StartedBy,
    };

    private static TaskView ToView(UserTaskRecord t) => new(
        t.Id,
        t.InstanceId,
        t.ElementId,
        t.Name,
        t.Assignee,
        BpmnReader.SplitList(t.CandidateGroups),
        t.DueAt,
        t.FollowUpAt,
        t.Priority,
        t.FormRef,
        t.Status,
        t.CreatedAt,
        t.CompletedAt,
        t.CompletedBy,
        t.DefinitionKey,
        t.BusinessKey)
    {
        CandidateUsers = BpmnReader.SplitList(t.CandidateUsers),
    };

    private sealed record StepOutcome<T>(T Result, bool Save);

    /// <summary>An external call's attempt, claimed: the row, its instance, and whether its attempts were used up.</summary>
    private sealed record ExternalClaim(ExternalTaskRecord Task, InstanceRecord Instance, bool Exhausted);
}

/// <summary>Deploys the definitions shipped in a folder.</summary>
public interface IDefinitionFolderDeployer
{
    /// <summary>Deploys every <c>*.bpmn</c> in the folder whose content is not yet a version of its key.</summary>
    /// <exception cref="BpmnValidationException">A file is invalid; the messages name the file.</exception>
    Task<IReadOnlyList<DeploymentResult>> DeployFolderAsync(string folder, CancellationToken cancellationToken = default);
}
