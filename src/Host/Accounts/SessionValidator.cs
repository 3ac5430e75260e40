using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// Checks on every request that the account behind a bearer token or sign-in cookie may still act: it exists, is
/// neither locked nor disabled, and its security stamp is the one the token or cookie was issued with (Identity changes
/// the stamp when the password or the roles change; this service also changes it on sign-out and when an administrator
/// changes the account). What the database said is kept for <see cref="AuthOptions.SessionCheckInterval"/> (30 s by
/// default, measured by the host's <see cref="TimeProvider"/>); a change made through this node forgets it at once.
/// Identities from the campus identity system have no account here and are not checked.
/// </summary>
public sealed class SessionValidator(IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>The claim with the security stamp the token or cookie was issued with.</summary>
    public const string StampClaim = "sst";

    /// <summary>The claim with the account id.</summary>
    public const string SubjectClaim = "sub";

    private readonly ConcurrentDictionary<string, Snapshot> accounts = new(StringComparer.Ordinal);

    /// <summary>Whether the principal's session is still good.</summary>
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue("source") == "oidc")
        {
            return true;
        }

        var id = principal.FindFirstValue(SubjectClaim);
        var stamp = principal.FindFirstValue(StampClaim);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(stamp))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (!accounts.TryGetValue(id, out var snapshot) || now - snapshot.ReadAt >= options.Value.SessionCheckInterval)
        {
            snapshot = await ReadAsync(id, now);
            accounts[id] = snapshot;
        }

        return snapshot.Usable && string.Equals(snapshot.Stamp, stamp, StringComparison.Ordinal);
    }

    /// <summary>Forgets what is known of an account, so that its next request reads it again (after a change made here).</summary>
    public void Forget(string accountId) => accounts.TryRemove(accountId, out _);

    private async Task<Snapshot> ReadAsync(string id, DateTimeOffset now)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AccountUser>>();
        var user = await users.FindByIdAsync(id);
        return user is null
            ? new Snapshot(null, false, now)
            : new Snapshot(user.SecurityStamp, !await users.IsLockedOutAsync(user), now);
    }

    private sealed record Snapshot(string? Stamp, bool Usable, DateTimeOffset ReadAt);
}
