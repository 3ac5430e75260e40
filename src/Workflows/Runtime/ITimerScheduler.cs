namespace Zzut.Workflows.Runtime;

/// <summary>A timer that was armed by a committed step and should fire at <see cref="DueAt"/>.</summary>
/// <param name="TimerId">The timer row.</param>
/// <param name="DueAt">When it is due.</param>
public sealed record ScheduledTimer(Guid TimerId, DateTimeOffset DueAt);

/// <summary>
/// Turns armed timer rows into scheduled jobs (Hangfire in the host). The rows are the truth: a scheduler may lose a
/// job, because a sweep over due rows fires whatever is due, and firing is idempotent.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Called after the step that armed the timers has committed.</summary>
    Task ScheduleAsync(IReadOnlyList<ScheduledTimer> timers, CancellationToken cancellationToken = default);
}

/// <summary>The default: no jobs; timers fire when <see cref="IWorkflowEngine.FireDueTimersAsync"/> sweeps.</summary>
internal sealed class SweepOnlyTimerScheduler : ITimerScheduler
{
    public Task ScheduleAsync(IReadOnlyList<ScheduledTimer> timers, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
