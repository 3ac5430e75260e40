using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.History;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.Sqlite;
using Zzut.Workflows.Runtime.Behaviours;
using Zzut.Workflows.Timing;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// One step of one instance: the loaded state, the token loop, the helpers the element behaviours share (leaving,
/// scopes, waits, incidents, variables, history) and the rows the step writes. What each element does lives in its
/// behaviour (<see cref="Behaviours.IElementBehaviour"/>, chosen by <see cref="BehaviourRegistry"/>). Nothing here
/// saves; the engine saves the whole step in one transaction, or nothing of it.
/// </summary>
internal sealed class InstanceExecution
{
    internal const string IncidentOpen = "open";
    private const string IncidentResolved = "resolved";
    internal const string RetryEnter = "enter";
    private const string RetryLeave = "leave";
    private const string RetryExternal = "external";

    /// <summary>The retry of a timer that failed re-arms it (the engine does, before <see cref="RetryIncident"/>); the token keeps waiting.</summary>
    public const string RetryTimer = "timer";

    /// <summary>An incident on a call activity standing for the called instance's incidents: it is retried there, not here.</summary>
    public const string RetryCalled = "called";

    /// <summary>A call activity's out mappings failed when its called instance ended: the retry maps them again.</summary>
    public const string RetryCallOutputs = "call-outputs";

    private readonly Queue<(TokenRecord Token, FlowNode Node, SequenceFlow? Via)> agenda = new();
    private readonly EngineServices services;
    private readonly WorkflowDbContext db;

    private InstanceExecution(
        EngineServices services,
        WorkflowDbContext db,
        DefinitionRecord definition,
        ProcessModel model,
        InstanceRecord instance,
        JsonObject variables,
        List<UserTaskRecord> openTasks,
        List<TimerRecord> armedTimers,
        List<MessageSubscriptionRecord> subscriptions,
        List<IncidentRecord> openIncidents,
        List<ExternalTaskRecord> externalTasks,
        string? actor)
    {
        this.services = services;
        this.db = db;
        Definition = definition;
        Model = model;
        Instance = instance;
        Variables = variables;
        OpenTasks = openTasks;
        ArmedTimers = armedTimers;
        Subscriptions = subscriptions;
        OpenIncidents = openIncidents;
        ExternalTasks = externalTasks;
        Actor = actor;
        Now = services.Time.GetUtcNow();
    }

    public DefinitionRecord Definition { get; }

    public ProcessModel Model { get; }

    public InstanceRecord Instance { get; }

    public JsonObject Variables { get; }

    public List<UserTaskRecord> OpenTasks { get; }

    public List<TimerRecord> ArmedTimers { get; }

    public List<MessageSubscriptionRecord> Subscriptions { get; }

    public List<IncidentRecord> OpenIncidents { get; }

    /// <summary>External activity calls not yet completed (pending, running or failed).</summary>
    public List<ExternalTaskRecord> ExternalTasks { get; }

    public string? Actor { get; }

    public DateTimeOffset Now { get; }

    public static InstanceExecution CreateNew(EngineServices services, WorkflowDbContext db, DefinitionRecord definition, ProcessModel model, string? businessKey, JsonObject? variables, string? actor)
    {
        var now = services.Time.GetUtcNow();
        var instance = new InstanceRecord
        {
            Id = Guid.CreateVersion7(now),
            DefinitionId = definition.Id,
            DefinitionKey = definition.Key,
            DefinitionVersion = definition.Version,
            BusinessKey = businessKey,
            BusinessKeyLock = businessKey is null ? null : LockFor(definition.Key, businessKey),
            Status = InstanceStatus.Active,
            StartedAt = now,
            StartedBy = actor,
        };
        db.Instances.Add(instance);
        var vars = variables?.DeepClone().AsObject() ?? [];
        var execution = new InstanceExecution(services, db, definition, model, instance, vars, [], [], [], [], [], actor);
        services.Instances.Register(execution);
        return execution;
    }

    public static Task<InstanceExecution?> LoadAsync(EngineServices services, WorkflowDbContext db, Guid instanceId, string? actor, CancellationToken cancellationToken) =>
        ReadAsync(services, db, reads => reads is null ? QueriesOf(db).InstanceById(db, instanceId, cancellationToken) : Task.FromResult(reads.InstanceById(instanceId)), actor, cancellationToken);

    /// <summary>The instance a user task belongs to (whatever the task's status), read in as many queries as <see cref="LoadAsync"/>.</summary>
    public static Task<InstanceExecution?> LoadByTaskAsync(EngineServices services, WorkflowDbContext db, Guid taskId, string? actor, CancellationToken cancellationToken) =>
        ReadAsync(services, db, reads => reads is null ? QueriesOf(db).InstanceByTask(db, taskId, cancellationToken) : Task.FromResult(reads.InstanceByTask(taskId)), actor, cancellationToken);

