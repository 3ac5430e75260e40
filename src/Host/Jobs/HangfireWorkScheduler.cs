using Hangfire;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Host.Email;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Jobs;

/// <summary>
/// Turns what a step committed into Hangfire jobs: one per timer that no running dispatcher will fire (where this node
/// runs none, or its refills could miss the timer), one per external call or e-mail that the in-process dispatchers cannot take.
/// </summary>
internal sealed class HangfireWorkScheduler(
    IBackgroundJobClient jobs, IOptions<HangfireOptions> options, TimerDispatcher dispatcher, ExternalTaskDispatcher externals, OutboxDispatcher outbox, TimeProvider time)
    : IWorkScheduler
{
    public Task ScheduleAsync(ScheduledWork work, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (options.Value.ScheduleTimerJobs)
        {
            // Timers the in-process dispatcher holds or will read at a refill fire at their instant there (ADR 0025).
            foreach (var timer in work.Timers.Where(t => !dispatcher.Covers(t.DueAt)))
            {
                Schedule(timer.DueAt, now, j => j.FireTimerAsync(timer.TimerId, CancellationToken.None));
            }
        }

        // Calls due now run in this process (ADR 0022); a job is for later ones, and for any the dispatcher cannot take.
        foreach (var external in work.ExternalTasks)
        {
            if (!externals.TryRun(external.TimerId, external.DueAt))
            {
                Schedule(external.DueAt, now, j => j.RunExternalTaskAsync(external.TimerId, CancellationToken.None));
            }
        }

        // E-mails are sent by this process's dispatcher, in batches (ADR 0026); a job is for any it cannot take.
        foreach (var message in work.OutboxMessages.Where(m => !outbox.TrySend(m)))
        {
            jobs.Enqueue<WorkflowJobs>(j => j.SendEmailAsync(message, CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    private void Schedule(DateTimeOffset dueAt, DateTimeOffset now, System.Linq.Expressions.Expression<Func<WorkflowJobs, Task>> job)
    {
        // Hangfire keeps its own (real) clock: translate the engine's due time into a delay from the engine's now.
        var delay = dueAt - now;
        if (delay <= TimeSpan.Zero)
        {
            jobs.Enqueue(job);
        }
        else
        {
            jobs.Schedule(job, delay);
        }
    }
}
