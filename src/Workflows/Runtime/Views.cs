using System.Text.Json.Nodes;

namespace Zzut.Workflows.Runtime;

/// <summary>Instance lifecycle states, as the API spells them.</summary>
public static class InstanceStatus
{
    /// <summary>Running or waiting.</summary>
    public const string Active = "active";

    /// <summary>Reached its end normally.</summary>
    public const string Completed = "completed";

    /// <summary>Ended by a terminate end event.</summary>
    public const string Terminated = "terminated";

    /// <summary>Cancelled through the API.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Active, but at least one element failed and waits for a retry.</summary>
    public const string Incident = "incident";

    /// <summary>True for the states in which the instance still holds its business key.</summary>
    public static bool IsRunning(string status) => status is Active or Incident;
}

/// <summary>User task states.</summary>
public static class UserTaskStatus
{
    /// <summary>Waiting for someone to complete it.</summary>
    public const string Open = "open";

    /// <summary>Completed by a person.</summary>
    public const string Completed = "completed";

    /// <summary>Ended without completion (a boundary event interrupted it, or the instance ended).</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>External activity call states.</summary>
public static class ExternalTaskStatus
{
    /// <summary>Waiting for its (next) attempt.</summary>
    public const string Pending = "pending";

    /// <summary>An attempt is under way.</summary>
    public const string Running = "running";

    /// <summary>Succeeded; the instance moved on.</summary>
    public const string Completed = "completed";

    /// <summary>The last attempt failed; the instance has an incident.</summary>
    public const string Failed = "failed";

    /// <summary>Its token ended before it ran (interrupted, cancelled).</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>What one attempt of an external call came to.</summary>
public enum ExternalTaskOutcome
{
    /// <summary>Nothing ran: the call was not pending or not due, or another worker had claimed it.</summary>
    Skipped,

    /// <summary>The activity succeeded and the instance moved on.</summary>
    Completed,

    /// <summary>The activity failed; another attempt is scheduled.</summary>
    Retrying,

    /// <summary>The activity failed its last attempt; the instance has an incident.</summary>
    Failed,
}

/// <summary>The result of a deployment.</summary>
public sealed record DeploymentResult(Guid Id, string Key, int Version, string? Name, string Hash, DateTimeOffset DeployedAt, bool Created);

/// <summary>A definition key with its latest version.</summary>
public sealed record DefinitionSummary(string Key, string? Name, int LatestVersion);

/// <summary>One version of a definition.</summary>
public sealed record DefinitionVersionInfo(int Version, string Hash, DateTimeOffset DeployedAt);

/// <summary>What to start.</summary>
public sealed record StartInstanceRequest(string DefinitionKey, int? Version = null, string? BusinessKey = null, JsonObject? Variables = null, string? Actor = null);

/// <summary>Filters for instance queries (all optional); <see cref="Limit"/> rows from <see cref="Skip"/> on, newest first.</summary>
public sealed record InstanceQuery(string? DefinitionKey = null, string? Status = null, string? BusinessKey = null, int Limit = 500)
{
    /// <summary>Rows to skip (paging).</summary>
    public int Skip { get; init; }

    /// <summary>Only this version of the definition.</summary>
    public int? Version { get; init; }

    /// <summary>Only instances for this unit (<see cref="InstanceLabels"/>).</summary>
    public string? UnitCode { get; init; }

    /// <summary>Only instances whose title contains this text.</summary>
    public string? TitleContains { get; init; }

    /// <summary>Only instances started at or after this instant.</summary>
    public DateTimeOffset? StartedFrom { get; init; }

    /// <summary>Only instances started before this instant.</summary>
    public DateTimeOffset? StartedBefore { get; init; }

    /// <summary>Only instances this user started.</summary>
    public string? StartedBy { get; init; }

