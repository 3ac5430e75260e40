using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Host.Infrastructure;

namespace Zzut.Workflows.Host.Email;

/// <summary>The in-process e-mail dispatcher; bound from <c>Workflows:Smtp:Dispatcher</c>.</summary>
public sealed class OutboxDispatcherOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Smtp:Dispatcher";

    /// <summary>Send e-mails that steps commit at once in this process; off leaves each to a Hangfire job (and the sweep).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>SMTP sessions open at the same time, each sending a batch (<see cref="OutboxSender.BatchSize"/>).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 32)]
    public int Workers { get; set; } = 2;

    /// <summary>
    /// The most messages waiting in memory; beyond it the dispatcher takes a message without queueing it and, once it
    /// has sent what it queued, reads the pending messages from the database.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int Capacity { get; set; } = 20_000;
}

/// <summary>
/// Sends the e-mails that committed steps wrote to the outbox, in this process and without a Hangfire job each: the
/// message's id goes into a bounded in-memory queue, which <see cref="OutboxDispatcherOptions.Workers"/> workers drain
/// a batch at a time (<see cref="OutboxSender.SendBatchAsync"/>: one claim, one SMTP session, one write of the
/// results). When more messages come than the queue holds (a scan starting thousands of procedures), the rest are
/// taken without being queued: once the queue is empty, a worker reads the pending messages from the database, a
/// thousand at a time, until none is left. The row stays the truth and each message is claimed on it, so a message
/// offered here and found by a sweep or a job is sent once; a message lost with the process (a crash, a stop with
/// messages queued) is pending in its row and the next <c>workflow-sweep</c> sends it (ADR 0026).
/// </summary>
public sealed class OutboxDispatcher(OutboxSender sender, TimeProvider time, IOptions<OutboxDispatcherOptions> options, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private readonly Channel<Guid> queue = Channel.CreateBounded<Guid>(new BoundedChannelOptions(options.Value.Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails: the message is left to a read of the database
    });

    /// <summary>Not a message: wakes a worker to look at <see cref="overflowed"/>.</summary>
    private static readonly Guid WakeUp = Guid.Empty;

    private volatile bool running;

    // Set at start: messages left pending by the last run (queued at a stop, taken while the queue was full) are read
    // from the database at once rather than by the sweep, a thousand every 30 s.
    private int overflowed = 1;

    /// <summary>
    /// Takes a message to send here now (queued, or, with the queue full, left in its row for the workers to read);
    /// false when this dispatcher does not run and the caller must enqueue a job for it.
    /// </summary>
    public bool TrySend(Guid messageId)
    {
        if (!running)
        {
            return false;
        }

        if (!queue.Writer.TryWrite(messageId))
        {
            Volatile.Write(ref overflowed, 1);
            // A wake-up, in case the workers emptied the queue and went to sleep between the two lines above.
            queue.Writer.TryWrite(WakeUp);
        }

        return true;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        running = true;
        // From the moment the host stops, steps that commit enqueue their messages as jobs instead.
        await using var stopping = stoppingToken.Register(() => running = false);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => RunWorkerAsync(stoppingToken)));
        }
        finally
        {
            running = false;
        }
    }

    private async Task RunWorkerAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var batch = new List<Guid>(OutboxSender.BatchSize);
        try
        {
            while (true)
            {
                batch.Clear();
                var read = false;
                while (batch.Count < OutboxSender.BatchSize && queue.Reader.TryRead(out var id))
                {
                    read = true;
                    if (id != WakeUp)
                    {
                        batch.Add(id);
                    }
                }

                if (batch.Count > 0)
                {
                    await SendAsync(() => sender.SendBatchAsync(batch, stoppingToken), batch.Count, stoppingToken);
                }
                else if (Interlocked.Exchange(ref overflowed, 0) == 1)
                {
                    // Messages were taken while the queue was full: they are pending in their rows.
                    await SendAsync(
                        async () =>
                        {
                            var (found, _) = await sender.SendDuePassAsync(time.GetUtcNow(), stoppingToken);
                            if (found == OutboxSender.DuePerPass)
                            {
                                Volatile.Write(ref overflowed, 1); // more may wait
                            }
                        },
                        OutboxSender.DuePerPass,
                        stoppingToken);
                }
                else if (!read && !await queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is pending in its rows, for the sweep of this or another host.
        }
    }

    private async Task SendAsync(Func<Task> send, int count, CancellationToken stoppingToken)
    {
        try
        {
            await send();
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && stoppingToken.IsCancellationRequested))
        {
            // The rows keep the messages: unclaimed ones are pending, and the sweep sends them.
            HostLog.EmailBatchFailed(logger, ex, count);
        }
    }
}
