namespace Zzut.Workflows.Model;

/// <summary>One executable BPMN process, parsed and linked. Immutable once built by the parser.</summary>
public sealed class ProcessModel
{
    private readonly Dictionary<string, FlowNode> nodes;
    private readonly Dictionary<string, SequenceFlow> flows;

    internal ProcessModel(string id, string? name, IEnumerable<FlowNode> allNodes, IEnumerable<SequenceFlow> allFlows)
    {
        Id = id;
        Name = name;
        nodes = allNodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        flows = allFlows.ToDictionary(f => f.Id, StringComparer.Ordinal);
    }

    /// <summary>The process <c>id</c>: the definition key.</summary>
    public string Id { get; }

    /// <summary>The process <c>name</c>.</summary>
    public string? Name { get; }

    /// <summary><c>camunda:candidateStarterGroups</c>, split on commas.</summary>
    public IReadOnlyList<string> CandidateStarterGroups { get; init; } = [];

    /// <summary><c>camunda:candidateStarterUsers</c>, split on commas.</summary>
    public IReadOnlyList<string> CandidateStarterUsers { get; init; } = [];

    /// <summary>
    /// <c>camunda:isStartableInTasklist</c>: false for a process that only other processes start (a call activity, or an
    /// activity that starts one instance per unit); then nobody starts it by hand, whatever its starter groups say.
    /// </summary>
    public bool StartableByPeople { get; init; } = true;

    /// <summary>
    /// The process's <c>camunda:properties</c>. The engine reads <c>title</c> and <c>unit</c> (expressions such as
    /// <c>${incidentTitle}</c>) as the instance's business title and unit, stored with the instance.
    /// </summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Every flow node, at any depth.</summary>
    public IReadOnlyCollection<FlowNode> Nodes => nodes.Values;

    /// <summary>Every sequence flow, at any depth.</summary>
    public IReadOnlyCollection<SequenceFlow> Flows => flows.Values;

    /// <summary>
    /// What rows an instance of this process can have besides its tokens and incidents, from the element types it has:
    /// user tasks, armed timers (timer events), message subscriptions (message events) and external calls (service tasks).
    /// A step loads only those kinds (an instance's rows come from its own version's elements only).
    /// </summary>
    public InstanceRowKinds RowKinds => rowKinds ??= new InstanceRowKinds(
        nodes.Values.Any(n => n is UserTask),
        nodes.Values.Any(n => TriggerOf(n) is TimerTrigger),
        nodes.Values.Any(n => TriggerOf(n) is MessageTrigger),
        nodes.Values.Any(n => n is ServiceTask));

    private InstanceRowKinds? rowKinds;

    private static EventTrigger? TriggerOf(FlowNode node) => node switch
    {
        StartEvent s => s.Trigger,
        IntermediateCatchEvent c => c.Trigger,
        BoundaryEvent b => b.Trigger,
        _ => null,
    };

    /// <summary>The process-level start events.</summary>
    public IEnumerable<StartEvent> StartEvents => nodes.Values.OfType<StartEvent>().Where(s => s.Parent is null);

    /// <summary>The process-level none start event, if any.</summary>
    public StartEvent? NoneStart => StartEvents.FirstOrDefault(s => s.Trigger is null);

    /// <summary>A node by id.</summary>
    public FlowNode GetNode(string id) =>
        nodes.TryGetValue(id, out var node) ? node : throw new KeyNotFoundException($"Element '{id}' is not in process '{Id}'.");

    /// <summary>A node by id, or null.</summary>
    public FlowNode? FindNode(string id) => nodes.GetValueOrDefault(id);

    /// <summary>A flow by id, or null.</summary>
    public SequenceFlow? FindFlow(string id) => flows.GetValueOrDefault(id);
}

/// <summary>The kinds of rows an instance of a process can have (<see cref="ProcessModel.RowKinds"/>).</summary>
/// <param name="UserTasks">It has user tasks.</param>
/// <param name="Timers">It has timer events.</param>
/// <param name="Subscriptions">It has message events.</param>
/// <param name="ExternalCalls">It has service tasks.</param>
public sealed record InstanceRowKinds(bool UserTasks, bool Timers, bool Subscriptions, bool ExternalCalls);
