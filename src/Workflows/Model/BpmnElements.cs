namespace Zzut.Workflows.Model;

/// <summary>Base of every element the engine reads from a BPMN document.</summary>
public abstract class BpmnElement
{
    /// <summary>The element's <c>id</c> attribute.</summary>
    public required string Id { get; init; }

    /// <summary>The element's <c>name</c> attribute, if any.</summary>
    public string? Name { get; init; }

    /// <summary>The line in the source document where the element starts (1-based; 0 when unknown).</summary>
    public int Line { get; init; }
}

/// <summary>A sequence flow between two flow nodes.</summary>
public sealed class SequenceFlow : BpmnElement
{
    /// <summary>Id of the node the flow leaves.</summary>
    public required string SourceRef { get; init; }

    /// <summary>Id of the node the flow enters.</summary>
    public required string TargetRef { get; init; }

    /// <summary>The condition text (usually <c>${…}</c>), or null for an unconditional flow.</summary>
    public string? Condition { get; init; }

    /// <summary>The resolved source node (set by the parser once all nodes are known).</summary>
    public FlowNode Source { get; internal set; } = null!;

    /// <summary>The resolved target node.</summary>
    public FlowNode Target { get; internal set; } = null!;
}

/// <summary>Anything that can hold a token: events, activities, gateways.</summary>
public abstract class FlowNode : BpmnElement
{
    private readonly List<SequenceFlow> incoming = [];
    private readonly List<SequenceFlow> outgoing = [];
    private readonly List<BoundaryEvent> boundaryEvents = [];

    /// <summary>The sub-process that contains this node, or null at process level.</summary>
    public SubProcess? Parent { get; internal set; }

    /// <summary>Flows entering this node, in document order.</summary>
    public IReadOnlyList<SequenceFlow> Incoming => incoming;

    /// <summary>Flows leaving this node, in document order.</summary>
    public IReadOnlyList<SequenceFlow> Outgoing => outgoing;

    /// <summary>Boundary events attached to this node (activities only).</summary>
    public IReadOnlyList<BoundaryEvent> BoundaryEvents => boundaryEvents;

    /// <summary><c>camunda:inputOutput</c> mappings.</summary>
    public IoMapping IoMapping { get; init; } = IoMapping.Empty;

    /// <summary><c>camunda:properties</c> as name/value pairs.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>A readable description for messages: <c>userTask 'review' (审核)</c>.</summary>
    public string Describe() => Name is null ? $"{Kind} '{Id}'" : $"{Kind} '{Id}' ({Name})";

    /// <summary>The BPMN element name, e.g. <c>userTask</c>.</summary>
    public abstract string Kind { get; }

    internal void AddIncoming(SequenceFlow flow) => incoming.Add(flow);

    internal void AddOutgoing(SequenceFlow flow) => outgoing.Add(flow);

    internal void AddBoundary(BoundaryEvent boundary) => boundaryEvents.Add(boundary);
}

/// <summary>What an event waits for or reacts to.</summary>
public abstract record EventTrigger;

/// <summary>A message event: waits for a message with the given name.</summary>
/// <param name="MessageName">The <c>name</c> of the referenced <c>bpmn:message</c>.</param>
public sealed record MessageTrigger(string MessageName) : EventTrigger;

/// <summary>A timer event.</summary>
/// <param name="Kind">Which of <c>timeDate</c>, <c>timeDuration</c>, <c>timeCycle</c> was given.</param>
/// <param name="Value">The timer text: ISO 8601, or a <c>${…}</c> expression that yields it.</param>
public sealed record TimerTrigger(TimerKind Kind, string Value) : EventTrigger;

/// <summary>The three BPMN timer forms.</summary>
public enum TimerKind
{
    /// <summary>A fixed instant (<c>timeDate</c>).</summary>
    Date,

    /// <summary>A delay from arming (<c>timeDuration</c>).</summary>
    Duration,

