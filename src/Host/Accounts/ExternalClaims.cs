using System.Security.Claims;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>Turns the campus identity system's claims into this service's: user name, real name, unit and mapped roles.</summary>
public static class ExternalClaims
{
    /// <summary>The identity the cookie will carry, or null when the provider did not say who the user is.</summary>
    public static ClaimsPrincipal? Map(ClaimsPrincipal external, OidcOptions options)
    {
        var userName = external.FindFirstValue(options.UserNameClaim);
        if (string.IsNullOrWhiteSpace(userName))
        {
            return null;
        }

        var claims = new List<Claim>
        {
            new(AuthExtensions.NameClaim, userName),
            new("real_name", external.FindFirstValue(options.RealNameClaim) ?? userName),
            new("source", "oidc"),
        };
        if (external.FindFirstValue(options.UnitClaim) is { Length: > 0 } unit)
        {
            claims.Add(new Claim(AuthExtensions.UnitClaim, unit));
        }

        var roles = external.FindAll(options.RolesClaim)
            .Select(c => options.RoleMap.GetValueOrDefault(c.Value))
            .Where(r => r is not null && Roles.All.Contains(r))
            .Distinct(StringComparer.Ordinal);
        claims.AddRange(roles.Select(r => new Claim(AuthExtensions.RoleClaim, r!)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "oidc", AuthExtensions.NameClaim, AuthExtensions.RoleClaim));
    }
}
