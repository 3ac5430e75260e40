using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Host.Apis;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// Checks sign-in credentials so that a refusal tells nothing: a name that does not exist costs the same password check
/// as one that does (<see cref="PasswordCheck"/>), and every refusal — unknown name, wrong password, paused, locked,
/// disabled — gets the same 401 with <see cref="AuthApi.RefusedMessage"/>. Failures are counted by
/// <see cref="SignInThrottle"/>; when one name reaches the per-account threshold its account is locked. Every outcome
/// is recorded in the security history. A one-time password an administrator issued signs in once.
/// </summary>
public sealed class SignInGuard(PasswordCheck passwords, SignInThrottle throttle, SessionValidator sessions, SecurityAudit audit, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>The longest user name looked at.</summary>
    public const int MaxUserNameLength = 256;

    /// <summary>The longest password hashed.</summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>The client's address, as the security history records it: the connection's, which a known proxy's <c>X-Forwarded-For</c> replaces (ProxyOptions), never a header from anyone else.</summary>
    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>What sign-in limits and pauses count a client under (<see cref="ClientKeyOf(IPAddress?, int)"/> of <see cref="AddressOf"/>'s address).</summary>
    public static string ClientKeyOf(HttpContext context) =>
        ClientKeyOf(context.Connection.RemoteIpAddress, context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.IPv6ClientPrefixLength);

    /// <summary>
    /// What sign-in limits and pauses count a client under: an IPv4 address as it is, also one written as IPv6 (mapped,
    /// or translated by NAT64 under <c>64:ff9b::/96</c>); a global IPv6 address by its network of
    /// <paramref name="ipv6PrefixLength"/> bits (<see cref="AuthOptions.IPv6ClientPrefixLength"/>, 64 by default). A
    /// subscriber is usually given a whole /64 and can use any address in it, so counting each IPv6 address alone would
    /// give one guesser 2^64 fresh limits. Loopback and link-local addresses count alone (with their scope).
    /// </summary>
    public static string ClientKeyOf(IPAddress? address, int ipv6PrefixLength = 64)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        if (bytes.AsSpan(0, 12).SequenceEqual(Nat64Prefix))
        {
            return new IPAddress(bytes.AsSpan(12, 4)).ToString();
        }

        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || ipv6PrefixLength >= 128)
        {
            return address.ToString();
        }

        var prefix = Math.Clamp(ipv6PrefixLength, 0, 128);
        for (var bit = prefix; bit < 128; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes) + "/" + prefix.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The well-known NAT64 prefix <c>64:ff9b::/96</c> (RFC 6052): an IPv4 client translated into IPv6.</summary>
    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>The account when the credentials are right and it may sign in; else the 400 or 401 to answer.</summary>
    public async Task<(AccountUser? User, ValidationProblem? Invalid, ProblemHttpResult? Refused)> CheckAsync(
        AuthApi.LoginBody body, HttpContext context, UserManager<AccountUser> users, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.UserName) || body.UserName.Length > MaxUserNameLength)
        {
            errors["userName"] = [$"必填，最多 {MaxUserNameLength} 个字符 (the user name is required, at most {MaxUserNameLength} characters)."];
        }

        if (string.IsNullOrEmpty(body.Password) || body.Password.Length > MaxPasswordLength)
        {
            errors["password"] = [$"必填，最多 {MaxPasswordLength} 个字符 (the password is required, at most {MaxPasswordLength} characters)."];
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors), null);
        }

        var name = body.UserName!;
        var client = ClientKeyOf(context);
        var data = new JsonObject { ["address"] = AddressOf(context) };
        var paused = await throttle.IsPausedAsync(name, client, cancellationToken);
        var user = await users.FindByNameAsync(name);
        var right = await passwords.IsRightAsync(users, user, body.Password!);
        var locked = user is not null && await users.IsLockedOutAsync(user);
        if (right && !paused && !locked && user!.PasswordIsOneTime && user.OneTimePasswordUsedAt is not null)
        {
            // A password an administrator issued signs in once; a second use is refused like any wrong password.
            await audit.RecordAsync("signin.one-time-password-reused", user.UserName, data, cancellationToken);
            return (null, null, Refused());
        }

        if (right && !paused && !locked)
        {
            if (user!.PasswordIsOneTime)
            {
                // The user then chooses their own password (POST /api/auth/password).
                user.OneTimePasswordUsedAt = time.GetUtcNow();
                await users.UpdateAsync(user);
            }

            await throttle.SucceededAsync(name, client, cancellationToken);
            await audit.RecordAsync("signin.succeeded", user!.UserName, data, cancellationToken);
            return (user, null, null);
        }

        if (!right && await throttle.FailAsync(name, client, cancellationToken) && user is not null)
        {
            // Distributed guessing: the account itself locks, which also ends its sessions.
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, time.GetUtcNow() + options.Value.LockoutDuration);
            sessions.Forget(user.Id);
            data["accountLocked"] = true;
        }

        await audit.RecordAsync(paused || locked ? "signin.locked-out" : "signin.failed", user?.UserName ?? name, data, cancellationToken);
        return (null, null, Refused());
    }

    private static ProblemHttpResult Refused() =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Sign-in refused", Detail = AuthApi.RefusedMessage });
}