    /// <summary>
    /// Only instances this person took part in (started, or a task assigned to them, naming them or one of their groups
    /// as candidates, or completed by them); applied in the database, before paging. Null: every instance.
    /// </summary>
    public TaskAudience? VisibleTo { get; init; }
}

/// <summary>An incident with the instance it stopped, for the operations console.</summary>
public sealed record IncidentListItem(Guid Id, Guid InstanceId, string DefinitionKey, int Version, string? Title, string? UnitCode, string ElementId, string Message, string Status, DateTimeOffset CreatedAt);

/// <summary>How a task's assignee changes.</summary>
public enum TaskAssignment
{
    /// <summary>A candidate takes the task: it becomes theirs alone (fails when somebody holds it).</summary>
    Claim,

    /// <summary>The holder gives the task back to its candidates.</summary>
    Unclaim,

    /// <summary>Somebody responsible names the person who is to do it (or clears the assignee).</summary>
    Assign,
}

/// <summary>Filters for task queries (all optional); <see cref="Limit"/> rows from <see cref="Skip"/> on.</summary>
public sealed record TaskQuery(string? CandidateGroup = null, string? Assignee = null, Guid? InstanceId = null, string? Status = null, int Limit = 500)
{
    /// <summary>Only tasks this person may see: assigned to them, naming them a candidate, or naming one of their groups.</summary>
    public TaskAudience? VisibleTo { get; init; }

    /// <summary>Rows to skip (paging).</summary>
    public int Skip { get; init; }

    /// <summary>Only tasks this user completed (listed most recently completed first).</summary>
    public string? CompletedBy { get; init; }

    /// <summary>Only tasks of this definition key.</summary>
    public string? DefinitionKey { get; init; }

    /// <summary>Only tasks assigned to this user or to nobody (the inbox's "mine" tab).</summary>
    public string? FreeOrHeldBy { get; init; }

    /// <summary>Only tasks naming this person or one of their groups as candidates (the inbox's "group" tab).</summary>
    public TaskAudience? CandidateOf { get; init; }

    /// <summary>Only tasks nobody has claimed or been assigned.</summary>
    public bool Unassigned { get; init; }

    /// <summary>Only tasks of instances for this unit (<see cref="InstanceLabels"/>).</summary>
    public string? UnitCode { get; init; }

    /// <summary>Only tasks due at or before this instant.</summary>
    public DateTimeOffset? DueBy { get; init; }
}

/// <summary>A person for task visibility: their user name and groups (<c>role:center</c>, <c>unit:jsj</c>, …).</summary>
public sealed record TaskAudience(string UserName, IReadOnlyCollection<string> Groups)
{
    /// <summary>True when the task is theirs to see and complete.</summary>
    public bool CanSee(TaskView task) =>
        task.Assignee == UserName || task.CandidateUsers.Contains(UserName) || task.CandidateGroups.Any(Groups.Contains);

