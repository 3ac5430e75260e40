using System.ComponentModel.DataAnnotations;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>Sign-in and tokens; bound from <c>Workflows:Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Auth";

    /// <summary>The <c>iss</c> of issued tokens.</summary>
    public string Issuer { get; set; } = "zzut-workflows";

    /// <summary>The <c>aud</c> of issued tokens; tokens for another audience are refused.</summary>
    public string Audience { get; set; } = "zzut-workflows-api";

    /// <summary>Base64 HMAC-SHA256 key (≥ 32 bytes). Empty: one is generated and kept in the data folder.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long an access token is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wrong passwords in a row for one user name from one client address (an IPv6 client: its network, <see cref="IPv6ClientPrefixLength"/>) before that pair is paused.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>Wrong passwords for one user name from all addresses within <see cref="AccountFailureWindow"/> before the account locks.</summary>
    [Range(1, 100_000)]
    public int AccountMaxFailedAttempts { get; set; } = 50;

    /// <summary>The window in which <see cref="AccountMaxFailedAttempts"/> are counted.</summary>
    public TimeSpan AccountFailureWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a paused pair, or a locked account, stays so.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long what the database said about an account (security stamp, locked or disabled) is trusted before a
    /// request reads it again: the longest a token or cookie keeps working on another node after its account changed.
    /// </summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sign-in attempts allowed per client address (an IPv6 client: its network, <see cref="IPv6ClientPrefixLength"/>) per <see cref="SignInWindow"/>; beyond it: 429.</summary>
    [Range(1, 10_000)]
    public int SignInPermitLimit { get; set; } = 10;

    /// <summary>The window of <see cref="SignInPermitLimit"/>.</summary>
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The network an IPv6 client is counted under by the sign-in limits and pauses (<see cref="SignInGuard.ClientKeyOf(System.Net.IPAddress?, int)"/>):
    /// 64 counts a whole /64, which one subscriber usually holds; 128 counts each address alone, for a service reached
    /// mainly from a campus network where one /64 is shared by a whole building.
    /// </summary>
    [Range(48, 128)]
    public int IPv6ClientPrefixLength { get; set; } = 64;

    /// <summary>Redirect HTTP to HTTPS and send HSTS; unset means on everywhere except the Development environment.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>The campus identity system (OpenID Connect); off while <see cref="OidcOptions.Authority"/> is empty.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>External sign-in through OpenID Connect, and how its claims become unit and roles here.</summary>
public sealed class OidcOptions
{
    /// <summary>The provider's issuer URL; empty turns external sign-in off.</summary>
    public string? Authority { get; set; }

    /// <summary>The client id registered at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret (set it through the environment, never appsettings).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The claim that carries the user name.</summary>
    public string UserNameClaim { get; set; } = "preferred_username";

    /// <summary>The claim that carries the person's real name.</summary>
    public string RealNameClaim { get; set; } = "name";

    /// <summary>The claim that carries the unit code.</summary>
    public string UnitClaim { get; set; } = "unit";

    /// <summary>The claim(s) that carry the provider's roles or groups.</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>Provider role or group value → role here (<c>admin</c>, <c>center</c>, …); values not listed give no role.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>First-start settings: <c>Bootstrap:AdminPassword</c> and, in Development only, <c>Seed:DemoUsers</c>.</summary>
public sealed class BootstrapOptions
{
    /// <summary>The password of the first <c>admin</c> account; empty generates one and prints it once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>In Development: add one demo user per role and a few unit users, printed with their passwords.</summary>
    public bool DemoUsers { get; set; }
}
