using Zzut.Workflows.Host.Email;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Jobs;

/// <summary>
/// The methods Hangfire runs. Each is idempotent: a timer already fired, an external call already claimed, an e-mail
/// already sent is a no-op, so a job that runs twice (or races a sweep) changes nothing twice.
/// </summary>
public sealed class WorkflowJobs(IWorkflowEngine engine, OutboxSender outbox, IEnumerable<IRecurringWorkflowJob> recurring, Domain.ReferenceData referenceData)
{
    /// <summary>Fires one timer if it is armed and due.</summary>
    public Task<bool> FireTimerAsync(Guid timerId, CancellationToken cancellationToken) => engine.FireTimerAsync(timerId, cancellationToken);

    /// <summary>Runs one attempt of an external activity call.</summary>
    public Task<ExternalTaskOutcome> RunExternalTaskAsync(Guid externalTaskId, CancellationToken cancellationToken) =>
        engine.RunExternalTaskAsync(externalTaskId, cancellationToken);

    /// <summary>Sends one outbox message.</summary>
    public Task<OutboxSendOutcome> SendEmailAsync(Guid messageId, CancellationToken cancellationToken) => outbox.SendAsync(messageId, cancellationToken);

    /// <summary>Runs a configured recurring job by name.</summary>
    public async Task RunRecurringAsync(string name, CancellationToken cancellationToken)
    {
        var job = recurring.FirstOrDefault(j => j.Name == name) ?? throw new InvalidOperationException($"No recurring job is named '{name}'.");
        await referenceData.EnsureCurrentAsync(cancellationToken); // the scans read the calendar outside any step
        await job.RunAsync(cancellationToken);
    }
}

/// <summary>
/// <c>workflow-sweep</c>: fires every due timer, runs every due external call and sends every due e-mail. It is the
/// safety net under the per-item jobs: after a restart of the embedded mode (whose Hangfire jobs live in memory) or a
/// lost job, nothing waits longer than one sweep interval.
/// </summary>
public sealed class WorkflowSweepJob(IWorkflowEngine engine, OutboxSender outbox, TimeProvider time) : IRecurringWorkflowJob
{
    /// <summary>The job's name.</summary>
    public const string JobName = "workflow-sweep";

    /// <inheritdoc />
    public string Name => JobName;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await engine.FireDueTimersAsync(now, cancellationToken);
        await engine.RunDueExternalTasksAsync(now, cancellationToken);
        await outbox.SendDueAsync(now, cancellationToken);
    }
}

/// <summary>
/// <c>reference-data-refresh</c>: reloads the snapshots of the working-day calendar and the latest forms from the
/// database on the node that runs it. Kept as a safety net for the single SQLite node; with several nodes each node
/// checks <c>reference_versions</c> before every request, step and recurring job (<see cref="Domain.ReferenceData"/>),
/// which is what makes an edit made on one node seen at once by the others.
/// </summary>
public sealed class ReferenceDataRefreshJob(Domain.Calendar.WorkingCalendar calendar, Forms.FormStore forms, Domain.Units.UnitAddressBook addresses) : IRecurringWorkflowJob
{
    /// <summary>The job's name.</summary>
    public const string JobName = "reference-data-refresh";

    /// <inheritdoc />
    public string Name => JobName;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await calendar.ReloadAsync(cancellationToken);
        await forms.ReloadAsync(cancellationToken);
        await addresses.ReloadAsync(cancellationToken);
    }
}