    /// <summary>
    /// Several instances for one step, read together: one query per kind of row for all of them, instead of one per kind
    /// and instance (<see cref="LoadAsync"/>). Instances that do not exist are left out.
    /// </summary>
    public static async Task<Dictionary<Guid, InstanceExecution>> LoadManyAsync(EngineServices services, WorkflowDbContext db, IReadOnlyCollection<Guid> instanceIds, string? actor, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ids = instanceIds.Distinct().ToList();
        var instances = await BatchLoadQueries.InstancesWithTokens(db, ids).ToListAsync(cancellationToken);
        var read = new List<(InstanceRecord Instance, DefinitionRecord Definition, ProcessModel Model)>(instances.Count);
        foreach (var instance in instances)
        {
            var definition = await services.Definitions.FindAsync(db, instance.DefinitionId, cancellationToken)
                ?? throw new InvalidOperationException($"Instance {instance.Id} refers to definition {instance.DefinitionId}, which does not exist.");
            read.Add((instance, definition, services.Definitions.GetModel(definition)));
        }

        // Each kind of row is read once for the instances whose version can have it (as LoadAsync does for one).
        List<Guid> With(Func<InstanceRowKinds, bool> kind) => [.. read.Where(r => kind(r.Model.RowKinds)).Select(r => r.Instance.Id)];
        var withTasks = With(k => k.UserTasks);
        var withTimers = With(k => k.Timers);
        var withSubscriptions = With(k => k.Subscriptions);
        List<Guid> withCalls = [.. read.Where(r => MayWaitForCalls(r.Model, r.Instance)).Select(r => r.Instance.Id)];
        List<Guid> withIncidents = [.. read.Where(r => r.Instance.Status != InstanceStatus.Active).Select(r => r.Instance.Id)];
        var tasks = withTasks.Count == 0 ? [] : await BatchLoadQueries.OpenTasksOf(db, withTasks).ToListAsync(cancellationToken);
        var timers = withTimers.Count == 0 ? [] : await BatchLoadQueries.ArmedTimersOf(db, withTimers).ToListAsync(cancellationToken);
        var subscriptions = withSubscriptions.Count == 0 ? [] : await BatchLoadQueries.SubscriptionsOf(db, withSubscriptions).ToListAsync(cancellationToken);
        var incidents = withIncidents.Count == 0 ? [] : await BatchLoadQueries.OpenIncidentsOf(db, withIncidents).ToListAsync(cancellationToken);
        var calls = withCalls.Count == 0 ? [] : (await BatchLoadQueries.ExternalTasksOf(db, withCalls).ToListAsync(cancellationToken)).Where(BatchLoadQueries.IsOpen).ToList();

        var tasksOf = tasks.ToLookup(t => t.InstanceId);
        var timersOf = timers.ToLookup(t => t.InstanceId!.Value);
        var subscriptionsOf = subscriptions.ToLookup(x => x.InstanceId);
        var incidentsOf = incidents.ToLookup(x => x.InstanceId);
        var callsOf = calls.ToLookup(x => x.InstanceId);
        var executions = new Dictionary<Guid, InstanceExecution>(read.Count);
        foreach (var (instance, definition, model) in read)
        {
            var variables = JsonNode.Parse(instance.VariablesJson)?.AsObject() ?? [];
            var execution = new InstanceExecution(
                services, db, definition, model, instance, variables,
                [.. tasksOf[instance.Id]], [.. timersOf[instance.Id]], [.. subscriptionsOf[instance.Id]], [.. incidentsOf[instance.Id]], [.. callsOf[instance.Id]], actor);
            services.Instances.Register(execution);
            executions.Add(instance.Id, execution);
        }

        services.Timings?.Add(StepPhase.ReadRows, started);
        return executions;
    }

    private static async Task<InstanceExecution?> ReadAsync(EngineServices services, WorkflowDbContext db, Func<SqliteInstanceReads?, Task<InstanceRecord?>> query, string? actor, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var execution = await ReadRowsAsync(services, db, query, actor, cancellationToken);
        services.Timings?.Add(StepPhase.ReadRows, started);
        return execution;
    }

    /// <summary>
    /// Reads an instance, its tokens and its open rows. On SQLite the instance, its tokens and its open tasks are read by
    /// <see cref="SqliteInstanceReads"/>, the rows few processes have by EF Core's compiled queries.
    /// </summary>
    private static async Task<InstanceExecution?> ReadRowsAsync(EngineServices services, WorkflowDbContext db, Func<SqliteInstanceReads?, Task<InstanceRecord?>> query, string? actor, CancellationToken cancellationToken)
    {
        var reads = SqliteInstanceReads.Of(db);
        if (reads is not null)
        {
            cancellationToken.ThrowIfCancellationRequested(); // the direct reads are synchronous, and take no token
        }

        var instance = await query(reads);
        if (instance is null)
        {
            return null;
        }

        var instanceId = instance.Id;

        var definition = await services.Definitions.FindAsync(db, instance.DefinitionId, cancellationToken)
            ?? throw new InvalidOperationException($"Instance {instanceId} refers to definition {instance.DefinitionId}, which does not exist.");
        var model = services.Definitions.GetModel(definition);
        // Only the kinds of rows this version's elements can create are read: one query fewer per kind it has not.
        var kinds = model.RowKinds;
        var queries = QueriesOf(db);
        var tasks = !kinds.UserTasks ? [] : reads is not null ? reads.OpenTasksOf(instanceId) : await ListAsync(queries.OpenTasksOf(db, instanceId), cancellationToken);
        var timers = kinds.Timers ? await ListAsync(queries.ArmedTimersOf(db, instanceId), cancellationToken) : [];
        var subscriptions = kinds.Subscriptions ? await ListAsync(queries.SubscriptionsOf(db, instanceId), cancellationToken) : [];
        // A running instance without open incidents is "active" (every step ends in Finish, which says so), so only
        // an instance in another status can have open incidents to read.
        var incidents = instance.Status != InstanceStatus.Active ? await ListAsync(queries.OpenIncidentsOf(db, instanceId), cancellationToken) : [];
        var externals = MayWaitForCalls(model, instance) ? await ListAsync(queries.OpenExternalTasksOf(db, instanceId), cancellationToken) : [];
        var variables = JsonNode.Parse(instance.VariablesJson)?.AsObject() ?? [];
        var execution = new InstanceExecution(services, db, definition, model, instance, variables, tasks, timers, subscriptions, incidents, externals, actor);
        services.Instances.Register(execution);
        return execution;
    }