    /// <summary>A repeating interval (<c>timeCycle</c>, e.g. <c>R3/PT1H</c>).</summary>
    Cycle,
}

/// <summary>A start event: none, message or timer.</summary>
public sealed class StartEvent : FlowNode
{
    /// <summary>Null for a none start event.</summary>
    public EventTrigger? Trigger { get; init; }

    /// <summary><c>camunda:formRef</c> (or <c>camunda:formKey</c>): the form a person fills in to start the process.</summary>
    public string? FormRef { get; init; }

    /// <inheritdoc />
    public override string Kind => "startEvent";
}

/// <summary>An end event: none or terminate.</summary>
public sealed class EndEvent : FlowNode
{
    /// <summary>True for a terminate end event.</summary>
    public bool Terminate { get; init; }

    /// <inheritdoc />
    public override string Kind => "endEvent";
}

/// <summary>An intermediate catch event: message or timer.</summary>
public sealed class IntermediateCatchEvent : FlowNode
{
    /// <summary>What the event waits for.</summary>
    public required EventTrigger Trigger { get; init; }

    /// <inheritdoc />
    public override string Kind => "intermediateCatchEvent";
}

/// <summary>A boundary event attached to an activity: message or timer, interrupting or not.</summary>
public sealed class BoundaryEvent : FlowNode
{
    /// <summary>Id of the activity the event is attached to.</summary>
    public required string AttachedToRef { get; init; }

    /// <summary>The resolved activity.</summary>
    public FlowNode AttachedTo { get; internal set; } = null!;

    /// <summary><c>cancelActivity</c>: true (the default) interrupts the activity.</summary>
    public bool CancelActivity { get; init; } = true;

    /// <summary>What the event waits for.</summary>
    public required EventTrigger Trigger { get; init; }

    /// <inheritdoc />
    public override string Kind => "boundaryEvent";
}

/// <summary>A user task: work for a person, with the Camunda 7 assignment attributes.</summary>
public sealed class UserTask : FlowNode
{
    /// <summary><c>camunda:assignee</c>: a user name or an expression.</summary>
    public string? Assignee { get; init; }

    /// <summary><c>camunda:candidateGroups</c>: comma-separated groups or an expression.</summary>
    public string? CandidateGroups { get; init; }

    /// <summary><c>camunda:candidateUsers</c>: comma-separated users or an expression.</summary>
    public string? CandidateUsers { get; init; }

    /// <summary><c>camunda:dueDate</c>: ISO date-time or an expression.</summary>
    public string? DueDate { get; init; }

    /// <summary><c>camunda:followUpDate</c>: ISO date-time or an expression.</summary>
    public string? FollowUpDate { get; init; }

    /// <summary><c>camunda:priority</c>: an integer or an expression.</summary>
    public string? Priority { get; init; }

    /// <summary><c>camunda:formRef</c> (or <c>camunda:formKey</c>): the form shown for this task.</summary>
    public string? FormRef { get; init; }

    /// <inheritdoc />
    public override string Kind => "userTask";
}

/// <summary>A service or send task, executed by the activity registered under <see cref="Topic"/>.</summary>
public sealed class ServiceTask : FlowNode
{
    /// <summary><c>camunda:topic</c>: the stable name of the activity that runs this task.</summary>
    public required string Topic { get; init; }

    /// <summary>True for a <c>sendTask</c>, false for a <c>serviceTask</c>.</summary>
    public bool IsSendTask { get; init; }

    /// <inheritdoc />
    public override string Kind => IsSendTask ? "sendTask" : "serviceTask";
}

/// <summary>The gateway kinds the engine executes.</summary>
public enum GatewayKind
{
    /// <summary>Exactly one outgoing flow: the first whose condition holds, else the default.</summary>
    Exclusive,

    /// <summary>Fork to all outgoing flows; join waits for every incoming flow.</summary>
    Parallel,

    /// <summary>Fork to all flows whose condition holds; join waits for every token that can still arrive.</summary>
    Inclusive,

