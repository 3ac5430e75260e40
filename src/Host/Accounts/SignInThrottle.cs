using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// Counts failed sign-ins, measured by the host's <see cref="TimeProvider"/>, the same way for user names that exist and
/// names that do not: <see cref="AuthOptions.MaxFailedAttempts"/> wrong passwords in a row for one name from one client
/// address pause that pair for <see cref="AuthOptions.LockoutDuration"/> — one address cannot lock an account for
/// everyone —, and <see cref="AuthOptions.AccountMaxFailedAttempts"/> for one name from all addresses within
/// <see cref="AuthOptions.AccountFailureWindow"/> pause the name everywhere (distributed guessing); the caller then
/// locks the account itself, which also ends its sessions. On SQLite (one host) the counts live in this process; on
/// PostgreSQL in the database (<see cref="SignInCounterRecord"/>), so every host counts towards one limit. An "address"
/// here is the client's key, <see cref="SignInGuard.ClientKeyOf(System.Net.IPAddress?, int)"/>: an IPv6 client counts by its
/// network (<see cref="AuthOptions.IPv6ClientPrefixLength"/>, a /64 by default).
/// </summary>
public sealed class SignInThrottle(IOptions<AuthOptions> options, TimeProvider time, ISignInCounters counters)
{
    /// <summary>Whether sign-in for the name is paused from this address (or from everywhere).</summary>
    public Task<bool> IsPausedAsync(string userName, string address, CancellationToken cancellationToken = default) =>
        counters.IsBlockedAsync([PairKey(userName, address), NameKey(userName)], time.GetUtcNow(), cancellationToken);

    /// <summary>Counts a failure; true when it made the name reach the per-account threshold (lock the account now).</summary>
    public async Task<bool> FailAsync(string userName, string address, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        await counters.FailAsync(PairKey(userName, address), now, settings.MaxFailedAttempts, settings.LockoutDuration, window: null, cancellationToken);
        return await counters.FailAsync(NameKey(userName), now, settings.AccountMaxFailedAttempts, settings.LockoutDuration, settings.AccountFailureWindow, cancellationToken);
    }

    /// <summary>A right password from this address: its count starts again (the name's count keeps running out its window).</summary>
    public Task SucceededAsync(string userName, string address, CancellationToken cancellationToken = default) =>
        counters.RemoveAsync(PairKey(userName, address), prefix: false, cancellationToken);

    /// <summary>An administrator unlocked the account: every pause of the name (from any address) ends.</summary>
    public async Task ForgiveAsync(string userName, CancellationToken cancellationToken = default)
    {
        await counters.RemoveAsync(NameKey(userName), prefix: false, cancellationToken);
        await counters.RemoveAsync(NameKey(userName) + "\n", prefix: true, cancellationToken);
    }

    private static string NameKey(string userName) => "name\n" + userName.Trim().ToUpperInvariant();

    private static string PairKey(string userName, string address) => NameKey(userName) + "\n" + address;
}