    /// <summary>
    /// Whether the instance can have open external calls, read with its tokens: a call is open only while its token
    /// waits at the call's service or send task (the call completes as the token leaves, and is cancelled when the token
    /// ends: <see cref="CompleteExternalTask"/>, <see cref="DestroyToken"/>). An instance none of whose tokens is at such a task has
    /// none to read; most steps of a process whose service tasks run inside the step (the ledgers, the e-mails) are so.
    /// </summary>
    private static bool MayWaitForCalls(ProcessModel model, InstanceRecord instance) =>
        model.RowKinds.ExternalCalls && instance.Tokens.Any(t => model.FindNode(t.ElementId) is ServiceTask);

    // The queries of a step's load, compiled once per model (PerModel): a step runs them without translating the LINQ
    // tree or looking it up in the query cache.
    private static LoadQueries QueriesOf(WorkflowDbContext db) => PerModel.Queries<LoadQueries>(db);

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }

        return list;
    }

    public static string LockFor(string definitionKey, string businessKey) => definitionKey + "\n" + businessKey;

    // ---- operations: each queues work; RunAsync carries it out ----

    public void Start(StartEvent start)
    {
        var data = new JsonObject
        {
            ["definitionKey"] = Definition.Key,
            ["version"] = Definition.Version,
            ["businessKey"] = Instance.BusinessKey,
            ["variables"] = Variables.DeepClone(),
        };
        if (Instance.ParentInstanceId is { } parentId)
        {
            data["parentInstanceId"] = parentId.ToString();
            data["parentElementId"] = Instance.ParentElementId;
        }

        AddHistory("instance.started", start.Id, data);
        var token = NewToken(start.Id, scopeTokenId: null);
        agenda.Enqueue((token, start, null));
    }

    public void CompleteTask(UserTaskRecord task, JsonObject? submitted)
    {
        var token = Instance.Tokens.Single(t => t.Id == task.TokenId);
        var node = Model.GetNode(task.ElementId);
        task.Status = UserTaskStatus.Completed;
        task.CompletedAt = Now;
        task.CompletedBy = Actor;
        OpenTasks.Remove(task);
        MergeVariables(submitted);
        AddHistory("task.completed", task.ElementId, new JsonObject
        {
            ["taskId"] = task.Id.ToString(),
            ["by"] = Actor,
            ["variables"] = submitted?.DeepClone() ?? new JsonObject(),
        });
        LeaveGuarded(token, node);
    }

    public void DeliverMessage(MessageSubscriptionRecord subscription, JsonObject? payload)
    {
        var token = Instance.Tokens.Single(t => t.Id == subscription.TokenId);
        RemoveSubscription(subscription);
        MergeVariables(payload);
        AddHistory("message.correlated", subscription.ElementId, new JsonObject
        {
            ["message"] = subscription.MessageName,
            ["variables"] = payload?.DeepClone() ?? new JsonObject(),
        });
        Trigger(token, Model.GetNode(subscription.ElementId));
    }

    public void FireTimer(TimerRecord timer)
    {
        var token = Instance.Tokens.Single(t => t.Id == timer.TokenId);
        var node = Model.GetNode(timer.ElementId);
        timer.FiredCount++;
        timer.FiredAt = Now;
        timer.Revision++;
        AddHistory("timer.fired", timer.ElementId, new JsonObject
        {
            ["timerId"] = timer.Id.ToString(),
            ["dueAt"] = timer.DueAt.ToString("O"),
            ["firing"] = timer.FiredCount,
        });

        var next = timer.Cycle is not null && node is BoundaryEvent { CancelActivity: false }
            ? TimerCycle.Parse(timer.Cycle).NextDue(timer.DueAt, timer.FiredCount)
            : null;
        if (next is { } nextDue)
        {
            timer.DueAt = nextDue;
        }
        else
        {
            timer.Status = TimerStatus.Fired;
            ArmedTimers.Remove(timer);
        }

        Trigger(token, node);
    }

    /// <summary>An external activity succeeded: apply its outputs and move on.</summary>
    public void CompleteExternalTask(ExternalTaskRecord external, IReadOnlyDictionary<string, JsonNode?> outputs)
    {
        var token = Instance.Tokens.Single(t => t.Id == external.TokenId);
        var node = Model.GetNode(external.ElementId);
        external.Status = ExternalTaskStatus.Completed;
        external.CompletedAt = Now;
        external.Revision++;
        ExternalTasks.Remove(external);
        foreach (var (name, value) in outputs)
        {
            Variables[name] = value?.DeepClone();
        }

        AddHistory("external.completed", node.Id, new JsonObject { ["topic"] = external.Topic, ["attempts"] = external.Attempts, ["outputs"] = ToJsonObject(outputs) });
        var inputs = JsonNode.Parse(external.InputsJson)?.AsObject() ?? [];
        token.LocalVariablesJson = inputs.Count == 0 ? null : inputs.ToJsonString();
        LeaveGuarded(token, node);
    }

    /// <summary>An external activity failed its last attempt: the token stops with an incident.</summary>
    public void FailExternalTask(ExternalTaskRecord external, string error)
    {
        var token = Instance.Tokens.Single(t => t.Id == external.TokenId);
        external.Status = ExternalTaskStatus.Failed;
        external.LastError = error;
        external.Revision++;
        RaiseIncident(token, Model.GetNode(external.ElementId), new ActivityFailedException($"Activity '{external.Topic}' failed after {external.Attempts} attempts: {error}"), RetryExternal);
    }

    /// <summary>
    /// A timer's firing never committed after its last attempt: it stops (<see cref="TimerStatus.Failed"/>) and the
    /// instance shows an incident on the timer's element. Its token keeps waiting where it is (a task stays open).
    /// </summary>
    public void FailTimer(TimerRecord timer, string message)
    {
        timer.Status = TimerStatus.Failed;
        ArmedTimers.Remove(timer);
        var incident = AddIncident(timer.TokenId!.Value, timer.ElementId, message, RetryTimer);
        AddHistory("incident.raised", timer.ElementId, new JsonObject { ["incidentId"] = incident.Id.ToString(), ["timerId"] = timer.Id.ToString(), ["message"] = message });
    }

    public void RetryIncident(IncidentRecord incident)
    {
        incident.Status = IncidentResolved;
        incident.ResolvedAt = Now;
        OpenIncidents.Remove(incident);
        AddHistory("incident.resolved", incident.ElementId, new JsonObject { ["incidentId"] = incident.Id.ToString(), ["by"] = Actor, ["retry"] = true });
        var token = Instance.Tokens.SingleOrDefault(t => t.Id == incident.TokenId);
        if (token is null)
        {
            return;
        }

        token.State = TokenState.Waiting;
        var node = Model.GetNode(incident.ElementId);
        if (incident.RetryAction == RetryLeave)
        {
            LeaveGuarded(token, node);
        }
        else if (incident.RetryAction == RetryCallOutputs)
        {
            services.Instances.RetryOutputs(token.Id);
        }
        else if (incident.RetryAction == RetryTimer)
        {
            // The engine re-armed the timer; the token goes on waiting for it.
        }
        else if (incident.RetryAction == RetryExternal && ExternalTasks.FirstOrDefault(x => x.TokenId == token.Id && x.Status == ExternalTaskStatus.Failed) is { } external)
        {
            // Give the external call a fresh set of attempts; the token keeps waiting at the task.
            external.Status = ExternalTaskStatus.Pending;
            external.Attempts = 0;
            external.DueAt = Now;
            external.Revision++;
        }
        else
        {
            agenda.Enqueue((token, node, null));
        }
    }

    public void SetVariables(JsonObject variables)
    {
        MergeVariables(variables);
        AddHistory("variables.updated", null, new JsonObject { ["by"] = Actor, ["variables"] = variables.DeepClone() });
    }

    /// <summary>Claims, returns or assigns an open task: its assignee changes, recorded with who did it.</summary>
    public void SetAssignee(UserTaskRecord task, string? assignee, string type)
    {
        var previous = task.Assignee;
        task.Assignee = assignee;
        AddHistory(type, task.ElementId, new JsonObject { ["taskId"] = task.Id.ToString("D"), ["from"] = previous, ["to"] = assignee, ["by"] = Actor });
    }

    public void Cancel()
    {
        foreach (var token in Instance.Tokens.Where(t => t.ScopeTokenId is null).ToList())
        {
            DestroyToken(token, UserTaskStatus.Cancelled);
        }

        ResolveAllIncidents("cancelled");
        EndInstance(InstanceStatus.Cancelled, "instance.cancelled");
    }

    /// <summary>Carries out queued work until every token waits.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (agenda.TryDequeue(out var work))
            {
                if (!Instance.Tokens.Contains(work.Token))
                {
                    continue; // The token was consumed meanwhile (a join, a terminate end).
                }

                try
                {
                    await EnterAsync(work.Token, work.Node, work.Via, cancellationToken);
                }
                catch (Exception ex) when (IsElementFailure(ex))
                {
                    RaiseIncident(work.Token, work.Node, ex, RetryEnter);
                }
            }

            if (!TryActivateInclusiveJoin())
            {
                break;
            }
        }
    }

    /// <summary>Writes the step's instance-level results: variables, status, revision.</summary>
    public void Finish()
    {
        var variables = Variables.ToJsonString();
        if (variables != Instance.VariablesJson || Instance.Revision == 0)
        {
            (Instance.Title, Instance.UnitCode) = InstanceLabels.Evaluate(Model, Variables, services.Expressions);
        }

        Instance.VariablesJson = variables;
        Instance.Revision++;
        if (InstanceStatus.IsRunning(Instance.Status))
        {
            Instance.Status = OpenIncidents.Count > 0 ? InstanceStatus.Incident : InstanceStatus.Active;
        }
    }

    // ---- the token loop: each element's semantics live in its behaviour (Behaviours/) ----

    /// <summary>The step's services: clock, definitions, activities, expressions, the instances the step touches.</summary>
    internal EngineServices Services => services;

    /// <summary>The step's context (rows a behaviour adds join the step's transaction).</summary>
    internal WorkflowDbContext Db => db;

    /// <summary>True while tokens are queued to enter elements.</summary>
    internal bool HasQueuedWork => agenda.Count > 0;

    /// <summary>Queues <paramref name="token"/> to enter <paramref name="node"/> (by <paramref name="via"/>, if a flow led there).</summary>
    internal void Schedule(TokenRecord token, FlowNode node, SequenceFlow? via = null) => agenda.Enqueue((token, node, via));

    private async Task EnterAsync(TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        var behaviour = services.Behaviours.For(node);
        token.ElementId = node.Id;
        token.State = TokenState.Waiting;
        if (behaviour.RecordsEntry(node))
        {
            AddHistory("element.entered", node.Id, via is null ? null : new JsonObject { ["via"] = via.Id });
        }

        await behaviour.EnterAsync(this, token, node, via, cancellationToken);
    }

    /// <summary>A timer fired or a message arrived for <paramref name="eventNode"/>, on behalf of <paramref name="token"/>.</summary>
    private void Trigger(TokenRecord token, FlowNode eventNode)
    {
        if (services.Behaviours.For(eventNode) is not ITriggeredBehaviour triggered)
        {
            throw new InvalidOperationException($"{eventNode.Describe()} cannot be triggered.");
        }

        triggered.Trigger(this, token, eventNode);
    }

    /// <summary>An inclusive join whose other branches can no longer arrive fires (checked once the agenda is empty).</summary>
    private bool TryActivateInclusiveJoin()
    {
        var pending = Instance.Tokens
            .Where(t => t.State == TokenState.Joining && Model.FindNode(t.ElementId) is Gateway { GatewayKind: GatewayKind.Inclusive })
            .GroupBy(t => (t.ElementId, t.ScopeTokenId))
            .FirstOrDefault(g => InclusiveGatewayBehaviour.CanFire(this, (Gateway)Model.GetNode(g.Key.ElementId), g.Key.ScopeTokenId));
        if (pending is null)
        {
            return false;
        }

        var gateway = (Gateway)Model.GetNode(pending.Key.ElementId);
        var survivor = pending.First();
        try
        {
            GatewayBehaviour.Join(this, gateway, [.. pending], survivor);
        }
        catch (Exception ex) when (IsElementFailure(ex))
        {
            RaiseIncident(survivor, gateway, ex, RetryEnter);
        }

        return true;
    }

    // ---- events: arming and triggering ----

    internal void ArmTrigger(TokenRecord token, FlowNode eventNode, EventTrigger trigger)
    {
        switch (trigger)
        {
            case MessageTrigger message:
                AddSubscription(token, eventNode, message);
                break;
            case TimerTrigger timer:
                var prepared = PrepareTimer(token, eventNode, timer, Scope(LocalsOf(token)));
                AddTimer(prepared);
                break;
        }
    }

    internal List<TimerRecord> PrepareBoundaryTimers(TokenRecord token, FlowNode activity, Dictionary<string, JsonNode?> scope) =>
        [.. activity.BoundaryEvents.Where(b => b.Trigger is TimerTrigger).Select(b => PrepareTimer(token, b, (TimerTrigger)b.Trigger, scope))];

    internal void CommitBoundaryEvents(TokenRecord token, FlowNode activity, List<TimerRecord> timers)
    {
        foreach (var timer in timers)
        {
            AddTimer(timer);
        }

        foreach (var boundary in activity.BoundaryEvents.Where(b => b.Trigger is MessageTrigger))
        {
            AddSubscription(token, boundary, (MessageTrigger)boundary.Trigger);
        }
    }

    internal void ArmBoundaryEvents(TokenRecord token, FlowNode activity) =>
        CommitBoundaryEvents(token, activity, PrepareBoundaryTimers(token, activity, Scope(LocalsOf(token))));

    private TimerRecord PrepareTimer(TokenRecord token, FlowNode eventNode, TimerTrigger timer, Dictionary<string, JsonNode?> scope)
    {
        var (due, cycle) = TimerMath.Resolve(timer, Now, text => Resolve(text, scope));
        return new TimerRecord
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = Instance.Id,
            DefinitionId = Definition.Id,
            DefinitionKey = Definition.Key,
            TokenId = token.Id,
            ElementId = eventNode.Id,
            DueAt = due,
            Cycle = cycle,
            Status = TimerStatus.Armed,
            CreatedAt = Now,
        };
    }

    private void AddTimer(TimerRecord timer)
    {
        db.Timers.Add(timer);
        ArmedTimers.Add(timer);
    }

    internal void AddSubscription(TokenRecord token, FlowNode eventNode, MessageTrigger message)
    {
        var subscription = new MessageSubscriptionRecord
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = Instance.Id,
            TokenId = token.Id,
            ElementId = eventNode.Id,
            MessageName = message.MessageName,
            BusinessKey = Instance.BusinessKey,
            CreatedAt = Now,
        };
        db.MessageSubscriptions.Add(subscription);
        Subscriptions.Add(subscription);
    }

    internal void RemoveSubscription(MessageSubscriptionRecord subscription)
    {
        db.MessageSubscriptions.Remove(subscription);
        Subscriptions.Remove(subscription);
    }

    // ---- leaving, scopes and ends ----

    internal void LeaveGuarded(TokenRecord token, FlowNode node)
    {
        try
        {
            var outputs = EvaluateOutputs(node, Scope(LocalsOf(token)));
            ApplyOutputs(outputs);
            Leave(token, node);
        }
        catch (Exception ex) when (IsElementFailure(ex))
        {
            RaiseIncident(token, node, ex, RetryLeave);
        }
    }

    internal void Leave(TokenRecord token, FlowNode node, IReadOnlyList<SequenceFlow>? flows = null, bool recordHistory = true)
    {
        ClearWaits(token);
        token.LocalVariablesJson = null;
        token.State = TokenState.Waiting;
        if (recordHistory)
        {
            AddHistory("element.left", node.Id, null);
        }

        flows ??= node.Outgoing;
        if (flows.Count == 0)
        {
            RemoveToken(token);
            CompleteScopeIfEmpty(token.ScopeTokenId);
            return;
        }

        agenda.Enqueue((token, flows[0].Target, flows[0]));
        foreach (var flow in flows.Skip(1))
        {
            agenda.Enqueue((NewToken(flow.Target.Id, token.ScopeTokenId), flow.Target, flow));
        }
    }

    internal void CompleteScopeIfEmpty(Guid? scopeTokenId)
    {
        if (Instance.Tokens.Any(t => t.ScopeTokenId == scopeTokenId))
        {
            return;
        }

        if (scopeTokenId is null)
        {
            EndInstance(InstanceStatus.Completed, "instance.completed");
            return;
        }

        var scopeToken = Instance.Tokens.Single(t => t.Id == scopeTokenId);
        LeaveGuarded(scopeToken, Model.GetNode(scopeToken.ElementId));
    }

    internal void TerminateScope(Guid? scopeTokenId)
    {
        foreach (var token in Instance.Tokens.Where(t => t.ScopeTokenId == scopeTokenId).ToList())
        {
            DestroyToken(token, UserTaskStatus.Cancelled);
        }

        if (scopeTokenId is null)
        {
            ResolveAllIncidents("terminated");
            EndInstance(InstanceStatus.Terminated, "instance.terminated");
        }
        else
        {
            CompleteScopeIfEmpty(scopeTokenId);
        }
    }

    /// <summary>Removes a token and everything that waits on its behalf (tasks, timers, subscriptions, child tokens).</summary>
    internal void DestroyToken(TokenRecord token, string taskStatus)
    {
        foreach (var child in Instance.Tokens.Where(t => t.ScopeTokenId == token.Id).ToList())
        {
            DestroyToken(child, taskStatus);
        }

        foreach (var task in OpenTasks.Where(t => t.TokenId == token.Id).ToList())
        {
            task.Status = taskStatus;
            task.CompletedAt = Now;
            OpenTasks.Remove(task);
            AddHistory("task.cancelled", task.ElementId, new JsonObject { ["taskId"] = task.Id.ToString() });
        }

        foreach (var incident in OpenIncidents.Where(x => x.TokenId == token.Id).ToList())
        {
            ResolveIncident(incident, "token ended");
        }

        if (Model.FindNode(token.ElementId) is CallActivity)
        {
            services.Instances.CallEnded(token.Id);
        }

        foreach (var external in ExternalTasks.Where(x => x.TokenId == token.Id).ToList())
        {
            external.Status = ExternalTaskStatus.Cancelled;
            external.Revision++;
            ExternalTasks.Remove(external);
        }

        ClearWaits(token);
        RemoveToken(token);
    }

    internal void ClearWaits(TokenRecord token)
    {
        foreach (var timer in ArmedTimers.Where(t => t.TokenId == token.Id).ToList())
        {
            timer.Status = TimerStatus.Cancelled;
            timer.Revision++;
            ArmedTimers.Remove(timer);
        }

        foreach (var subscription in Subscriptions.Where(s => s.TokenId == token.Id).ToList())
        {
            RemoveSubscription(subscription);
        }
    }

    internal void EndInstance(string status, string historyType)
    {
        foreach (var token in Instance.Tokens.ToList())
        {
            DestroyToken(token, UserTaskStatus.Cancelled);
        }

        Instance.Status = status;
        Instance.EndedAt = Now;
        Instance.BusinessKeyLock = null;
        AddHistory(historyType, null, new JsonObject { ["by"] = Actor });
    }

    internal void ResolveAllIncidents(string reason)
    {
        foreach (var incident in OpenIncidents.ToList())
        {
            ResolveIncident(incident, reason);
        }
    }

    /// <summary>Resolves an open incident without a retry (its token ended, or its cause went away).</summary>
    internal void ResolveIncident(IncidentRecord incident, string reason)
    {
        incident.Status = IncidentResolved;
        incident.ResolvedAt = Now;
        OpenIncidents.Remove(incident);
        AddHistory("incident.resolved", incident.ElementId, new JsonObject { ["incidentId"] = incident.Id.ToString(), ["reason"] = reason });
    }

    internal void RaiseIncident(TokenRecord token, FlowNode node, Exception ex, string retryAction)
    {
        token.ElementId = node.Id;
        token.State = TokenState.Incident;
        var incident = AddIncident(token.Id, node.Id, ex.Message, retryAction);
        Instance.Status = InstanceStatus.Incident;
        AddHistory("incident.raised", node.Id, new JsonObject { ["incidentId"] = incident.Id.ToString(), ["message"] = ex.Message });
    }

    internal IncidentRecord AddIncident(Guid tokenId, string elementId, string message, string retryAction)
    {
        var incident = new IncidentRecord
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = Instance.Id,
            TokenId = tokenId,
            ElementId = elementId,
            Message = message,
            RetryAction = retryAction,
            Status = IncidentOpen,
            CreatedAt = Now,
        };
        db.Incidents.Add(incident);
        OpenIncidents.Add(incident);
        return incident;
    }

    internal static bool IsElementFailure(Exception ex) => ex is ExpressionException or ActivityFailedException or NoFlowException or InvalidValueException or FormatException;

    internal static bool IsActivityFailure(Exception ex) => ex is not (OutOfMemoryException or StackOverflowException);

    // ---- tokens and variables ----

    internal TokenRecord NewToken(string elementId, Guid? scopeTokenId)
    {
        var token = new TokenRecord
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = Instance.Id,
            ElementId = elementId,
            ScopeTokenId = scopeTokenId,
            State = TokenState.Waiting,
            CreatedAt = Now,
        };
        Instance.Tokens.Add(token);
        db.Tokens.Add(token);
        return token;
    }

    internal void RemoveToken(TokenRecord token)
    {
        Instance.Tokens.Remove(token);
        var entry = db.Entry(token);
        if (entry.State == EntityState.Added)
        {
            entry.State = EntityState.Detached; // Born and gone within this step: never written.
        }
        else if (entry.State != EntityState.Detached)
        {
            db.Tokens.Remove(token);
        }
    }

    internal void MergeVariables(JsonObject? submitted)
    {
        if (submitted is null)
        {
            return;
        }

        foreach (var (name, value) in submitted)
        {
            Variables[name] = value?.DeepClone();
        }
    }

    internal static JsonObject LocalsOf(TokenRecord token) =>
        token.LocalVariablesJson is null ? [] : JsonNode.Parse(token.LocalVariablesJson)!.AsObject();

    /// <summary>The variables an expression sees: process variables, overlaid with the element's local ones.</summary>
    internal Dictionary<string, JsonNode?> Scope(JsonObject locals)
    {
        var scope = ToDictionary(Variables);
        foreach (var (name, value) in locals)
        {
            scope[name] = value;
        }

        return scope;
    }

    /// <summary>A dictionary view of JSON values (copies, so the caller's nodes keep their parents).</summary>
    public static Dictionary<string, JsonNode?> ToDictionary(JsonObject values)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            result[name] = value?.DeepClone();
        }

        return result;
    }

    internal static JsonObject ToJsonObject(IReadOnlyDictionary<string, JsonNode?> values)
    {
        var result = new JsonObject();
        foreach (var (name, value) in values)
        {
            result[name] = value?.DeepClone();
        }

        return result;
    }

    internal JsonObject EvaluateInputs(FlowNode node, TokenRecord token)
    {
        var locals = new JsonObject();
        if (node.IoMapping.Inputs.Count == 0)
        {
            return locals;
        }

        var scope = Scope(LocalsOf(token));
        foreach (var input in node.IoMapping.Inputs)
        {
            var value = EvaluateIo(input.Value, scope);
            locals[input.Name] = value?.DeepClone();
            scope[input.Name] = value;
        }

        return locals;
    }

    internal List<(string Name, JsonNode? Value)> EvaluateOutputs(FlowNode node, Dictionary<string, JsonNode?> scope) =>
        [.. node.IoMapping.Outputs.Select(output => (output.Name, EvaluateIo(output.Value, scope)))];

    internal void ApplyOutputs(List<(string Name, JsonNode? Value)> outputs)
    {
        foreach (var (name, value) in outputs)
        {
            Variables[name] = value?.DeepClone();
        }
    }

    private JsonNode? EvaluateIo(IoValue value, Dictionary<string, JsonNode?> scope) => value switch
    {
        IoText text => Resolve(text.Text, scope),
        IoList list => new JsonArray([.. list.Items.Select(item => EvaluateIo(item, scope)?.DeepClone())]),
        IoMap map => ToJsonObject(map.Entries.ToDictionary(e => e.Key, e => EvaluateIo(e.Value, scope))),
        _ => null,
    };

    internal JsonNode? Resolve(string text, Dictionary<string, JsonNode?> scope) =>
        ExpressionTemplate.Parse(text).Evaluate(services.Expressions, scope);

    internal string? ResolveText(string? text, Dictionary<string, JsonNode?> scope)
    {
        if (text is null)
        {
            return null;
        }

        var value = Resolve(text, scope);
        return value switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : s,
            _ => value.ToJsonString(),
        };
    }

    internal List<string> ResolveList(string? text, Dictionary<string, JsonNode?> scope)
    {
        if (text is null)
        {
            return [];
        }

        var value = Resolve(text, scope);
        return value switch
        {
            null => [],
            JsonArray array => [.. array.Select(item => item?.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : item?.ToJsonString()).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim())],
            JsonValue v when v.TryGetValue<string>(out var s) => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            _ => [value.ToJsonString()],
        };
    }

    internal DateTimeOffset? ResolveInstant(string? text, Dictionary<string, JsonNode?> scope, string attribute)
    {
        var resolved = ResolveText(text, scope);
        if (resolved is null)
        {
            return null;
        }

        if (IsoDateTime.TryParse(resolved, out var instant))
        {
            return instant.ToUniversalTime();
        }

        if (IsoDuration.TryParse(resolved, out var duration))
        {
            return duration.AddTo(Now);
        }

        throw new InvalidValueException($"{attribute} evaluated to '{resolved}', which is neither an ISO 8601 date-time nor a duration.");
    }

    // ---- history ----

    internal void AddHistory(string type, string? elementId, JsonObject? data)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var row = HistoryChain.NextRow(
            HistoryChain.InstanceStream(Instance.Id), Instance.HistorySequence, Instance.LastHistoryHash, Now, type,
            Instance.Id, elementId, Actor, data?.ToJsonString());
        Instance.HistorySequence = row.Sequence;
        Instance.LastHistoryHash = row.Hash;
        services.Instances.History.Add(row);
        services.Timings?.Add(StepPhase.HistoryHashes, started);
    }
}

