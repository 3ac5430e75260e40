using System.Security.Claims;
using System.Text.Json.Nodes;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// Who is calling, as authorization sees it: user name, roles, unit, and the groups that tasks and start rights name
/// (<c>role:{role}</c> for each role; <c>unit:{code}</c> for users of a unit with the <c>unit</c> role;
/// <c>head:{code}</c> for its heads, role <c>unit-head</c>; <c>signed-in</c> for everybody, e.g. to start
/// <c>incident-tip</c>).
/// </summary>
public sealed record Caller(string UserName, IReadOnlySet<string> Roles, string? UnitCode)
{
    /// <summary>The group every signed-in person belongs to (a process anybody may start names it as a starter group).</summary>
    public const string SignedInGroup = "signed-in";

    /// <summary>The groups this caller belongs to.</summary>
    public IReadOnlyCollection<string> Groups { get; } = BuildGroups(Roles, UnitCode);

    /// <summary>Administrators.</summary>
    public bool IsAdmin => Roles.Contains(Accounts.Roles.Admin);

    /// <summary>Roles that oversee every instance and its history: center, office, leading group, admin.</summary>
    public bool OverseesInstances =>
        Roles.Contains(Accounts.Roles.Admin) || Roles.Contains(Accounts.Roles.Center) || Roles.Contains(Accounts.Roles.Office) || Roles.Contains(Accounts.Roles.LeadingGroup);

    /// <summary>The unit a unit user or head acts for (and whose ledger rows it reads); null for every other role.</summary>
    public string? OwnUnit => Roles.Contains(Accounts.Roles.Unit) || Roles.Contains(Accounts.Roles.UnitHead) ? UnitCode : null;

    /// <summary>Whether the caller may see a ledger row of the unit: the overseeing roles every unit's, a unit user (or its head) its own.</summary>
    public bool MaySeeUnit(string? unitCode) => OverseesInstances || (OwnUnit is { } own && own == unitCode);

    /// <summary>For task visibility.</summary>
    public TaskAudience Audience => new(UserName, Groups);

    /// <summary>
    /// Whether the caller may start a process: named by its starter groups or users; without any, administrators only;
    /// nobody when only other processes start it.
    /// </summary>
    public bool MayStart(DefinitionStarters starters) =>
        starters.StartableByPeople && (IsAdmin || starters.Users.Contains(UserName) || starters.Groups.Any(Groups.Contains));

    /// <summary>The caller of a request (the fallback policy guarantees one is signed in).</summary>
    public static Caller From(ClaimsPrincipal user) => new(
        user.Identity?.Name ?? throw new InvalidOperationException("No user is signed in."),
        user.FindAll(AuthExtensions.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
        user.FindFirstValue(AuthExtensions.UnitClaim));

    private static HashSet<string> BuildGroups(IReadOnlySet<string> roles, string? unit)
    {
        var groups = roles.Select(r => "role:" + r).ToHashSet(StringComparer.Ordinal);
        groups.Add(SignedInGroup);
        if (unit is not null && roles.Contains(Accounts.Roles.Unit))
        {
            groups.Add("unit:" + unit);
        }

        if (unit is not null && roles.Contains(Accounts.Roles.UnitHead))
        {
            groups.Add(Domain.Units.HeadSignOff.Group(unit));
        }

        return groups;
    }
}

/// <summary>Refusals that answer 404 to hide whether the thing exists; each is recorded in the security history.</summary>
public static class Denials
{
    /// <summary>Records an access attempt to something the caller may not see.</summary>
    public static Task RecordAsync(HttpContext context, string resource, Guid id) =>
        context.RequestServices.GetRequiredService<SecurityAudit>().RecordAsync("access.denied", context.User.Identity?.Name, new JsonObject
        {
            ["method"] = context.Request.Method,
            ["path"] = context.Request.Path.Value,
            ["resource"] = resource,
            ["id"] = id.ToString(),
        }, context.RequestAborted);
}
