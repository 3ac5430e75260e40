using System.Text.Json.Nodes;

namespace Zzut.Workflows.Activities;

/// <summary>
/// The work behind a service or send task, found by its stable <see cref="Topic"/> (the task's <c>camunda:topic</c>),
/// never by a CLR type name stored in a definition.
/// </summary>
public interface IActivity
{
    /// <summary>The stable name definitions use, e.g. <c>log</c>, <c>variables.set</c>, <c>email.send</c>.</summary>
    string Topic { get; }

    /// <summary>
    /// Where the activity runs: <see cref="ActivityExecution.Transactional"/> inside the step (it may only write through
    /// the step's database context), or <see cref="ActivityExecution.External"/> as a job after the step committed,
    /// retried with back-off (for calls to other systems).
    /// </summary>
    ActivityExecution Execution => ActivityExecution.Transactional;

    /// <summary>
    /// The process variables the activity writes (<see cref="ActivityContext.SetVariable"/>), given the names of the
    /// task's input parameters. They are the procedure's to compute: a deployment whose forms would let a person submit
    /// one of them is refused.
    /// </summary>
    IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => [];

    /// <summary>
    /// Runs the activity. A transactional activity runs inside the step that reached the task: whatever it writes through
    /// the context commits with the step or not at all; when it throws, the instance records an incident at the task.
    /// An external activity runs after the step; when it throws, it is retried with back-off and, after the last
    /// attempt, the instance records an incident.
    /// </summary>
    Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default);
}

/// <summary>Where an activity runs.</summary>
public enum ActivityExecution
{
    /// <summary>Inside the step, in its transaction.</summary>
    Transactional,

    /// <summary>After the step, as a retried job; the token waits at the task until it succeeds.</summary>
    External,
}

/// <summary>What an activity sees and may change.</summary>
public sealed class ActivityContext
{
    private readonly Dictionary<string, JsonNode?> outputs = new(StringComparer.Ordinal);

    /// <summary>Creates a context.</summary>
    public ActivityContext(
        Guid instanceId,
        string definitionKey,
        int definitionVersion,
        string? businessKey,
        string elementId,
        IReadOnlyDictionary<string, JsonNode?> inputs,
        IReadOnlyDictionary<string, JsonNode?> variables,
        IReadOnlyDictionary<string, string> properties,
        DateTimeOffset now,
        IServiceProvider services)
    {
        InstanceId = instanceId;
        DefinitionKey = definitionKey;
        DefinitionVersion = definitionVersion;
        BusinessKey = businessKey;
        ElementId = elementId;
        Inputs = inputs;
        Variables = variables;
        Properties = properties;
        Now = now;
        Services = services;
    }

    /// <summary>The running instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>The definition key of the instance.</summary>
    public string DefinitionKey { get; }

    /// <summary>The definition version the instance runs.</summary>
    public int DefinitionVersion { get; }

    /// <summary>The instance's business key, if any.</summary>
    public string? BusinessKey { get; }

    /// <summary>The id of the service or send task being executed.</summary>
    public string ElementId { get; }

    /// <summary>The task's input parameters (<c>camunda:inputParameter</c>), evaluated.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Inputs { get; }

    /// <summary>The process variables as they were when the task was reached.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Variables { get; }

    /// <summary>The task's <c>camunda:properties</c>.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>The engine's current time (from its <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>
    /// Who caused the step that reached the task: the person who completed a task or started the instance; null for a
    /// timer, a message or an external call.
    /// </summary>
    public string? Actor { get; init; }

    /// <summary>Services of the step's scope (the step's database context among them); for external activities, a scope of their own.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Variables the activity produced; they are written to the instance when the activity returns.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Outputs => outputs;

    /// <summary>An input parameter, or else a process variable, by name.</summary>
    public JsonNode? Get(string name) => Inputs.TryGetValue(name, out var input) ? input : Variables.GetValueOrDefault(name);

    /// <summary>Sets a process variable when the activity completes; <paramref name="name"/> must be one of <see cref="IActivity.OutputNames"/>.</summary>
    public void SetVariable(string name, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        outputs[name] = value?.DeepClone();
    }

    /// <summary>
    /// Refuses outputs <paramref name="activity"/> set without declaring them in <see cref="IActivity.OutputNames"/>: an
    /// undeclared output would be a variable a form could let a person write, so the engine does not store it and the
    /// task fails instead (the declaration is what keeps computed variables out of every submission).
    /// </summary>
    public void EnsureOutputsDeclared(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var declared = activity.OutputNames([.. Inputs.Keys]);
        var undeclared = outputs.Keys.Where(name => !declared.Contains(name)).Order(StringComparer.Ordinal).ToList();
        if (undeclared.Count > 0)
        {
            throw new UndeclaredOutputsException(
                $"活动 {activity.Topic} 设置了未声明的变量 {string.Join("、", undeclared)} (activity '{activity.Topic}' set {string.Join(", ", undeclared)} without declaring it in OutputNames).");
        }
    }
}

/// <summary>
/// An activity set variables it does not declare (<see cref="ActivityContext.EnsureOutputsDeclared"/>): a defect of the
/// activity that running it again cannot cure, so an external call is not retried (its side effect would repeat).
/// </summary>
public sealed class UndeclaredOutputsException(string message) : InvalidOperationException(message);

/// <summary>Looks activities up by topic.</summary>
public interface IActivityRegistry
{
    /// <summary>Every registered topic.</summary>
    IReadOnlyCollection<string> Topics { get; }

    /// <summary>The activity registered for a topic, or null.</summary>
    IActivity? Find(string topic);
}

/// <summary>The registry over the activities in the container.</summary>
public sealed class ActivityRegistry : IActivityRegistry
{
    private readonly Dictionary<string, IActivity> activities;

    /// <summary>Creates the registry; two activities with one topic is a configuration error.</summary>
    public ActivityRegistry(IEnumerable<IActivity> activities)
    {
        this.activities = new Dictionary<string, IActivity>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            if (!this.activities.TryAdd(activity.Topic, activity))
            {
                throw new InvalidOperationException($"Two activities are registered for topic '{activity.Topic}': {this.activities[activity.Topic].GetType().Name} and {activity.GetType().Name}.");
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Topics => activities.Keys;

    /// <inheritdoc />
    public IActivity? Find(string topic) => activities.GetValueOrDefault(topic);
}