/// <summary>An activity threw: the task gets an incident.</summary>
internal sealed class ActivityFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An attribute evaluated to a value of the wrong kind.</summary>
internal sealed class InvalidValueException(string message) : Exception(message);

/// <summary>A gateway found no flow to take.</summary>
internal sealed class NoFlowException(string message) : Exception(message);

/// <summary>
/// The queries that load several instances and their open rows at once (<see cref="InstanceExecution.LoadManyAsync"/>),
/// each searched by the instances' ids. SQLite keeps no statistics here and takes any equality on an indexed column for
/// about ten rows, so it may prefer walking every row of a status to looking up a list of ids (the plans are tested):
/// a status that would tempt it is filtered after the read instead.
/// </summary>
internal static class BatchLoadQueries
{
    public static IQueryable<InstanceRecord> InstancesWithTokens(WorkflowDbContext db, List<Guid> ids) =>
        db.Instances.Include(i => i.Tokens).Where(i => ids.Contains(i.Id));

    public static IQueryable<UserTaskRecord> OpenTasksOf(WorkflowDbContext db, List<Guid> instanceIds) =>
        db.UserTasks.Where(t => instanceIds.Contains(t.InstanceId) && t.Status == UserTaskStatus.Open);

    public static IQueryable<TimerRecord> ArmedTimersOf(WorkflowDbContext db, List<Guid> instanceIds) =>
        db.Timers.Where(t => t.InstanceId != null && instanceIds.Contains(t.InstanceId.Value) && t.Status == TimerStatus.Armed);