    /// <summary>The <c>task_candidates</c> keys that make a task theirs: their user name and each of their groups.</summary>
    internal List<string> CandidateKeys() => [Persistence.TaskCandidateRecord.ForUser(UserName), .. Groups.Select(Persistence.TaskCandidateRecord.ForGroup)];
}

/// <summary>Who may start a definition version.</summary>
/// <param name="Version">The version asked for (or the latest).</param>
/// <param name="Groups"><c>camunda:candidateStarterGroups</c>.</param>
/// <param name="Users"><c>camunda:candidateStarterUsers</c>.</param>
/// <param name="FormRef">The none start event's <c>camunda:formRef</c>: the form a start is validated against, if any.</param>
/// <param name="StartableByPeople">False when only other processes start it (<c>camunda:isStartableInTasklist="false"</c>).</param>
public sealed record DefinitionStarters(int Version, IReadOnlyList<string> Groups, IReadOnlyList<string> Users, string? FormRef = null, bool StartableByPeople = true);

/// <summary>An instance as the API shows it.</summary>
public sealed record InstanceView(
    Guid Id,
    string DefinitionKey,
    int Version,
    string Status,
    string? BusinessKey,
    IReadOnlyList<string> ActiveElementIds,
    JsonObject Variables,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<IncidentView> Incidents)
{
    /// <summary>For an instance started by a call activity: the calling instance.</summary>
    public Guid? ParentInstanceId { get; init; }

    /// <summary>For an instance started by a call activity: the call activity's id in the calling definition.</summary>
    public string? ParentElementId { get; init; }

    /// <summary>The instances this instance's call activities started, oldest first (filled by <see cref="IWorkflowEngine.GetInstanceAsync"/>).</summary>
    public IReadOnlyList<CalledInstanceView> CalledInstances { get; init; } = [];

    /// <summary>The business title (<see cref="InstanceLabels"/>).</summary>
    public string? Title { get; init; }

    /// <summary>The unit the instance is for (<see cref="InstanceLabels"/>).</summary>
    public string? UnitCode { get; init; }

    /// <summary>Who started it.</summary>
    public string? StartedBy { get; init; }
}

/// <summary>An instance started by a call activity, as its parent shows it.</summary>
/// <param name="Id">The called instance.</param>
/// <param name="ElementId">The call activity that started it.</param>
/// <param name="DefinitionKey">The called definition.</param>
/// <param name="Version">The called version.</param>
/// <param name="Status">Its status (<see cref="InstanceStatus"/>).</param>
public sealed record CalledInstanceView(Guid Id, string ElementId, string DefinitionKey, int Version, string Status);

/// <summary>An incident: an element that failed, waiting for a retry.</summary>
public sealed record IncidentView(Guid Id, string ElementId, string Message, string Status, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt)
{
    /// <summary>For an incident on a call activity that stands for the called instance's incidents: that instance (retry there).</summary>
    public Guid? CalledInstanceId { get; init; }
}

/// <summary>A user task as the API shows it.</summary>
public record TaskView(
    Guid Id,
    Guid InstanceId,
    string ElementId,
    string? Name,
    string? Assignee,
    IReadOnlyList<string> CandidateGroups,
    DateTimeOffset? DueAt,
    DateTimeOffset? FollowUpAt,
    int Priority,
    string? FormRef,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? CompletedBy,
    string DefinitionKey,
    string? BusinessKey)
{
    /// <summary>Candidate users (<c>camunda:candidateUsers</c>).</summary>
    public IReadOnlyList<string> CandidateUsers { get; init; } = [];

    /// <summary>The instance's business title (<see cref="InstanceLabels"/>).</summary>
    public string? Title { get; init; }

    /// <summary>The instance's unit (<see cref="InstanceLabels"/>).</summary>
    public string? UnitCode { get; init; }
}

/// <summary>
/// What a person submitted in an instance: its start (<see cref="Kind"/> <c>start</c>) or the completion of one of its
/// user tasks (<c>task</c>), as the history recorded it.
/// </summary>
/// <param name="Kind"><c>start</c> or <c>task</c>.</param>
/// <param name="ElementId">The start event or user task.</param>
/// <param name="Name">The element's name.</param>
/// <param name="TaskId">The completed task, for <c>task</c>.</param>
/// <param name="FormRef">The form the submission was made on, if any.</param>
/// <param name="Actor">Who submitted it.</param>
/// <param name="At">When.</param>
/// <param name="Variables">The submitted variables.</param>
public sealed record SubmissionView(string Kind, string ElementId, string? Name, Guid? TaskId, string? FormRef, string? Actor, DateTimeOffset At, JsonObject Variables);

/// <summary>An armed timer.</summary>
public sealed record TimerView(Guid Id, Guid? InstanceId, string DefinitionKey, string ElementId, DateTimeOffset DueAt, string Status, int FiredCount);

/// <summary>One history row.</summary>
public sealed record HistoryEntryView(int Sequence, DateTimeOffset Timestamp, string Type, string? ElementId, string? Actor, JsonNode? Data, string Hash);

/// <summary>The result of checking an instance's hash chain.</summary>
/// <param name="Intact">True when every row's hash matches its content and its predecessor.</param>
/// <param name="Entries">How many rows were checked.</param>
/// <param name="FirstBrokenSequence">The first row whose hash or link does not match, if any.</param>
public sealed record HistoryVerification(bool Intact, int Entries, int? FirstBrokenSequence);
