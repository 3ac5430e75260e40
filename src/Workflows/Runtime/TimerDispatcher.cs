using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>The in-process timer dispatcher; bound from <c>Workflows:Timers</c>.</summary>
public sealed class TimerDispatcherOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Timers";

    /// <summary>Run the dispatcher on nodes that run background work; off leaves timers to their Hangfire jobs and the sweep.</summary>
    public bool Dispatcher { get; set; } = true;

    /// <summary>Timers due within this window are kept in memory and fired at their instant; later ones wait in the database.</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the window is refilled from the database (timers armed by other nodes, claims that expired).</summary>
    public TimeSpan RefillInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most due timers claimed in one batch.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;
}

/// <summary>
/// Fires timers at their due instant without waiting for any poll: the timers due within <see cref="TimerDispatcherOptions.Horizon"/>
/// sit in a priority queue, fed by every committed step and refilled from the database; the dispatcher sleeps on a
/// <see cref="TimeProvider"/> timer until the earliest is due, then claims every due timer in one batch and fires them
/// in parallel (<see cref="WorkflowEngine.FireTimersAsync"/>). The rows stay the truth: a lost wake-up, a crash or a
/// second node costs nothing but a later firing by a refill, a Hangfire job or the sweep.
/// </summary>
public sealed partial class TimerDispatcher(
    IServiceProvider services,
    TimeProvider time,
    IOptions<TimerDispatcherOptions> options,
    ILogger<TimerDispatcher> logger) : BackgroundService
{
    private readonly Lock gate = new();
    private readonly PriorityQueue<Guid, DateTimeOffset> queue = new();
    private readonly Dictionary<Guid, DateTimeOffset> queued = [];
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset coveredUntil = DateTimeOffset.MinValue;
    private DateTimeOffset refilledAt = DateTimeOffset.MinValue;
    private bool refillComplete;
    private volatile bool running;

    /// <summary>
    /// True when a timer due at <paramref name="dueAt"/> will be fired by this dispatcher without a job of its own: it
    /// runs, and the instant is within its window, or a later refill will read the timer before it falls due. The latter
    /// holds while refills work: the last one succeeded within two refill intervals and read its whole window (fewer
    /// rows than its limit), and the window is at least three refill intervals long, which leaves a refill that missed
    /// a timer committed during its query, or that started late behind a batch, two intervals of slack. A job beside
    /// the dispatcher is only a second firing attempt: 10,000 timers armed beyond the window made 10,000 Hangfire jobs,
    /// which ran at the due second beside the dispatchers and doubled a burst's time on PostgreSQL (ADR 0025).
    /// </summary>
    public bool Covers(DateTimeOffset dueAt)
    {
        var settings = options.Value;
        lock (gate)
        {
            return running && (dueAt <= coveredUntil
                || (refillComplete
                    && settings.Horizon >= 3 * settings.RefillInterval
                    && time.GetUtcNow() - refilledAt < 2 * settings.RefillInterval));
        }
    }

    /// <summary>Timers a step armed (after it committed): those within the window join the queue.</summary>
    public void Offer(IReadOnlyList<ScheduledTimer> timers)
    {
        if (!running || timers.Count == 0)
        {
            return;
        }

        lock (gate)
        {
            var before = queue.TryPeek(out _, out var earliest) ? earliest : DateTimeOffset.MaxValue;
            foreach (var timer in timers)
            {
                if (timer.DueAt <= coveredUntil)
                {
                    Add(timer.TimerId, timer.DueAt);
                }
            }

            if (queue.TryPeek(out _, out var now) && now < before)
            {
                wake.TrySetResult();
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var engine = services.GetRequiredService<WorkflowEngine>();
        var settings = options.Value;
        running = true;
        var nextRefill = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                if (now >= nextRefill)
                {
                    await RefillAsync(now, settings, stoppingToken);
                    nextRefill = now + settings.RefillInterval;
                }

                var due = TakeDue(now, settings.BatchSize);
                if (due.Count > 0)
                {
                    try
                    {
                        await engine.FireTimersAsync(due, now, stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        BatchFailed(logger, ex, due.Count);
                    }

                    continue;
                }

                Task woken;
                DateTimeOffset wakeAt;
                lock (gate)
                {
                    if (wake.Task.IsCompleted)
                    {
                        wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    woken = wake.Task;
                    wakeAt = queue.TryPeek(out _, out var earliest) && earliest < nextRefill ? earliest : nextRefill;
                }

                var delay = wakeAt - time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    await Task.WhenAny(Task.Delay(delay, time, sleeping.Token), woken);
                    await sleeping.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            running = false;
        }
    }

    private async Task RefillAsync(DateTimeOffset now, TimerDispatcherOptions settings, CancellationToken cancellationToken)
    {
        const int limit = 50_000;
        var until = now + settings.Horizon;
        try
        {
            List<(Guid Id, DateTimeOffset DueAt)> found;
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
                var rows = await db.Timers.AsNoTracking()
                    .Where(t => t.Status == TimerStatus.Armed && t.DueAt <= until && (t.ClaimedUntil == null || t.ClaimedUntil < now))
                    .OrderBy(t => t.DueAt).Select(t => new { t.Id, t.DueAt }).Take(limit).ToListAsync(cancellationToken);
                found = [.. rows.Select(r => (r.Id, r.DueAt))];
            }

            lock (gate)
            {
                // With more than the limit in the window, cover only up to the last one read; the next refill reads on.
                coveredUntil = found.Count == limit ? found[^1].DueAt : until;
                refilledAt = now;
                refillComplete = found.Count < limit;
                foreach (var (id, dueAt) in found)
                {
                    Add(id, dueAt);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RefillFailed(logger, ex);
        }
    }

    private void Add(Guid id, DateTimeOffset dueAt)
    {
        if (queued.TryGetValue(id, out var known) && known == dueAt)
        {
            return;
        }

        queued[id] = dueAt;
        queue.Enqueue(id, dueAt);
    }

    private List<Guid> TakeDue(DateTimeOffset now, int max)
    {
        var due = new List<Guid>();
        lock (gate)
        {
            while (due.Count < max && queue.TryPeek(out var id, out var dueAt) && dueAt <= now)
            {
                queue.Dequeue();
                if (queued.TryGetValue(id, out var latest) && latest == dueAt)
                {
                    queued.Remove(id);
                    due.Add(id);
                }
            }
        }

        return due;
    }

    [LoggerMessage(EventId = 1030, Level = LogLevel.Error, Message = "Firing a batch of {Count} due timers failed; the sweep or a refill fires them later")]
    private static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Error, Message = "Reading the due timers failed; retrying at the next refill")]
    private static partial void RefillFailed(ILogger logger, Exception exception);
}