    public static IQueryable<MessageSubscriptionRecord> SubscriptionsOf(WorkflowDbContext db, List<Guid> instanceIds) =>
        db.MessageSubscriptions.Where(x => instanceIds.Contains(x.InstanceId));

    public static IQueryable<IncidentRecord> OpenIncidentsOf(WorkflowDbContext db, List<Guid> instanceIds) =>
        db.Incidents.Where(x => instanceIds.Contains(x.InstanceId) && x.Status == InstanceExecution.IncidentOpen);

    /// <summary>Every call of the instances, ended ones too (keep the open ones with <see cref="IsOpen"/>).</summary>
    public static IQueryable<ExternalTaskRecord> ExternalTasksOf(WorkflowDbContext db, List<Guid> instanceIds) =>
        db.ExternalTasks.Where(x => instanceIds.Contains(x.InstanceId));

    public static bool IsOpen(ExternalTaskRecord call) =>
        call.Status is ExternalTaskStatus.Pending or ExternalTaskStatus.Running or ExternalTaskStatus.Failed;

    /// <summary>Timers by id, whatever their status (keep the armed ones after the read).</summary>
    public static IQueryable<TimerRecord> TimersById(WorkflowDbContext db, List<Guid> ids) =>
        db.Timers.Where(t => ids.Contains(t.Id));
}

