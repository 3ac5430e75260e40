namespace Zzut.Workflows.Persistence;

/// <summary>One deployed version of a process definition.</summary>
public sealed class DefinitionRecord
{
    public Guid Id { get; set; }

    /// <summary>The process id: stable across versions.</summary>
    public string Key { get; set; } = string.Empty;

    public int Version { get; set; }

    public string? Name { get; set; }

    /// <summary>SHA-256 of the normalized XML, hex.</summary>
    public string Hash { get; set; } = string.Empty;

    public string Xml { get; set; } = string.Empty;

    public DateTimeOffset DeployedAt { get; set; }

    public string? DeployedBy { get; set; }
}

/// <summary>A process instance: its status, variables and the head of its history chain.</summary>
public sealed class InstanceRecord
{
    public Guid Id { get; set; }

    public Guid DefinitionId { get; set; }

    public string DefinitionKey { get; set; } = string.Empty;

    public int DefinitionVersion { get; set; }

    public string? BusinessKey { get; set; }

    /// <summary>"key\nbusinessKey" while the instance runs, null once it ended: a unique index keeps one running instance per business key.</summary>
    public string? BusinessKeyLock { get; set; }

    public string Status { get; set; } = string.Empty;

    /// <summary>The process variables as a JSON object.</summary>
    public string VariablesJson { get; set; } = "{}";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? StartedBy { get; set; }

    /// <summary>The business title (the process property <c>title</c>, evaluated when variables change), for lists and search.</summary>
    public string? Title { get; set; }

    /// <summary>The unit the instance is for (the process property <c>unit</c>, or the variable <c>unitCode</c>).</summary>
    public string? UnitCode { get; set; }

    /// <summary>Optimistic-concurrency token: every step increments it.</summary>
    public int Revision { get; set; }

    /// <summary>Sequence number of the newest history row of this instance.</summary>
    public int HistorySequence { get; set; }

    /// <summary>Hash of the newest history row of this instance.</summary>
    public string? LastHistoryHash { get; set; }

    /// <summary>For an instance started by a call activity: the calling instance.</summary>
    public Guid? ParentInstanceId { get; set; }

    /// <summary>For an instance started by a call activity: the calling token, which waits for this instance to end.</summary>
    public Guid? ParentTokenId { get; set; }

    /// <summary>For an instance started by a call activity: the id of the call activity in the calling definition.</summary>
    public string? ParentElementId { get; set; }

    public List<TokenRecord> Tokens { get; set; } = [];
}

/// <summary>Where a token is and what it does there.</summary>
public enum TokenState
{
    /// <summary>Waiting in an activity or event for something to happen.</summary>
    Waiting,

    /// <summary>Arrived at a joining gateway, waiting for the other branches.</summary>
    Joining,

    /// <summary>Holding an embedded sub-process open while child tokens run inside.</summary>
    Scope,

    /// <summary>Stopped by an incident at its element; a retry re-enters the element.</summary>
    Incident,
}

/// <summary>A token: one thread of execution inside an instance.</summary>
public sealed class TokenRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public string ElementId { get; set; } = string.Empty;

    /// <summary>The sub-process token this token runs inside, or null at process level.</summary>
    public Guid? ScopeTokenId { get; set; }

    public TokenState State { get; set; }

    /// <summary>For a joining token: the flow it arrived by.</summary>
    public string? ArrivedVia { get; set; }

    /// <summary>Local variables (an activity's input parameters) as a JSON object, or null.</summary>
    public string? LocalVariablesJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One candidate of a user task, a group or a user: the index behind inboxes (<c>task_candidates</c>). It is a
/// projection of <see cref="UserTaskRecord.CandidateGroups"/> and <see cref="UserTaskRecord.CandidateUsers"/>, written
/// by the step that creates the task and marked closed by the step that ends it (<c>TaskCandidateRows</c>), so that the
/// open tasks of a group are an index range instead of a scan of every open task's comma-separated lists.
/// </summary>
public sealed class TaskCandidateRecord
{
    /// <summary>The prefix of a group's <see cref="Candidate"/>.</summary>
    public const string GroupPrefix = "g:";

