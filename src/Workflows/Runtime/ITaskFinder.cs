namespace Zzut.Workflows.Runtime;

/// <summary>
/// Which open tasks to find: those whose element carries <c>&lt;camunda:property name="{Name}" value="{Value}"/&gt;</c>,
/// optionally of one definition, of instances whose business key starts with a prefix, of one instance, or visible to a person.
/// </summary>
/// <param name="Name">The property's name, e.g. <c>purpose</c>.</param>
/// <param name="Value">Its value, e.g. <c>vm-reregister</c>.</param>
public sealed record TaskPropertyQuery(string Name, string Value)
{
    /// <summary>Only tasks of instances of this definition key.</summary>
    public string? DefinitionKey { get; init; }

    /// <summary>Only tasks of instances whose business key starts with this.</summary>
    public string? BusinessKeyPrefix { get; init; }

    /// <summary>Only tasks of this instance.</summary>
    public Guid? InstanceId { get; init; }

    /// <summary>Only tasks this person may see and complete.</summary>
    public TaskAudience? VisibleTo { get; init; }
}

/// <summary>
/// Finds open user tasks by what their element says it is for (a <c>camunda:property</c> read from the deployed model of
/// the task's own definition version), never by element id: an endpoint that completes "the re-registration task" keeps
/// working when the element is renamed in a modeler.
/// </summary>
public interface ITaskFinder
{
    /// <summary>The open tasks matching the query, oldest first.</summary>
    Task<IReadOnlyList<TaskView>> FindOpenAsync(TaskPropertyQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The business keys instances have used: a scan that starts one instance per period skips a period already started.</summary>
public interface IBusinessKeyIndex
{
    /// <summary>The business keys of every instance of the definition key, running or ended.</summary>
    Task<IReadOnlySet<string>> UsedAsync(string definitionKey, CancellationToken cancellationToken = default);
}
