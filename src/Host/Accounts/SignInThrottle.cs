using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// Counts failed sign-ins, measured by the host's <see cref="TimeProvider"/>, the same way for user names that exist and
/// names that do not: <see cref="AuthOptions.MaxFailedAttempts"/> wrong passwords in a row for one name from one client
/// address pause that pair for <see cref="AuthOptions.LockoutDuration"/> — one address cannot lock an account for
/// everyone —, and <see cref="AuthOptions.AccountMaxFailedAttempts"/> for one name from all addresses within
/// <see cref="AuthOptions.AccountFailureWindow"/> pause the name everywhere (distributed guessing); the caller then
/// locks the account itself, which also ends its sessions. The counts live in this process (one node's view).
/// </summary>
public sealed class SignInThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Counter> pairs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> names = new(StringComparer.Ordinal);

    /// <summary>Whether sign-in for the name is paused from this address (or from everywhere).</summary>
    public bool IsPaused(string userName, string address)
    {
        var now = time.GetUtcNow();
        return (pairs.TryGetValue(PairKey(userName, address), out var pair) && pair.IsBlocked(now))
            || (names.TryGetValue(NameKey(userName), out var name) && name.IsBlocked(now));
    }

    /// <summary>Counts a failure; true when it made the name reach the per-account threshold (lock the account now).</summary>
    public bool Fail(string userName, string address)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        Prune(now);
        pairs.GetOrAdd(PairKey(userName, address), _ => new Counter()).Fail(now, settings.MaxFailedAttempts, settings.LockoutDuration, window: null);
        return names.GetOrAdd(NameKey(userName), _ => new Counter()).Fail(now, settings.AccountMaxFailedAttempts, settings.LockoutDuration, settings.AccountFailureWindow);
    }

    /// <summary>A right password from this address: its count starts again (the name's count keeps running out its window).</summary>
    public void Succeeded(string userName, string address) => pairs.TryRemove(PairKey(userName, address), out _);

    /// <summary>An administrator unlocked the account: every pause of the name (from any address) ends.</summary>
    public void Forgive(string userName)
    {
        var name = NameKey(userName);
        names.TryRemove(name, out _);
        foreach (var key in pairs.Keys.Where(k => k.StartsWith(name + "\n", StringComparison.Ordinal)))
        {
            pairs.TryRemove(key, out _);
        }
    }

    private static string NameKey(string userName) => userName.Trim().ToUpperInvariant();

    private static string PairKey(string userName, string address) => NameKey(userName) + "\n" + address;

    private void Prune(DateTimeOffset now)
    {
        foreach (var counters in new[] { pairs, names })
        {
            if (counters.Count > PruneAbove)
            {
                foreach (var (key, counter) in counters)
                {
                    if (counter.IsStale(now, options.Value.AccountFailureWindow + options.Value.LockoutDuration))
                    {
                        counters.TryRemove(key, out _);
                    }
                }
            }
        }
    }

    private sealed class Counter
    {
        private readonly Lock gate = new();
        private int failures;
        private DateTimeOffset windowStart;
        private DateTimeOffset blockedUntil;

        public bool IsBlocked(DateTimeOffset now)
        {
            lock (gate)
            {
                return blockedUntil > now;
            }
        }

        public bool IsStale(DateTimeOffset now, TimeSpan age)
        {
            lock (gate)
            {
                return blockedUntil <= now && windowStart + age < now;
            }
        }

        /// <summary>Counts a failure; true when this one reached the threshold (and started a pause).</summary>
        public bool Fail(DateTimeOffset now, int threshold, TimeSpan pause, TimeSpan? window)
        {
            lock (gate)
            {
                if (failures == 0 || (window is { } w && now - windowStart > w))
                {
                    failures = 0;
                    windowStart = now;
                }

                if (++failures < threshold)
                {
                    return false;
                }

                failures = 0;
                blockedUntil = now + pause;
                return true;
            }
        }
    }
}
