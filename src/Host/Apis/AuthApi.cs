using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.Apis;

/// <summary>Signing in and out: bearer tokens for API clients and scripts, a cookie for the browser.</summary>
public static class AuthApi
{
    /// <summary>Maps <c>/api/auth</c>.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/login", LoginAsync).RequireRateLimiting(AuthExtensions.SignInPolicy).AddEndpointFilter<RouteHandlerBuilder, SharedSignInPermits>().AllowAnonymous()
            .WithSummary("Sign in with user name and password; returns a bearer token.");
        group.MapPost("/cookie", CookieLoginAsync).RequireRateLimiting(AuthExtensions.SignInPolicy).AddEndpointFilter<RouteHandlerBuilder, SharedSignInPermits>().AllowAnonymous()
            .WithSummary("Sign in the browser: sets the authentication cookie.");
        group.MapPost("/logout", LogoutAsync).RequireAuthorization()
            .WithSummary("Sign out: every token and cookie of the account stops working (a new security stamp); the browser's cookie is removed.");
        group.MapPost("/password", ChangePasswordAsync).RequireAuthorization().RequireRateLimiting(AuthExtensions.SignInPolicy).AddEndpointFilter<RouteHandlerBuilder, SharedSignInPermits>()
            .WithSummary("Change one's own password (the current one and a new one by the policy); every session of the account ends, sign in again.");
        group.MapGet("/me", MeAsync).RequireAuthorization().WithSummary("Who is signed in: user name, real name, unit, roles, and whether they must choose a new password.");
        group.MapGet("/antiforgery", Antiforgery).RequireAuthorization()
            .WithSummary($"The token a browser signed in by cookie sends in the {AuthExtensions.AntiforgeryHeader} header of state-changing requests.");
        group.MapGet("/external", External).AllowAnonymous()
            .WithSummary("Sign in through the campus identity system (when configured); returns to the given local path.");
        return routes;
    }

    /// <summary>Credentials.</summary>
    public sealed record LoginBody(string? UserName, string? Password);

    /// <summary>A change of one's own password.</summary>
    public sealed record PasswordBody(string? CurrentPassword, string? NewPassword);

    /// <summary>What every refused sign-in says, whatever the reason (no such name, wrong password, paused, locked, disabled).</summary>
    public const string RefusedMessage = "用户名或密码错误，或因多次失败暂停登录，请稍后再试 (the user name or password is wrong, or sign-in is paused; try again later).";

    /// <summary>An issued bearer token.</summary>
    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string TokenType = "Bearer");

    /// <summary>The signed-in user; <paramref name="MustChangePassword"/> when they signed in with a one-time password an administrator issued.</summary>
    public sealed record MeResponse(string UserName, string? RealName, string? UnitCode, IReadOnlyList<string> Roles, bool MustChangePassword = false);

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginBody body, HttpContext context, UserManager<AccountUser> users, SignInGuard guard, TokenService tokens, CancellationToken cancellationToken)
    {
        var (user, invalid, refused) = await guard.CheckAsync(body, context, users, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (user is null)
        {
            return refused!;
        }

        var (token, expiresIn) = tokens.Issue(user, await users.GetRolesAsync(user));
        return TypedResults.Ok(new TokenResponse(token, expiresIn));
    }

    private static async Task<Results<Ok<MeResponse>, ValidationProblem, ProblemHttpResult>> CookieLoginAsync(
        LoginBody body, HttpContext context, UserManager<AccountUser> users, SignInGuard guard, CancellationToken cancellationToken)
    {
        var (user, invalid, refused) = await guard.CheckAsync(body, context, users, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (user is null)
        {
            return refused!;
        }

        var roles = await users.GetRolesAsync(user);
        var claims = new List<Claim>
        {
            new(AuthExtensions.NameClaim, user.UserName!), new("real_name", user.RealName), new(SessionValidator.SubjectClaim, user.Id), new(SessionValidator.StampClaim, user.SecurityStamp ?? string.Empty),
        };
        if (user.UnitCode is not null)
        {
            claims.Add(new Claim(AuthExtensions.UnitClaim, user.UnitCode));
        }

        claims.AddRange(roles.Select(r => new Claim(AuthExtensions.RoleClaim, r)));
        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, AuthExtensions.NameClaim, AuthExtensions.RoleClaim);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.Ok(new MeResponse(user.UserName!, user.RealName, user.UnitCode, [.. roles], user.PasswordIsOneTime));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext context, UserManager<AccountUser> users, SessionValidator sessions, SecurityAudit audit, CancellationToken cancellationToken)
    {
        // A new security stamp ends every token and cookie of the account, this one and any copy of it.
        if (context.User.FindFirstValue(SessionValidator.SubjectClaim) is { } id && await users.FindByIdAsync(id) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            sessions.Forget(id);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await audit.RecordAsync("signout", context.User.Identity?.Name, new JsonObject { ["address"] = context.Connection.RemoteIpAddress?.ToString() }, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        PasswordBody body, HttpContext context, UserManager<AccountUser> users, PasswordCheck passwords, SignInThrottle throttle, SessionValidator sessions, SecurityAudit audit, CancellationToken cancellationToken)
    {
        var user = context.User.FindFirstValue(SessionValidator.SubjectClaim) is { } id ? await users.FindByIdAsync(id) : null;
        if (user is null)
        {
            return Problems.Conflict("校园统一身份认证的账户请在校园系统中修改密码 (accounts of the campus identity system change their password there).");
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(body.CurrentPassword) || body.CurrentPassword.Length > SignInGuard.MaxPasswordLength)
        {
            errors["currentPassword"] = ["必填 (required)."];
        }

        if (string.IsNullOrEmpty(body.NewPassword) || body.NewPassword.Length > SignInGuard.MaxPasswordLength)
        {
            errors["newPassword"] = [$"必填，最多 {SignInGuard.MaxPasswordLength} 个字符 (required, at most {SignInGuard.MaxPasswordLength} characters)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var client = SignInGuard.ClientKeyOf(context);
        var data = new JsonObject { ["address"] = SignInGuard.AddressOf(context) };
        if (await throttle.IsPausedAsync(user.UserName!, client, cancellationToken) || !await passwords.IsRightAsync(users, user, body.CurrentPassword!))
        {
            await throttle.FailAsync(user.UserName!, client, cancellationToken);
            await audit.RecordAsync("password.change-refused", user.UserName, data, cancellationToken);
            return Problems.Field("currentPassword", "当前密码不正确，或因多次失败暂停 (the current password is wrong, or changes are paused after repeated failures).");
        }

        if (body.NewPassword == body.CurrentPassword)
        {
            return Problems.Field("newPassword", "新密码不能与当前密码相同 (the new password must differ from the current one).");
        }

        var changed = await users.ChangePasswordAsync(user, body.CurrentPassword!, body.NewPassword!);
        if (!changed.Succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["newPassword"] = ["密码须至少 12 个字符，含大写字母、小写字母和数字 (at least 12 characters with upper and lower case letters and a digit).", .. changed.Errors.Select(e => e.Description)],
            });
        }

        // The user's own password from now on: the one-time password an administrator issued is gone.
        user.PasswordIsOneTime = false;
        user.OneTimePasswordUsedAt = null;
        await users.UpdateAsync(user);
        sessions.Forget(user.Id);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await audit.RecordAsync("password.changed", user.UserName, data, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>An antiforgery token.</summary>
    public sealed record AntiforgeryResponse(string Token, string HeaderName);

    private static Ok<AntiforgeryResponse> Antiforgery(HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryResponse(tokens.RequestToken!, AuthExtensions.AntiforgeryHeader));
    }

    private static async Task<Results<ChallengeHttpResult, ProblemHttpResult>> External(string? returnUrl, IAuthenticationSchemeProvider schemes)
    {
        if (await schemes.GetSchemeAsync(AuthExtensions.ExternalScheme) is null)
        {
            return TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not configured", Detail = "Campus sign-in is not configured (Workflows:Auth:Oidc:Authority)." });
        }

        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/";
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = target }, [AuthExtensions.ExternalScheme]);
    }

    private static async Task<Ok<MeResponse>> MeAsync(ClaimsPrincipal user, UserManager<AccountUser> users) => TypedResults.Ok(new MeResponse(
        user.Identity!.Name!,
        user.FindFirstValue("real_name"),
        user.FindFirstValue(AuthExtensions.UnitClaim),
        [.. user.FindAll(AuthExtensions.RoleClaim).Select(c => c.Value)],
        user.FindFirstValue(SessionValidator.SubjectClaim) is { } id && await users.FindByIdAsync(id) is { PasswordIsOneTime: true }));
}