/// <summary>Where <see cref="SignInThrottle"/> keeps its counters.</summary>
public interface ISignInCounters
{
    /// <summary>Whether any of the keys is paused at <paramref name="now"/>.</summary>
    Task<bool> IsBlockedAsync(IReadOnlyList<string> keys, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Counts a failure of the key (starting again when the count was 0 or its <paramref name="window"/> has run out);
    /// reaching <paramref name="threshold"/> pauses the key for <paramref name="pause"/>, sets the count back to 0 and
    /// returns true.
    /// </summary>
    Task<bool> FailAsync(string key, DateTimeOffset now, int threshold, TimeSpan pause, TimeSpan? window, CancellationToken cancellationToken);

    /// <summary>Forgets the key (or every key starting with it).</summary>
    Task RemoveAsync(string key, bool prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Takes one sign-in attempt of the key's fixed window (a new window starts when the last one has run out); returns
    /// how many the window has taken, this one included.
    /// </summary>
    Task<int> TakeAsync(string key, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken);
}

/// <summary>The counters of one process (SQLite: one host).</summary>
public sealed class InProcessSignInCounters(IOptions<AuthOptions> options) : ISignInCounters
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<bool> IsBlockedAsync(IReadOnlyList<string> keys, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(keys.Any(k => counters.TryGetValue(k, out var counter) && counter.IsBlocked(now)));

    /// <inheritdoc />
    public Task<bool> FailAsync(string key, DateTimeOffset now, int threshold, TimeSpan pause, TimeSpan? window, CancellationToken cancellationToken)
    {
        Prune(now);
        return Task.FromResult(counters.GetOrAdd(key, _ => new Counter()).Fail(now, threshold, pause, window));
    }

    /// <inheritdoc />
    public Task RemoveAsync(string key, bool prefix, CancellationToken cancellationToken)
    {
        foreach (var k in prefix ? counters.Keys.Where(k => k.StartsWith(key, StringComparison.Ordinal)).ToList() : [key])
        {
            counters.TryRemove(k, out _);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> TakeAsync(string key, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken) =>
        Task.FromResult(counters.GetOrAdd(key, _ => new Counter()).Take(now, window));

    private void Prune(DateTimeOffset now)
    {
        if (counters.Count <= PruneAbove)
        {
            return;
        }

        foreach (var (key, counter) in counters)
        {
            if (counter.IsStale(now, options.Value.AccountFailureWindow + options.Value.LockoutDuration))
            {
                counters.TryRemove(key, out _);
            }
        }
    }

    private sealed class Counter
    {
        private readonly Lock gate = new();
        private int count;
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

        public bool Fail(DateTimeOffset now, int threshold, TimeSpan pause, TimeSpan? window)
        {
            lock (gate)
            {
                if (count == 0 || (window is { } w && now - windowStart > w))
                {
                    count = 0;
                    windowStart = now;
                }

                if (++count < threshold)
                {
                    return false;
                }

                count = 0;
                blockedUntil = now + pause;
                return true;
            }
        }

        public int Take(DateTimeOffset now, TimeSpan window)
        {
            lock (gate)
            {
                if (count == 0 || now - windowStart >= window)
                {
                    count = 0;
                    windowStart = now;
                }

                return ++count;
            }
        }
    }
}

/// <summary>
/// The counters in the shared PostgreSQL database (<c>sign_in_counters</c>): each change is one
/// <c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, which the row lock serialises, so two hosts counting the same key
/// at once count twice and neither lets an attempt past the limit.
/// </summary>
public sealed class PostgreSqlSignInCounters(IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time) : ISignInCounters
{
    private long nextPrune;

    /// <inheritdoc />
    public async Task<bool> IsBlockedAsync(IReadOnlyList<string> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PostgreSqlAccountsDbContext>();
        var keyList = keys.ToList();
        return await db.SignInCounters.AsNoTracking().AnyAsync(c => keyList.Contains(c.Key) && c.BlockedUntil > now, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> FailAsync(string key, DateTimeOffset now, int threshold, TimeSpan pause, TimeSpan? window, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PostgreSqlAccountsDbContext>();
        await PruneAsync(db, now, cancellationToken);
        var utc = now.UtcDateTime;
        var until = (now + pause).UtcDateTime;
        // Without a window the count only starts again at 0 (a pause or a right password ended it).
        var windowFloor = (window is { } w ? now - w : DateTimeOffset.UnixEpoch).UtcDateTime;
        var count = await db.Database.SqlQuery<int>($"""
            INSERT INTO sign_in_counters AS c ("Key", "Count", "WindowStart", "BlockedUntil")
            VALUES ({key}, CASE WHEN 1 >= {threshold} THEN 0 ELSE 1 END, {utc}, CASE WHEN 1 >= {threshold} THEN {until} END)
            ON CONFLICT ("Key") DO UPDATE SET
              "Count" = CASE WHEN (CASE WHEN c."Count" = 0 OR c."WindowStart" < {windowFloor} THEN 1 ELSE c."Count" + 1 END) >= {threshold}
                        THEN 0 ELSE (CASE WHEN c."Count" = 0 OR c."WindowStart" < {windowFloor} THEN 1 ELSE c."Count" + 1 END) END,
              "WindowStart" = CASE WHEN c."Count" = 0 OR c."WindowStart" < {windowFloor} THEN {utc} ELSE c."WindowStart" END,
              "BlockedUntil" = CASE WHEN (CASE WHEN c."Count" = 0 OR c."WindowStart" < {windowFloor} THEN 1 ELSE c."Count" + 1 END) >= {threshold}
                        THEN {until} ELSE c."BlockedUntil" END
            RETURNING "Count" AS "Value"
            """).ToListAsync(cancellationToken);
        return count.Single() == 0; // only reaching the threshold leaves a count of 0
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string key, bool prefix, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PostgreSqlAccountsDbContext>();
        if (prefix)
        {
            await db.Database.ExecuteSqlAsync($"""DELETE FROM sign_in_counters WHERE starts_with("Key", {key})""", cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"""DELETE FROM sign_in_counters WHERE "Key" = {key}""", cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<int> TakeAsync(string key, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PostgreSqlAccountsDbContext>();
        var utc = now.UtcDateTime;
        var floor = (now - window).UtcDateTime;
        var taken = await db.Database.SqlQuery<int>($"""
            INSERT INTO sign_in_counters AS c ("Key", "Count", "WindowStart", "BlockedUntil")
            VALUES ({key}, 1, {utc}, NULL)
            ON CONFLICT ("Key") DO UPDATE SET
              "Count" = CASE WHEN c."WindowStart" <= {floor} THEN 1 ELSE c."Count" + 1 END,
              "WindowStart" = CASE WHEN c."WindowStart" <= {floor} THEN {utc} ELSE c."WindowStart" END
            RETURNING "Count" AS "Value"
            """).ToListAsync(cancellationToken);
        return taken.Single();
    }

    /// <summary>At most once a minute per host: rows neither paused nor inside any window any more go.</summary>
    private async Task PruneAsync(PostgreSqlAccountsDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref nextPrune);
        var ticks = time.GetTimestamp();
        if (ticks < due || Interlocked.CompareExchange(ref nextPrune, ticks + time.TimestampFrequency * 60, due) != due)
        {
            return;
        }

        var settings = options.Value;
        var floor = (now - settings.AccountFailureWindow - settings.LockoutDuration - settings.SignInWindow).UtcDateTime;
        var utc = now.UtcDateTime;
        await db.Database.ExecuteSqlAsync(
            $"""DELETE FROM sign_in_counters WHERE "WindowStart" < {floor} AND ("BlockedUntil" IS NULL OR "BlockedUntil" <= {utc})""", cancellationToken);
    }
}

/// <summary>One counter of <see cref="PostgreSqlSignInCounters"/>.</summary>
public sealed class SignInCounterRecord
{
    /// <summary><c>name\n{USER}</c>, <c>name\n{USER}\n{address}</c> or <c>permit\n{address}</c>.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Failures (or attempts) counted in the current run or window.</summary>
    public int Count { get; set; }

    /// <summary>When the current run or window began.</summary>
    public DateTimeOffset WindowStart { get; set; }

    /// <summary>Paused until then, if set.</summary>
    public DateTimeOffset? BlockedUntil { get; set; }
}

/// <summary>
/// On PostgreSQL the sign-in endpoints' per-address limit (<see cref="AuthOptions.SignInPermitLimit"/> per
/// <see cref="AuthOptions.SignInWindow"/>) is counted in the database, across hosts; on SQLite the ASP.NET rate limiter
/// of <see cref="AuthExtensions.SignInPolicy"/> counts it and this filter passes everything.
/// </summary>
public sealed class SharedSignInPermits(ISignInCounters counters, IOptions<AuthOptions> options, TimeProvider time) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (counters is PostgreSqlSignInCounters)
        {
            var settings = options.Value;
            var taken = await counters.TakeAsync("permit\n" + SignInGuard.ClientKeyOf(context.HttpContext), time.GetUtcNow(), settings.SignInWindow, context.HttpContext.RequestAborted);
            if (taken > settings.SignInPermitLimit)
            {
                return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many sign-in attempts",
                    Detail = "Too many sign-in attempts from this address; wait and try again.",
                });
            }
        }

        return await next(context);
    }
}
