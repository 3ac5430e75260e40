namespace Zzut.Workflows;

/// <summary>Retry delays for work that failed (external activity calls, e-mails).</summary>
public static class Backoff
{
    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromHours(1);

    /// <summary><paramref name="first"/> after the first failure, doubling with each further one, at most <see cref="Cap"/>.</summary>
    public static TimeSpan Exponential(TimeSpan first, int failedAttempts) =>
        TimeSpan.FromTicks(Math.Min(Cap.Ticks, first.Ticks * (1L << Math.Clamp(failedAttempts - 1, 0, 20))));
}
