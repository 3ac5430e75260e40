using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.History;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Timing;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// One step of one instance: the loaded state, the token semantics of every supported element, and the rows the step
/// writes. Nothing here saves; the engine saves the whole step in one transaction, or nothing of it.
/// </summary>
internal sealed class InstanceExecution
{
    private const string IncidentOpen = "open";
    private const string IncidentResolved = "resolved";
    private const string RetryEnter = "enter";
    private const string RetryLeave = "leave";
    private const string RetryExternal = "external";

    /// <summary>The retry of a timer that failed re-arms it (the engine does, before <see cref="RetryIncident"/>); the token keeps waiting.</summary>
    public const string RetryTimer = "timer";

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
        return new InstanceExecution(services, db, definition, model, instance, vars, [], [], [], [], [], actor);
    }

    public static async Task<InstanceExecution?> LoadAsync(EngineServices services, WorkflowDbContext db, Guid instanceId, string? actor, CancellationToken cancellationToken)
    {
        var instance = await db.Instances.Include(i => i.Tokens).SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var definition = await services.Definitions.FindAsync(db, instance.DefinitionId, cancellationToken)
            ?? throw new InvalidOperationException($"Instance {instanceId} refers to definition {instance.DefinitionId}, which does not exist.");
        var model = services.Definitions.GetModel(definition);
        var tasks = await db.UserTasks.Where(t => t.InstanceId == instanceId && t.Status == UserTaskStatus.Open).ToListAsync(cancellationToken);
        var timers = await db.Timers.Where(t => t.InstanceId == instanceId && t.Status == TimerStatus.Armed).ToListAsync(cancellationToken);
        var subscriptions = await db.MessageSubscriptions.Where(s => s.InstanceId == instanceId).ToListAsync(cancellationToken);
        var incidents = await db.Incidents.Where(x => x.InstanceId == instanceId && x.Status == IncidentOpen).ToListAsync(cancellationToken);
        var externals = await db.ExternalTasks.Where(x => x.InstanceId == instanceId && (x.Status == ExternalTaskStatus.Pending || x.Status == ExternalTaskStatus.Running || x.Status == ExternalTaskStatus.Failed)).ToListAsync(cancellationToken);
        var variables = JsonNode.Parse(instance.VariablesJson)?.AsObject() ?? [];
        return new InstanceExecution(services, db, definition, model, instance, variables, tasks, timers, subscriptions, incidents, externals, actor);
    }

    public static string LockFor(string definitionKey, string businessKey) => definitionKey + "\n" + businessKey;

    // ---- operations: each queues work; RunAsync carries it out ----

    public void Start(StartEvent start)
    {
        AddHistory("instance.started", start.Id, new JsonObject
        {
            ["definitionKey"] = Definition.Key,
            ["version"] = Definition.Version,
            ["businessKey"] = Instance.BusinessKey,
            ["variables"] = Variables.DeepClone(),
        });
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
        Instance.VariablesJson = Variables.ToJsonString();
        Instance.Revision++;
        if (InstanceStatus.IsRunning(Instance.Status))
        {
            Instance.Status = OpenIncidents.Count > 0 ? InstanceStatus.Incident : InstanceStatus.Active;
        }
    }

    // ---- element semantics ----

    private async Task EnterAsync(TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        token.ElementId = node.Id;
        token.State = TokenState.Waiting;
        if (node is not Gateway { GatewayKind: GatewayKind.Parallel or GatewayKind.Inclusive } || node.Incoming.Count <= 1)
        {
            AddHistory("element.entered", node.Id, via is null ? null : new JsonObject { ["via"] = via.Id });
        }

        switch (node)
        {
            case StartEvent:
                Leave(token, node);
                break;
            case EndEvent end:
                AddHistory("element.left", end.Id, null);
                if (end.Terminate)
                {
                    TerminateScope(token.ScopeTokenId);
                }
                else
                {
                    RemoveToken(token);
                    CompleteScopeIfEmpty(token.ScopeTokenId);
                }

                break;
            case UserTask task:
                await CreateUserTaskAsync(token, task, cancellationToken);
                break;
            case ServiceTask service:
                await RunServiceTaskAsync(token, service, cancellationToken);
                break;
            case Gateway gateway:
                EnterGateway(token, gateway, via);
                break;
            case IntermediateCatchEvent catchEvent:
                ArmTrigger(token, catchEvent, catchEvent.Trigger);
                break;
            case SubProcess subProcess:
                ArmBoundaryEvents(token, subProcess);
                token.State = TokenState.Scope;
                var child = NewToken(subProcess.Start!.Id, token.Id);
                agenda.Enqueue((child, subProcess.Start, null));
                break;
            case BoundaryEvent boundary:
                Leave(token, boundary);
                break;
            default:
                throw new InvalidOperationException($"{node.Describe()} has no execution semantics.");
        }
    }

    private async Task CreateUserTaskAsync(TokenRecord token, UserTask task, CancellationToken cancellationToken)
    {
        // Evaluate everything first, so that a failing expression leaves no half-created task behind.
        var locals = EvaluateInputs(task, token);
        var scope = Scope(locals);
        var assignee = ResolveText(task.Assignee, scope);
        var groups = ResolveList(task.CandidateGroups, scope);
        var users = ResolveList(task.CandidateUsers, scope);
        var due = ResolveInstant(task.DueDate, scope, "camunda:dueDate");
        var followUp = ResolveInstant(task.FollowUpDate, scope, "camunda:followUpDate");
        var priorityText = ResolveText(task.Priority, scope);
        var priority = 50;
        if (priorityText is not null && !int.TryParse(priorityText, out priority))
        {
            throw new InvalidValueException($"camunda:priority evaluated to '{priorityText}', which is not a whole number.");
        }

        var formRef = ResolveText(task.FormRef, scope);
        var timers = PrepareBoundaryTimers(token, task, scope);

        var record = new UserTaskRecord
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = Instance.Id,
            TokenId = token.Id,
            DefinitionKey = Definition.Key,
            BusinessKey = Instance.BusinessKey,
            ElementId = task.Id,
            Name = task.Name,
            Assignee = assignee,
            CandidateGroups = groups.Count == 0 ? string.Empty : "," + string.Join(',', groups) + ",",
            CandidateUsers = users.Count == 0 ? string.Empty : "," + string.Join(',', users) + ",",
            DueAt = due,
            FollowUpAt = followUp,
            Priority = priority,
            FormRef = formRef,
            Status = UserTaskStatus.Open,
            CreatedAt = Now,
        };

        // Listeners (task notices) write into this step; if one fails, what they wrote is dropped and the task is not
        // created, so the incident's retry starts clean.
        await NotifyListenersAsync(record, task, cancellationToken);

        token.LocalVariablesJson = locals.Count == 0 ? null : locals.ToJsonString();
        db.UserTasks.Add(record);
        OpenTasks.Add(record);
        AddHistory("task.created", task.Id, new JsonObject
        {
            ["taskId"] = record.Id.ToString(),
            ["assignee"] = assignee,
            ["candidateGroups"] = new JsonArray([.. groups.Select(g => (JsonNode?)JsonValue.Create(g))]),
            ["dueAt"] = due?.ToString("O"),
        });
        CommitBoundaryEvents(token, task, timers);
    }

    private async Task NotifyListenersAsync(UserTaskRecord record, UserTask task, CancellationToken cancellationToken)
    {
        if (services.TaskListeners.Count == 0)
        {
            return;
        }

        var before = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        try
        {
            foreach (var listener in services.TaskListeners)
            {
                await listener.OnCreatedAsync(new UserTaskCreated(record, Model.Name, Variables, task.Properties, services.StepServices), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added && !before.Contains(e.Entity)).ToList())
            {
                entry.State = EntityState.Detached;
            }

            throw new ActivityFailedException($"The notice for task '{task.Name ?? task.Id}' could not be prepared: {ex.Message}", ex);
        }
    }

    private async Task RunServiceTaskAsync(TokenRecord token, ServiceTask service, CancellationToken cancellationToken)
    {
        var activity = services.Activities.Find(service.Topic)
            ?? throw new ActivityFailedException($"No activity is registered for topic '{service.Topic}'.");
        var inputs = EvaluateInputs(service, token);
        if (activity.Execution == ActivityExecution.External)
        {
            // The call happens after this step commits; the token waits here until it succeeds.
            var external = new ExternalTaskRecord
            {
                Id = Guid.CreateVersion7(Now),
                InstanceId = Instance.Id,
                TokenId = token.Id,
                ElementId = service.Id,
                Topic = service.Topic,
                InputsJson = inputs.ToJsonString(),
                Status = ExternalTaskStatus.Pending,
                DueAt = Now,
                CreatedAt = Now,
            };
            db.ExternalTasks.Add(external);
            ExternalTasks.Add(external);
            AddHistory("external.queued", service.Id, new JsonObject { ["topic"] = service.Topic, ["externalTaskId"] = external.Id.ToString() });
            return;
        }

        var context = new ActivityContext(
            Instance.Id,
            Definition.Key,
            Definition.Version,
            Instance.BusinessKey,
            service.Id,
            ToDictionary(inputs),
            ToDictionary(Variables),
            service.Properties,
            Now,
            services.StepServices)
        {
            Actor = Actor,
        };
        try
        {
            await activity.ExecuteAsync(context, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && IsActivityFailure(ex))
        {
            throw new ActivityFailedException($"Activity '{service.Topic}' failed: {ex.Message}", ex);
        }

        // Outputs are computed before anything is written, so a failing mapping changes nothing.
        var scope = Scope(inputs);
        foreach (var (name, value) in context.Outputs)
        {
            scope[name] = value?.DeepClone();
        }

        var outputs = EvaluateOutputs(service, scope);
        foreach (var (name, value) in context.Outputs)
        {
            Variables[name] = value?.DeepClone();
        }

        ApplyOutputs(outputs);
        AddHistory("element.left", service.Id, new JsonObject { ["topic"] = service.Topic, ["outputs"] = ToJsonObject(context.Outputs) });
        Leave(token, service, recordHistory: false);
    }

    private void EnterGateway(TokenRecord token, Gateway gateway, SequenceFlow? via)
    {
        switch (gateway.GatewayKind)
        {
            case GatewayKind.Parallel when gateway.Incoming.Count > 1:
                token.State = TokenState.Joining;
                token.ArrivedVia = via?.Id;
                var waiting = Instance.Tokens
                    .Where(t => t.ElementId == gateway.Id && t.State == TokenState.Joining && t.ScopeTokenId == token.ScopeTokenId)
                    .ToList();
                var oneByFlow = gateway.Incoming
                    .Select(flow => waiting.FirstOrDefault(t => t.ArrivedVia == flow.Id))
                    .ToList();
                if (oneByFlow.Any(t => t is null))
                {
                    return;
                }

                Join(gateway, oneByFlow!, token);
                break;
            case GatewayKind.Inclusive when gateway.Incoming.Count > 1:
                token.State = TokenState.Joining;
                token.ArrivedVia = via?.Id;
                if (!InclusiveJoinCanFire(gateway, token.ScopeTokenId))
                {
                    return;
                }

                Join(gateway, [.. Instance.Tokens.Where(t => t.ElementId == gateway.Id && t.State == TokenState.Joining && t.ScopeTokenId == token.ScopeTokenId)], token);
                break;
            case GatewayKind.EventBased:
                foreach (var flow in gateway.Outgoing)
                {
                    var catchEvent = (IntermediateCatchEvent)flow.Target;
                    ArmTrigger(token, catchEvent, catchEvent.Trigger);
                }

                break;
            default:
                Fork(token, gateway);
                break;
        }
    }

    private void Join(Gateway gateway, IReadOnlyList<TokenRecord> consumed, TokenRecord survivor)
    {
        foreach (var other in consumed.Where(t => t != survivor))
        {
            RemoveToken(other);
        }

        survivor.State = TokenState.Waiting;
        survivor.ArrivedVia = null;
        AddHistory("element.entered", gateway.Id, new JsonObject { ["joined"] = consumed.Count });
        Fork(survivor, gateway);
    }

    private void Fork(TokenRecord token, Gateway gateway)
    {
        var flows = gateway.GatewayKind switch
        {
            GatewayKind.Exclusive => [ChooseExclusive(token, gateway)],
            GatewayKind.Inclusive => ChooseInclusive(token, gateway),
            _ => gateway.Outgoing,
        };
        Leave(token, gateway, flows);
    }

    private SequenceFlow ChooseExclusive(TokenRecord token, Gateway gateway)
    {
        if (gateway.Outgoing.Count == 1 && gateway.Outgoing[0].Condition is null)
        {
            return gateway.Outgoing[0];
        }

        var scope = Scope(LocalsOf(token));
        foreach (var flow in gateway.Outgoing.Where(f => f.Id != gateway.DefaultFlowId && f.Condition is not null))
        {
            if (EvaluateCondition(flow, scope))
            {
                return flow;
            }
        }

        return gateway.Outgoing.FirstOrDefault(f => f.Id == gateway.DefaultFlowId)
            ?? throw new NoFlowException($"No outgoing flow of {gateway.Describe()} has a true condition, and it has no default flow.");
    }

    private List<SequenceFlow> ChooseInclusive(TokenRecord token, Gateway gateway)
    {
        var scope = Scope(LocalsOf(token));
        var chosen = gateway.Outgoing
            .Where(f => f.Id != gateway.DefaultFlowId && (f.Condition is null || EvaluateCondition(f, scope)))
            .ToList();
        if (chosen.Count > 0)
        {
            return chosen;
        }

        return gateway.Outgoing.FirstOrDefault(f => f.Id == gateway.DefaultFlowId) is { } fallback
            ? [fallback]
            : throw new NoFlowException($"No outgoing flow of {gateway.Describe()} has a true condition, and it has no default flow.");
    }

    private bool EvaluateCondition(SequenceFlow flow, Dictionary<string, JsonNode?> scope)
    {
        var template = ExpressionTemplate.Parse(flow.Condition!);
        var source = template.Expressions[0];
        return services.Expressions.EvaluateCondition(source, scope);
    }

    private bool InclusiveJoinCanFire(Gateway gateway, Guid? scopeTokenId)
    {
        foreach (var other in Instance.Tokens.Where(t => t.ScopeTokenId == scopeTokenId && !(t.ElementId == gateway.Id && t.State == TokenState.Joining)))
        {
            if (Reaches(Model.GetNode(other.ElementId), gateway))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryActivateInclusiveJoin()
    {
        var pending = Instance.Tokens
            .Where(t => t.State == TokenState.Joining && Model.FindNode(t.ElementId) is Gateway { GatewayKind: GatewayKind.Inclusive })
            .GroupBy(t => (t.ElementId, t.ScopeTokenId))
            .FirstOrDefault(g => InclusiveJoinCanFire((Gateway)Model.GetNode(g.Key.ElementId), g.Key.ScopeTokenId));
        if (pending is null)
        {
            return false;
        }

        var gateway = (Gateway)Model.GetNode(pending.Key.ElementId);
        var survivor = pending.First();
        try
        {
            Join(gateway, [.. pending], survivor);
        }
        catch (Exception ex) when (IsElementFailure(ex))
        {
            RaiseIncident(survivor, gateway, ex, RetryEnter);
        }

        return true;
    }

    private static bool Reaches(FlowNode from, FlowNode target)
    {
        var seen = new HashSet<FlowNode>();
        var queue = new Queue<FlowNode>();
        queue.Enqueue(from);
        while (queue.TryDequeue(out var node))
        {
            if (!seen.Add(node))
            {
                continue;
            }

            foreach (var flow in node.Outgoing)
            {
                if (flow.Target == target)
                {
                    return true;
                }

                queue.Enqueue(flow.Target);
            }

            foreach (var boundary in node.BoundaryEvents)
            {
                queue.Enqueue(boundary);
            }
        }

        return false;
    }

    // ---- events: arming and triggering ----

    private void ArmTrigger(TokenRecord token, FlowNode eventNode, EventTrigger trigger)
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

    private List<TimerRecord> PrepareBoundaryTimers(TokenRecord token, FlowNode activity, Dictionary<string, JsonNode?> scope) =>
        [.. activity.BoundaryEvents.Where(b => b.Trigger is TimerTrigger).Select(b => PrepareTimer(token, b, (TimerTrigger)b.Trigger, scope))];

    private void CommitBoundaryEvents(TokenRecord token, FlowNode activity, List<TimerRecord> timers)
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

    private void ArmBoundaryEvents(TokenRecord token, FlowNode activity) =>
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

    private void AddSubscription(TokenRecord token, FlowNode eventNode, MessageTrigger message)
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

    private void RemoveSubscription(MessageSubscriptionRecord subscription)
    {
        db.MessageSubscriptions.Remove(subscription);
        Subscriptions.Remove(subscription);
    }

    /// <summary>A timer fired or a message arrived for <paramref name="eventNode"/>, on behalf of <paramref name="token"/>.</summary>
    private void Trigger(TokenRecord token, FlowNode eventNode)
    {
        switch (eventNode)
        {
            case BoundaryEvent boundary when boundary.CancelActivity:
                {
                    var scopeId = token.ScopeTokenId;
                    DestroyToken(token, UserTaskStatus.Cancelled);
                    var next = NewToken(boundary.Id, scopeId);
                    agenda.Enqueue((next, boundary, null));
                    break;
                }

            case BoundaryEvent boundary:
                {
                    var next = NewToken(boundary.Id, token.ScopeTokenId);
                    agenda.Enqueue((next, boundary, null));
                    break;
                }

            case IntermediateCatchEvent catchEvent:
                // Either the token waits at the event itself or at the event-based gateway before it: the first
                // event to happen wins and disarms the others.
                ClearWaits(token);
                if (token.ElementId != catchEvent.Id)
                {
                    token.ElementId = catchEvent.Id;
                    AddHistory("element.entered", catchEvent.Id, null);
                }

                LeaveGuarded(token, catchEvent);
                break;
            default:
                throw new InvalidOperationException($"{eventNode.Describe()} cannot be triggered.");
        }
    }

    // ---- leaving, scopes and ends ----

    private void LeaveGuarded(TokenRecord token, FlowNode node)
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

    private void Leave(TokenRecord token, FlowNode node, IReadOnlyList<SequenceFlow>? flows = null, bool recordHistory = true)
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

    private void CompleteScopeIfEmpty(Guid? scopeTokenId)
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

    private void TerminateScope(Guid? scopeTokenId)
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
    private void DestroyToken(TokenRecord token, string taskStatus)
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
            incident.Status = IncidentResolved;
            incident.ResolvedAt = Now;
            OpenIncidents.Remove(incident);
            AddHistory("incident.resolved", incident.ElementId, new JsonObject { ["incidentId"] = incident.Id.ToString(), ["reason"] = "token ended" });
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

    private void ClearWaits(TokenRecord token)
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

    private void EndInstance(string status, string historyType)
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

    private void ResolveAllIncidents(string reason)
    {
        foreach (var incident in OpenIncidents.ToList())
        {
            incident.Status = IncidentResolved;
            incident.ResolvedAt = Now;
            AddHistory("incident.resolved", incident.ElementId, new JsonObject { ["incidentId"] = incident.Id.ToString(), ["reason"] = reason });
        }

        OpenIncidents.Clear();
    }

    private void RaiseIncident(TokenRecord token, FlowNode node, Exception ex, string retryAction)
    {
        token.ElementId = node.Id;
        token.State = TokenState.Incident;
        var incident = AddIncident(token.Id, node.Id, ex.Message, retryAction);
        Instance.Status = InstanceStatus.Incident;
        AddHistory("incident.raised", node.Id, new JsonObject { ["incidentId"] = incident.Id.ToString(), ["message"] = ex.Message });
    }

    private IncidentRecord AddIncident(Guid tokenId, string elementId, string message, string retryAction)
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

    private static bool IsElementFailure(Exception ex) => ex is ExpressionException or ActivityFailedException or NoFlowException or InvalidValueException or FormatException;

    private static bool IsActivityFailure(Exception ex) => ex is not (OutOfMemoryException or StackOverflowException);

    // ---- tokens and variables ----

    private TokenRecord NewToken(string elementId, Guid? scopeTokenId)
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

    private void RemoveToken(TokenRecord token)
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

    private void MergeVariables(JsonObject? submitted)
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

    private static JsonObject LocalsOf(TokenRecord token) =>
        token.LocalVariablesJson is null ? [] : JsonNode.Parse(token.LocalVariablesJson)!.AsObject();

    /// <summary>The variables an expression sees: process variables, overlaid with the element's local ones.</summary>
    private Dictionary<string, JsonNode?> Scope(JsonObject locals)
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

    private static JsonObject ToJsonObject(IReadOnlyDictionary<string, JsonNode?> values)
    {
        var result = new JsonObject();
        foreach (var (name, value) in values)
        {
            result[name] = value?.DeepClone();
        }

        return result;
    }

    private JsonObject EvaluateInputs(FlowNode node, TokenRecord token)
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

    private List<(string Name, JsonNode? Value)> EvaluateOutputs(FlowNode node, Dictionary<string, JsonNode?> scope) =>
        [.. node.IoMapping.Outputs.Select(output => (output.Name, EvaluateIo(output.Value, scope)))];

    private void ApplyOutputs(List<(string Name, JsonNode? Value)> outputs)
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

    private JsonNode? Resolve(string text, Dictionary<string, JsonNode?> scope) =>
        ExpressionTemplate.Parse(text).Evaluate(services.Expressions, scope);

    private string? ResolveText(string? text, Dictionary<string, JsonNode?> scope)
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

    private List<string> ResolveList(string? text, Dictionary<string, JsonNode?> scope)
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

    private DateTimeOffset? ResolveInstant(string? text, Dictionary<string, JsonNode?> scope, string attribute)
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

    private void AddHistory(string type, string? elementId, JsonObject? data)
    {
        var row = HistoryChain.NextRow(
            "instance:" + Instance.Id.ToString("D"), Instance.HistorySequence, Instance.LastHistoryHash, Now, type,
            Instance.Id, elementId, Actor, data?.ToJsonString());
        Instance.HistorySequence = row.Sequence;
        Instance.LastHistoryHash = row.Hash;
        db.History.Add(row);
    }
}

/// <summary>An activity threw: the task gets an incident.</summary>
internal sealed class ActivityFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An attribute evaluated to a value of the wrong kind.</summary>
internal sealed class InvalidValueException(string message) : Exception(message);

/// <summary>A gateway found no flow to take.</summary>
internal sealed class NoFlowException(string message) : Exception(message);