    /// <summary>The first of the following catch events to be triggered wins.</summary>
    EventBased,
}

/// <summary>A gateway.</summary>
public sealed class Gateway : FlowNode
{
    /// <summary>Which gateway.</summary>
    public required GatewayKind GatewayKind { get; init; }

    /// <summary>Id of the default flow (<c>default</c> attribute) for exclusive and inclusive gateways.</summary>
    public string? DefaultFlowId { get; init; }

    /// <inheritdoc />
    public override string Kind => GatewayKind switch
    {
        GatewayKind.Exclusive => "exclusiveGateway",
        GatewayKind.Parallel => "parallelGateway",
        GatewayKind.Inclusive => "inclusiveGateway",
        _ => "eventBasedGateway",
    };
}

/// <summary>An embedded sub-process: a scope with its own none start event.</summary>
public sealed class SubProcess : FlowNode
{
    private readonly List<FlowNode> children = [];

    /// <summary>The nodes directly inside this sub-process.</summary>
    public IReadOnlyList<FlowNode> Children => children;

    /// <summary>The sub-process's none start event (set by the parser; null only in an invalid model).</summary>
    public StartEvent? Start => children.OfType<StartEvent>().FirstOrDefault();

    /// <inheritdoc />
    public override string Kind => "subProcess";

    internal void AddChild(FlowNode node) => children.Add(node);
}

/// <summary>How a call activity picks the version of the process it calls (<c>camunda:calledElementBinding</c>).</summary>
public enum CalledElementBinding
{
    /// <summary>The latest deployed version, when the call starts (the default).</summary>
    Latest,

    /// <summary>The version named by <c>camunda:calledElementVersion</c>.</summary>
    Version,
}

/// <summary>
/// One <c>camunda:in</c> or <c>camunda:out</c> mapping of a call activity: a variable copied (<see cref="Source"/>),
/// an expression evaluated (<see cref="SourceExpression"/>) or every variable (<see cref="All"/>).
/// </summary>
/// <param name="Source"><c>source</c>: the variable copied.</param>
/// <param name="SourceExpression"><c>sourceExpression</c>: a <c>${…}</c> expression whose value is copied.</param>
/// <param name="Target"><c>target</c>: the variable written (with <see cref="Source"/> or <see cref="SourceExpression"/>).</param>
/// <param name="All"><c>variables="all"</c>: every variable is copied under its own name.</param>
/// <param name="Line">Source line.</param>
public sealed record CallVariableMapping(string? Source, string? SourceExpression, string? Target, bool All, int Line);

/// <summary>
/// A call activity: starts an instance of another deployed process (<c>calledElement</c>, its key) and waits until
/// that instance ends. <c>camunda:in</c> mappings pass variables (and the business key) to the called instance,
/// <c>camunda:out</c> mappings bring its variables back when it ends.
/// </summary>
public sealed class CallActivity : FlowNode
{
    /// <summary><c>calledElement</c>: the key (process id) of the definition to start.</summary>
    public required string CalledElement { get; init; }

    /// <summary><c>camunda:calledElementBinding</c>: which version is started.</summary>
    public CalledElementBinding Binding { get; init; }

    /// <summary><c>camunda:calledElementVersion</c>, with <see cref="CalledElementBinding.Version"/>.</summary>
    public int? CalledElementVersion { get; init; }

    /// <summary>The <c>camunda:in</c> variable mappings, in document order.</summary>
    public IReadOnlyList<CallVariableMapping> In { get; init; } = [];

    /// <summary>The <c>camunda:out</c> variable mappings, in document order.</summary>
    public IReadOnlyList<CallVariableMapping> Out { get; init; } = [];

    /// <summary><c>camunda:in businessKey="…"</c>: the called instance's business key (text or <c>${…}</c>); null for none.</summary>
    public string? BusinessKey { get; init; }

    /// <inheritdoc />
    public override string Kind => "callActivity";
}
