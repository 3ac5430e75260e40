using System.Text.Json.Nodes;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// The engine's front door: deploy definitions, start and drive instances, query state.
/// Every state-changing call is one database transaction; concurrent calls on one instance are serialized by optimistic
/// concurrency (the loser is retried on fresh state, or rejected with <see cref="WorkflowConflictException"/>).
/// </summary>
public interface IWorkflowEngine
{
    /// <summary>
    /// Deploys BPMN XML. Changed content for a key creates version N+1; content identical to the latest version
    /// returns that version with <see cref="DeploymentResult.Created"/> false.
    /// </summary>
    /// <exception cref="Parsing.BpmnValidationException">The document is invalid; carries every problem.</exception>
    Task<DeploymentResult> DeployAsync(string xml, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>Every definition key with its latest version.</summary>
    Task<IReadOnlyList<DefinitionSummary>> ListDefinitionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every version of a key, oldest first; empty when the key is unknown.</summary>
    Task<IReadOnlyList<DefinitionVersionInfo>> ListVersionsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The XML of one version, or null.</summary>
    Task<string?> GetDefinitionXmlAsync(string key, int version, CancellationToken cancellationToken = default);

    /// <summary>Who may start the named (or latest) version: its <c>camunda:candidateStarterGroups</c>/<c>Users</c>; null when unknown.</summary>
    Task<DefinitionStarters?> GetStartersAsync(string key, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when the user took part in the instance: started it, or is (or was) the assignee, a candidate user, a
    /// member of a candidate group, or the completer of one of its tasks.
    /// </summary>
    Task<bool> IsParticipantAsync(Guid instanceId, string userName, IReadOnlyCollection<string> groups, CancellationToken cancellationToken = default);

    /// <summary>Starts an instance at the none start event of the named (or latest) version.</summary>
    /// <exception cref="WorkflowNotFoundException">Unknown key or version.</exception>
    /// <exception cref="WorkflowConflictException">An active instance of the key holds the business key.</exception>
    Task<InstanceView> StartAsync(StartInstanceRequest request, CancellationToken cancellationToken = default);

    /// <summary>One instance, or null.</summary>
    Task<InstanceView?> GetInstanceAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Instances matching a query, newest first (one page: <see cref="InstanceQuery.Skip"/>, <see cref="InstanceQuery.Limit"/>).</summary>
    Task<IReadOnlyList<InstanceView>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many instances match a query, all pages together.</summary>
    Task<int> CountInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// What people submitted in an instance, oldest first: the start's variables and each completed user task's, with
    /// the element, its form, who and when; null when the instance is unknown.
    /// </summary>
    Task<IReadOnlyList<SubmissionView>?> GetSubmissionsAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>The parsed model of a definition version (the latest when <paramref name="version"/> is null), or null.</summary>
    Task<Model.ProcessModel?> GetModelAsync(string key, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>The parsed model of the version an instance runs, or null when there is no such instance.</summary>
    Task<Model.ProcessModel?> GetInstanceModelAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Incidents (open ones when <paramref name="status"/> is <c>open</c>) with their instances, newest first.</summary>
    Task<IReadOnlyList<IncidentListItem>> QueryIncidentsAsync(string? status = "open", CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims, returns or assigns an open task (<paramref name="assignee"/>: who holds it afterwards), recorded in the
    /// instance's history with the actor. Who may do which is the caller's rule.
    /// </summary>
    /// <exception cref="WorkflowNotFoundException">Unknown task.</exception>
    /// <exception cref="WorkflowConflictException">The task is not open, or a claim finds it held by somebody.</exception>
    Task<TaskView> SetTaskAssigneeAsync(Guid taskId, TaskAssignment change, string? assignee, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels an active instance: its tasks, timers and subscriptions end with it.</summary>
    /// <exception cref="WorkflowNotFoundException">Unknown instance.</exception>
    /// <exception cref="WorkflowConflictException">The instance has already ended.</exception>
    Task<InstanceView> CancelAsync(Guid id, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets process variables of a running instance (for example to fix the cause of an incident before a retry).
    /// Recorded in the history with the actor.
    /// </summary>
    /// <exception cref="WorkflowNotFoundException">Unknown instance.</exception>
    /// <exception cref="WorkflowConflictException">The instance has already ended.</exception>
    Task<InstanceView> SetVariablesAsync(Guid id, JsonObject variables, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>The instance's history, oldest first; null when the instance is unknown.</summary>
    Task<IReadOnlyList<HistoryEntryView>?> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Recomputes the instance's hash chain; null when the instance is unknown.</summary>
    Task<HistoryVerification?> VerifyHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>User tasks matching a query, by priority then creation.</summary>
    Task<IReadOnlyList<TaskView>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many user tasks match a query, all pages together.</summary>
    Task<int> CountTasksAsync(TaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>One user task, or null.</summary>
    Task<TaskView?> GetTaskAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The evaluated input parameters (<c>camunda:inputParameter</c>) of an open user task — the values its definition
    /// fills in on purpose; empty for a task without inputs or not open, null when the task is unknown.
    /// </summary>
    Task<System.Text.Json.Nodes.JsonObject?> GetTaskInputsAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Completes an open user task with the submitted variables and runs the instance to its next wait.</summary>
    /// <exception cref="WorkflowNotFoundException">Unknown task.</exception>
    /// <exception cref="WorkflowConflictException">The task is not open (completed, cancelled).</exception>
    Task<InstanceView> CompleteTaskAsync(Guid taskId, JsonObject? variables, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers a message: to every instance waiting for it (restricted to the business key when given), one waiting
    /// element per instance; when none waits, starts the definitions whose latest version has a message start event of
    /// that name. Returns the instances reached; empty when nothing waited.
    /// </summary>
    Task<IReadOnlyList<Guid>> CorrelateMessageAsync(string name, string? businessKey, JsonObject? variables, CancellationToken cancellationToken = default);

    /// <summary>Fires every armed timer due at or before <paramref name="now"/>; each firing is its own transaction. Returns how many fired.</summary>
    Task<int> FireDueTimersAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Fires one timer if it is armed and due; a timer already fired or cancelled is a no-op (returns false).</summary>
    Task<bool> FireTimerAsync(Guid timerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs one attempt of an external activity call, if it is pending and due. Success moves the instance on; a failure
    /// is retried with exponential back-off; after the last attempt the instance gets an incident.
    /// </summary>
    Task<ExternalTaskOutcome> RunExternalTaskAsync(Guid externalTaskId, CancellationToken cancellationToken = default);

    /// <summary>Runs every pending external call due at or before <paramref name="now"/> (and releases calls stuck running). Returns how many ran.</summary>
    Task<int> RunDueExternalTasksAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Armed timers, soonest first (optionally of one instance).</summary>
    Task<IReadOnlyList<TimerView>> QueryTimersAsync(Guid? instanceId = null, CancellationToken cancellationToken = default);

    /// <summary>Retries the element where an incident was raised, once its cause is fixed.</summary>
    /// <exception cref="WorkflowNotFoundException">Unknown instance or incident.</exception>
    /// <exception cref="WorkflowConflictException">The incident is already resolved.</exception>
    Task<InstanceView> RetryIncidentAsync(Guid instanceId, Guid incidentId, string? actor = null, CancellationToken cancellationToken = default);
}