    /// <summary>The prefix of a user's <see cref="Candidate"/>.</summary>
    public const string UserPrefix = "u:";

    public Guid TaskId { get; set; }

    /// <summary><c>g:</c> and the group (<c>g:unit:jsj</c>), or <c>u:</c> and the user name.</summary>
    public string Candidate { get; set; } = string.Empty;

    /// <summary>True while the task is open.</summary>
    public bool Open { get; set; }

    /// <summary>A group's candidate key.</summary>
    public static string ForGroup(string group) => GroupPrefix + group;

    /// <summary>A user's candidate key.</summary>
    public static string ForUser(string userName) => UserPrefix + userName;

    /// <summary>The candidate keys of a task (its groups and users, as stored on the task: ",a,b,").</summary>
    public static IEnumerable<string> KeysOf(UserTaskRecord task) =>
        Split(task.CandidateGroups).Select(ForGroup).Concat(Split(task.CandidateUsers).Select(ForUser)).Distinct(StringComparer.Ordinal);

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A user task.</summary>
public sealed class UserTaskRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public Guid TokenId { get; set; }

    public string DefinitionKey { get; set; } = string.Empty;

    public string? BusinessKey { get; set; }

    public string ElementId { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string? Assignee { get; set; }

    /// <summary>Candidate groups as ",a,b," so that one group can be matched with LIKE on every provider.</summary>
    public string CandidateGroups { get; set; } = string.Empty;

    /// <summary>Candidate users as ",a,b,".</summary>
    public string CandidateUsers { get; set; } = string.Empty;

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? FollowUpAt { get; set; }

    public int Priority { get; set; }

    public string? FormRef { get; set; }

    public string Status { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedBy { get; set; }
}

/// <summary>Timer states.</summary>
public enum TimerStatus
{
    /// <summary>Waiting for its due time.</summary>
    Armed,

    /// <summary>Fired (for cycles: the last repetition fired).</summary>
    Fired,

    /// <summary>Cancelled before it fired (its activity ended, its instance ended, or a newer version replaced a start timer).</summary>
    Cancelled,

    /// <summary>Its firing kept stopping the process without committing: an incident now waits for an administrator's retry.</summary>
    Failed,
}

/// <summary>A durable timer: waiting is data.</summary>
public sealed class TimerRecord
{
    public Guid Id { get; set; }

    /// <summary>The instance, or null for a timer start event.</summary>
    public Guid? InstanceId { get; set; }

    public Guid DefinitionId { get; set; }

    public string DefinitionKey { get; set; } = string.Empty;

    /// <summary>The token waiting on the timer, or null for a timer start event.</summary>
    public Guid? TokenId { get; set; }

    /// <summary>The timer event's element id.</summary>
    public string ElementId { get; set; } = string.Empty;

    public DateTimeOffset DueAt { get; set; }

    public TimerStatus Status { get; set; }

    /// <summary>For a cycle: the resolved ISO 8601 repeating interval.</summary>
    public string? Cycle { get; set; }

    /// <summary>How many times the timer has fired.</summary>
    public int FiredCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FiredAt { get; set; }

    /// <summary>Optimistic-concurrency token (start timers have no instance to lock).</summary>
    public int Revision { get; set; }

    /// <summary>
    /// Firing attempts claimed since the timer last fired, each recorded (committed) before the firing runs; a firing
    /// that commits resets it. Attempts that never committed (the process stopped) accumulate until the timer fails.
    /// </summary>
    public int Attempts { get; set; }

    /// <summary>Who holds the current claim (a node's claim token), or null.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when the current claim holds; after that another worker or node may claim the timer again.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
}

/// <summary>A token waiting for a message.</summary>
public sealed class MessageSubscriptionRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public Guid TokenId { get; set; }

    /// <summary>The message event's element id.</summary>
    public string ElementId { get; set; } = string.Empty;

    public string MessageName { get; set; } = string.Empty;

    public string? BusinessKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An element that failed.</summary>
public sealed class IncidentRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public Guid TokenId { get; set; }

    public string ElementId { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    /// <summary>open or resolved.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>What a retry does: <c>enter</c> the element again, or <c>leave</c> it (its outputs failed).</summary>
    public string RetryAction { get; set; } = "enter";

    /// <summary>For an incident on a call activity that stands for the called instance's own incidents: that instance.</summary>
    public Guid? CalledInstanceId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>An append-only, hash-chained history row.</summary>
public sealed class HistoryRecord
{
    public long Id { get; set; }

    /// <summary>The chain the row belongs to: <c>instance:{id}</c> or <c>definition:{key}</c>.</summary>
    public string Stream { get; set; } = string.Empty;

    /// <summary>1-based position in the stream.</summary>
    public int Sequence { get; set; }

    public Guid? InstanceId { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public string Type { get; set; } = string.Empty;

    public string? ElementId { get; set; }

    public string? Actor { get; set; }

    public string? DataJson { get; set; }

    public string PreviousHash { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;
}

/// <summary>
/// A call of an external activity: it runs after the step that reached the service task has committed, outside any
/// step, and is retried with back-off; its token waits at the task meanwhile.
/// </summary>
public sealed class ExternalTaskRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public Guid TokenId { get; set; }

    public string ElementId { get; set; } = string.Empty;

    public string Topic { get; set; } = string.Empty;

    /// <summary>The evaluated input parameters, as a JSON object.</summary>
    public string InputsJson { get; set; } = "{}";

    /// <summary>pending, running, completed, failed or cancelled.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due (pending tasks).</summary>
    public DateTimeOffset DueAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Optimistic-concurrency token: claiming an attempt is a compare-and-set.</summary>
    public int Revision { get; set; }
}

/// <summary>
/// An e-mail written by a step (transactional outbox): it commits with the step and is sent afterwards by a job, with
/// retries; a message that keeps failing stays visible as failed.
/// </summary>
public sealed class OutboxMessageRecord
{
    public Guid Id { get; set; }

    /// <summary>The instance whose step wrote the message, if any.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>The user task the message is about, if any.</summary>
    public Guid? TaskId { get; set; }

    /// <summary>Recipients, comma-separated addresses.</summary>
    public string To { get; set; } = string.Empty;

    /// <summary>Copy recipients, comma-separated addresses.</summary>
    public string Cc { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string HtmlBody { get; set; } = string.Empty;

    public string TextBody { get; set; } = string.Empty;

    /// <summary>pending, sending, sent or failed.</summary>
    public string Status { get; set; } = string.Empty;

    public int Attempts { get; set; }

    /// <summary>When the next attempt is due (pending messages).</summary>
    public DateTimeOffset DueAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>What the SMTP server answered on acceptance (or the pickup file written).</summary>
    public string? ServerResponse { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Optimistic-concurrency token: claiming a send is a compare-and-set, so one row is sent once.</summary>
    public int Revision { get; set; }
}

/// <summary>
/// A definition an administrator is editing and has not deployed: one per key, saved by the designer as it goes, so
/// that work survives a reload or another browser. Deploying creates a version; the draft is then removed.
/// </summary>
public sealed class DefinitionDraftRecord
{
    /// <summary>The process id of the draft's XML: the definition key it will deploy as.</summary>
    public string Key { get; set; } = string.Empty;

    public string Xml { get; set; } = string.Empty;

    /// <summary>The deployed version the draft was started from (null for a new definition).</summary>
    public int? BaseVersion { get; set; }

    public DateTimeOffset SavedAt { get; set; }

    public string? SavedBy { get; set; }

    /// <summary>Optimistic-concurrency token: a save based on an older revision is refused, so one editor cannot silently overwrite another.</summary>
    public int Revision { get; set; }
}
