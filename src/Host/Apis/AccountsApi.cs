using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The local accounts (administrators): list, create, change name, unit, roles or whether the account may sign in, and
/// set a new password. Every change that matters for access (unit, roles, disabling, a new password) gives the account
/// a new security stamp, so its tokens and cookies stop working at once (<see cref="SessionValidator"/>).
/// </summary>
public static class AccountsApi
{
    /// <summary>Maps <c>/api/accounts</c>.</summary>
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/accounts").WithTags("Accounts").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapGet("/", ListAsync).WithSummary("The local accounts by user name; paged with skip and take, the total in X-Total-Count.");
        group.MapPost("/", CreateAsync).WithSummary("Create an account with a first password (the policy: 12 characters, upper and lower case, a digit).");
        group.MapPatch("/{userName}", PatchAsync).WithSummary("Change an account's real name, unit, roles or whether it may sign in (enabled); its sessions end when access changes.");
        group.MapPost("/{userName}/password", ResetPasswordAsync).WithSummary("Set a new password for an account; its sessions end.");
        return routes;
    }

    /// <summary>An account as listed.</summary>
    public sealed record AccountView(string UserName, string RealName, string? UnitCode, IReadOnlyList<string> Roles, bool Enabled, DateTimeOffset? LockedUntil);

    /// <summary>A new account.</summary>
    public sealed record CreateBody(string? UserName, string? RealName, string? UnitCode, IReadOnlyList<string>? Roles, string? Password);

    /// <summary>A change of an account; fields left out stay as they are.</summary>
    public sealed record PatchBody(string? RealName, string? UnitCode, IReadOnlyList<string>? Roles, bool? Enabled);

    /// <summary>A new password.</summary>
    public sealed record PasswordBody(string? NewPassword);

    private static async Task<Results<Ok<List<AccountView>>, ValidationProblem>> ListAsync(int? skip, int? take, HttpContext context, UserManager<AccountUser> users, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        Paging.SetTotal(context, await users.Users.CountAsync(cancellationToken));
        var page = await users.Users.AsNoTracking().OrderBy(u => u.UserName).Skip(skip ?? 0).Take(Paging.Take(take)).ToListAsync(cancellationToken);
        var views = new List<AccountView>();
        foreach (var user in page)
        {
            views.Add(await ViewAsync(users, user, time));
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Results<Created<AccountView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateBody body, HttpContext context, UserManager<AccountUser> users, LedgerDbContext ledger, SecurityAudit audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = await CheckAsync(body.RealName, body.UnitCode, body.Roles, ledger, requireAll: true, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.UserName) || body.UserName.Length > 64)
        {
            errors["userName"] = ["必填，最多 64 个字符 (required, at most 64 characters)."];
        }

        if (string.IsNullOrEmpty(body.Password) || body.Password.Length > SignInGuard.MaxPasswordLength)
        {
            errors["password"] = ["必填 (required)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await users.FindByNameAsync(body.UserName!) is not null)
        {
            return Problems.Conflict($"账户 '{body.UserName}' 已存在 (the account already exists).");
        }

        var user = new AccountUser { UserName = body.UserName, RealName = body.RealName!.Trim(), UnitCode = Blank(body.UnitCode) };
        var created = await users.CreateAsync(user, body.Password!);
        if (!created.Succeeded)
        {
            return IdentityProblem(created, "password");
        }

        await users.AddToRolesAsync(user, body.Roles!.Distinct(StringComparer.Ordinal));
        await audit.RecordAsync("account.created", context.User.Identity?.Name, new JsonObject { ["userName"] = user.UserName, ["roles"] = new JsonArray([.. body.Roles!.Select(r => (JsonNode?)r)]) }, cancellationToken);
        return TypedResults.Created($"/api/accounts/{user.UserName}", await ViewAsync(users, user, time));
    }

    private static async Task<Results<Ok<AccountView>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        string userName, PatchBody body, HttpContext context, UserManager<AccountUser> users, LedgerDbContext ledger, SessionValidator sessions, SecurityAudit audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return Problems.NotFound($"没有账户 '{userName}' (no such account).");
        }

        var errors = await CheckAsync(body.RealName, body.UnitCode, body.Roles, ledger, requireAll: false, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var self = string.Equals(user.UserName, context.User.Identity?.Name, StringComparison.Ordinal);
        if (self && (body.Enabled == false || (body.Roles is not null && !body.Roles.Contains(Roles.Admin))))
        {
            return Problems.Conflict("不能停用自己的账户或取消自己的管理员角色 (you cannot disable your own account or drop your own admin role).");
        }

        var accessChanged = false;
        if (body.RealName is not null)
        {
            user.RealName = body.RealName.Trim();
        }

        if (body.UnitCode is not null && Blank(body.UnitCode) != user.UnitCode)
        {
            user.UnitCode = Blank(body.UnitCode);
            accessChanged = true;
        }

        await users.UpdateAsync(user);
        if (body.Roles is not null)
        {
            var current = await users.GetRolesAsync(user);
            var wanted = body.Roles.Distinct(StringComparer.Ordinal).ToList();
            await users.RemoveFromRolesAsync(user, current.Except(wanted, StringComparer.Ordinal));
            await users.AddToRolesAsync(user, wanted.Except(current, StringComparer.Ordinal));
            accessChanged |= !current.ToHashSet(StringComparer.Ordinal).SetEquals(wanted);
        }

        if (body.Enabled is { } enabled)
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, enabled ? null : DateTimeOffset.MaxValue);
            accessChanged = true;
        }

        if (accessChanged)
        {
            await users.UpdateSecurityStampAsync(user);
            sessions.Forget(user.Id);
        }

        await audit.RecordAsync("account.changed", context.User.Identity?.Name, new JsonObject
        {
            ["userName"] = user.UserName, ["unitCode"] = body.UnitCode, ["roles"] = body.Roles is null ? null : new JsonArray([.. body.Roles.Select(r => (JsonNode?)r)]), ["enabled"] = body.Enabled,
        }, cancellationToken);
        return TypedResults.Ok(await ViewAsync(users, user, time));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        string userName, PasswordBody body, HttpContext context, UserManager<AccountUser> users, SessionValidator sessions, SecurityAudit audit, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return Problems.NotFound($"没有账户 '{userName}' (no such account).");
        }

        if (string.IsNullOrEmpty(body.NewPassword) || body.NewPassword.Length > SignInGuard.MaxPasswordLength)
        {
            return Problems.Field("newPassword", "必填 (required).");
        }

        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), body.NewPassword);
        if (!reset.Succeeded)
        {
            return IdentityProblem(reset, "newPassword");
        }

        sessions.Forget(user.Id);
        await audit.RecordAsync("account.password-reset", context.User.Identity?.Name, new JsonObject { ["userName"] = user.UserName }, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Dictionary<string, string[]>> CheckAsync(string? realName, string? unitCode, IReadOnlyList<string>? roles, LedgerDbContext ledger, bool requireAll, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if ((requireAll && string.IsNullOrWhiteSpace(realName)) || realName is { Length: > 100 })
        {
            errors["realName"] = ["必填，最多 100 个字符 (required, at most 100 characters)."];
        }

        if ((requireAll && roles is not { Count: > 0 }) || roles?.Any(r => !Roles.All.Contains(r)) == true)
        {
            errors["roles"] = [$"须为以下角色 (must be roles of): {string.Join(", ", Roles.All)}."];
        }

        if (Blank(unitCode) is { } code && !await ledger.Units.AsNoTracking().AnyAsync(u => u.Code == code, cancellationToken))
        {
            errors["unitCode"] = [$"未知单位 (unknown unit '{code}')."];
        }

        return errors;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static ValidationProblem IdentityProblem(IdentityResult result, string field) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        [field] = ["密码须至少 12 个字符，含大写字母、小写字母和数字；用户名须由字母、数字和 -._@+ 组成 (see the details).", .. result.Errors.Select(e => e.Description)],
    });

    private static async Task<AccountView> ViewAsync(UserManager<AccountUser> users, AccountUser user, TimeProvider time)
    {
        var end = await users.GetLockoutEndDateAsync(user);
        return new AccountView(user.UserName!, user.RealName, user.UnitCode, [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)],
            end != DateTimeOffset.MaxValue, end > time.GetUtcNow() && end != DateTimeOffset.MaxValue ? end : null);
    }
}
