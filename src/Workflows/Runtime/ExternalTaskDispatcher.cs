using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Runtime;

/// <summary>The in-process dispatcher of external activity calls; bound from <c>Workflows:ExternalTasks</c>.</summary>
public sealed class ExternalTaskDispatcherOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:ExternalTasks";

    /// <summary>Run calls that are due at once in this process; off leaves every call to its Hangfire job and the sweep.</summary>
    public bool Dispatcher { get; set; } = true;

    /// <summary>Calls run at the same time (an activity may wait on I/O: a mail server, another system).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 256)]
    public int Workers { get; set; } = 8;

    /// <summary>The most calls waiting in memory; beyond it, a call gets a Hangfire job as before.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int Capacity { get; set; } = 20_000;
}

/// <summary>
/// Runs external activity calls that a committed step made due now, in this process, without a round trip through
/// Hangfire's queue: the call's id goes into a bounded in-memory queue that <see cref="ExternalTaskDispatcherOptions.Workers"/>
/// workers drain with <see cref="IWorkflowEngine.RunExternalTaskAsync"/>. The row stays the truth and the attempt is
/// still claimed on it, so a call offered here and found by a sweep or another node runs once; a call that is lost with
/// the process (a crash, a stop with calls queued) is pending in its row and the next <c>workflow-sweep</c> runs it.
/// </summary>
public sealed partial class ExternalTaskDispatcher(
    IServiceProvider services,
    TimeProvider time,
    IOptions<ExternalTaskDispatcherOptions> options,
    ILogger<ExternalTaskDispatcher> logger) : BackgroundService
{
    private readonly Channel<Guid> queue = Channel.CreateBounded<Guid>(new BoundedChannelOptions(options.Value.Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails, and the caller schedules a job instead
    });

    private volatile bool running;

    /// <summary>Takes a call due at <paramref name="dueAt"/> to run here now; false when the caller must schedule it itself.</summary>
    public bool TryRun(Guid externalTaskId, DateTimeOffset dueAt) =>
        running && dueAt <= time.GetUtcNow() && queue.Writer.TryWrite(externalTaskId);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var engine = services.GetRequiredService<IWorkflowEngine>();
        running = true;
        // From the moment the host stops, steps that commit schedule their calls as jobs instead.
        await using var stopping = stoppingToken.Register(() => running = false);
        try
        {
            var workers = Enumerable.Range(0, options.Value.Workers).Select(_ => RunWorkerAsync(engine, stoppingToken));
            await Task.WhenAll(workers);
        }
        finally
        {
            running = false;
        }
    }

    private async Task RunWorkerAsync(IWorkflowEngine engine, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (!stoppingToken.IsCancellationRequested && queue.Reader.TryRead(out var id))
                {
                    try
                    {
                        // A call that has started runs to its end: stopping here would leave it claimed until it times out.
                        await engine.RunExternalTaskAsync(id, CancellationToken.None);
                    }
                    catch (Exception ex)
                    {
                        // The row keeps the call: pending (its claim failed), the sweep runs it; running (its outcome
                        // was not written), it is released after Workflows:Engine:ExternalTaskTimeout and runs again.
                        CallFailed(logger, ex, id);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is pending in its rows, for the sweep of this or another host.
        }
    }

    [LoggerMessage(EventId = 1032, Level = LogLevel.Error, Message = "Running external call {ExternalTaskId} failed; a sweep runs it again (at once if it was not claimed, after the call timeout if it was)")]
    private static partial void CallFailed(ILogger logger, Exception exception, Guid externalTaskId);
}