/// <summary>The compiled queries that load an instance and its open rows (<see cref="InstanceExecution.LoadAsync"/>), for one model.</summary>
internal sealed class LoadQueries
{
    public Func<WorkflowDbContext, Guid, CancellationToken, Task<InstanceRecord?>> InstanceById { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, Guid id, CancellationToken _) => db.Instances.Include(i => i.Tokens).SingleOrDefault(i => i.Id == id));

    /// <summary>
    /// The instance of a task, with its tokens. The task's instance id is read by a subquery that does not depend on the
    /// outer row, so SQLite reads it once and finds the instance by its key. (Asked the other way round, "the instance
    /// for which the task exists", SQLite scanned every instance and looked the task up for each: every task
    /// completion cost time in proportion to all instances ever started.)
    /// </summary>
    internal static readonly Expression<Func<WorkflowDbContext, Guid, IQueryable<InstanceRecord>>> InstanceOfTask = (db, taskId) =>
        db.Instances.Include(i => i.Tokens).Where(i => i.Id == db.UserTasks.Where(t => t.Id == taskId).Select(t => t.InstanceId).FirstOrDefault());

    public Func<WorkflowDbContext, Guid, CancellationToken, Task<InstanceRecord?>> InstanceByTask { get; } =
        EF.CompileAsyncQuery(SingleOrDefault(InstanceOfTask));

    public Func<WorkflowDbContext, Guid, IAsyncEnumerable<UserTaskRecord>> OpenTasksOf { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, Guid id) => db.UserTasks.Where(t => t.InstanceId == id && t.Status == UserTaskStatus.Open));

    public Func<WorkflowDbContext, Guid, IAsyncEnumerable<TimerRecord>> ArmedTimersOf { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, Guid id) => db.Timers.Where(t => t.InstanceId == id && t.Status == TimerStatus.Armed));

    public Func<WorkflowDbContext, Guid, IAsyncEnumerable<MessageSubscriptionRecord>> SubscriptionsOf { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, Guid id) => db.MessageSubscriptions.Where(s => s.InstanceId == id));

    public Func<WorkflowDbContext, Guid, IAsyncEnumerable<IncidentRecord>> OpenIncidentsOf { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, Guid id) => db.Incidents.Where(x => x.InstanceId == id && x.Status == InstanceExecution.IncidentOpen));

    public Func<WorkflowDbContext, Guid, IAsyncEnumerable<ExternalTaskRecord>> OpenExternalTasksOf { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, Guid id) => db.ExternalTasks.Where(x => x.InstanceId == id
            && (x.Status == ExternalTaskStatus.Pending || x.Status == ExternalTaskStatus.Running || x.Status == ExternalTaskStatus.Failed)));

    /// <summary><c>(db, p, _) =&gt; query(db, p).SingleOrDefault()</c>, for <see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(Expression{Func{TContext, TParam1, CancellationToken, TResult}})"/>: the query itself stays an expression that tests can plan.</summary>
    private static Expression<Func<WorkflowDbContext, Guid, CancellationToken, InstanceRecord?>> SingleOrDefault(Expression<Func<WorkflowDbContext, Guid, IQueryable<InstanceRecord>>> query) =>
        Expression.Lambda<Func<WorkflowDbContext, Guid, CancellationToken, InstanceRecord?>>(
            Expression.Call(typeof(Queryable), nameof(Queryable.SingleOrDefault), [typeof(InstanceRecord)], query.Body),
            query.Parameters[0], query.Parameters[1], Expression.Parameter(typeof(CancellationToken), "_"));
}
