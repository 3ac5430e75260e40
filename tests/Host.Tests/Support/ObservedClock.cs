using Microsoft.Extensions.Time.Testing;

namespace Zzut.Workflows.Host.Tests.Support;

/// <summary>A fake clock that tells when somebody starts waiting on it for a given time (a <c>Task.Delay</c> on the clock).</summary>
public sealed class ObservedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(TimeSpan Due, TaskCompletionSource Seen)> watches = new();

    /// <summary>Completes once a timer with exactly this due time is created on the clock.</summary>
    public Task WaitStartedAsync(TimeSpan due)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watches.Enqueue((due, seen));
        return seen.Task;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        foreach (var (due, seen) in watches)
        {
            if (due == dueTime)
            {
                seen.TrySetResult();
            }
        }

        return timer;
    }
}
