namespace Zzut.Workflows.Runtime;

/// <summary>A timer that a committed step armed, due at <see cref="DueAt"/>.</summary>
/// <param name="TimerId">The timer row.</param>
/// <param name="DueAt">When it is due.</param>
public sealed record ScheduledTimer(Guid TimerId, DateTimeOffset DueAt);

/// <summary>Background work a committed step created: timers to fire, external activities to run, e-mails to send.</summary>
/// <param name="Timers">Armed (or re-armed) timers.</param>
/// <param name="ExternalTasks">External activity calls, with when they are due.</param>
/// <param name="OutboxMessages">E-mails written to the outbox.</param>
public sealed record ScheduledWork(IReadOnlyList<ScheduledTimer> Timers, IReadOnlyList<ScheduledTimer> ExternalTasks, IReadOnlyList<Guid> OutboxMessages)
{
    /// <summary>Nothing to schedule.</summary>
    public static ScheduledWork None { get; } = new([], [], []);

    /// <summary>True when there is nothing to schedule.</summary>
    public bool IsEmpty => Timers.Count == 0 && ExternalTasks.Count == 0 && OutboxMessages.Count == 0;
}

/// <summary>
/// Turns the rows a step committed into jobs (Hangfire in the host). The rows are the truth: a scheduler may lose a job,
/// because sweeps over due rows run whatever is due, and running any of them twice is harmless.
/// </summary>
public interface IWorkScheduler
{
    /// <summary>Called after the step that created the work has committed.</summary>
    Task ScheduleAsync(ScheduledWork work, CancellationToken cancellationToken = default);
}

/// <summary>The default: no jobs; work is picked up when the engine's sweeps run.</summary>
internal sealed class SweepOnlyWorkScheduler : IWorkScheduler
{
    public Task ScheduleAsync(ScheduledWork work, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
