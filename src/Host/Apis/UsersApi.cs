using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// User accounts, for administrators: list, create with a one-time password (shown once or e-mailed through the
/// outbox), change name, e-mail, unit and roles, disable and enable, unlock, reset the password, import a unit's people
/// from CSV (preview, then commit), and each account's security history. The service's one account API (ADR 0013:
/// the earlier <c>/api/accounts</c> was folded in). Lists page like every list (skip, take, X-Total-Count); every
/// change is recorded with the administrator who made it; a change of access (roles, unit, disabling, a new password)
/// ends the account's sessions at once.
/// </summary>
public static class UsersApi
{
    /// <summary>Maps <c>/api/users</c>.</summary>
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users").WithTags("Users").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapGet("/", ListAsync)
            .WithSummary("The accounts by user name (?unitCode=, ?role=, ?q= a part of the name or user name); paged with skip and take, the total in X-Total-Count.");
        group.MapPost("/", CreateAsync)
            .WithSummary("Create an account with a one-time password (it meets the password policy and signs in once; the user then chooses their own): delivery \"show\" answers it once, \"email\" sends it through the outbox.");
        group.MapGet("/{id}", GetAsync).WithSummary("One account.");
        group.MapPut("/{id}", UpdateAsync).WithSummary("Change an account's real name, e-mail, unit and roles; its sessions end when its access changes.");
        group.MapPost("/{id}/disable", (string id, HttpContext context, UserAdministration users, CancellationToken cancellationToken) => Answer(users.SetEnabledAsync(id, false, context.Actor(), cancellationToken)))
            .WithSummary("Disable an account: it cannot sign in, and its sessions end at once.");
        group.MapPost("/{id}/enable", (string id, HttpContext context, UserAdministration users, CancellationToken cancellationToken) => Answer(users.SetEnabledAsync(id, true, context.Actor(), cancellationToken)))
            .WithSummary("Enable a disabled account.");
        group.MapPost("/{id}/unlock", (string id, HttpContext context, UserAdministration users, CancellationToken cancellationToken) => Answer(users.UnlockAsync(id, context.Actor(), cancellationToken)))
            .WithSummary("End a lockout after failed sign-ins.");
        group.MapPost("/{id}/reset-password", ResetPasswordAsync).WithSummary("A new one-time password (shown once, or e-mailed); the account's sessions end.");
        group.MapGet("/{id}/history", HistoryAsync).WithSummary("The account's entries in the hash-chained security history (its sign-ins and every change made to it) and whether the chain is intact.");
        // The body is read as UTF-8 text whatever its declared type (no Accepts: a content-type check in routing would
        // answer 415 before authorization could answer 403).
        group.MapPost("/import", ImportAsync)
            .WithSummary("Import a unit's people from CSV (用户名, 姓名, 邮箱, 单位代码, 角色): ?commit=false previews every row with its errors; ?commit=true creates all rows or, when any has errors, none.");
        return routes;
    }

    /// <summary>A new account.</summary>
    public sealed record CreateBody(string? UserName, string? RealName, string? Email, string? UnitCode, IReadOnlyList<string>? Roles, string? Delivery);

    /// <summary>A change of an account.</summary>
    public sealed record UpdateBody(string? RealName, string? Email, string? UnitCode, IReadOnlyList<string>? Roles);

    /// <summary>How to deliver a new one-time password.</summary>
    public sealed record ResetBody(string? Delivery);

    /// <summary>An account with the one-time password to show (once), if any.</summary>
    public sealed record UserAnswer(UserView User, string? OneTimePassword);

    /// <summary>An account's security history.</summary>
    public sealed record UserHistory(IReadOnlyList<HistoryEntryView> Entries, bool ChainIntact);

    /// <summary>What an import did (or would do).</summary>
    public sealed record ImportAnswer(bool Committed, IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportedUser> Created, string? Problem);

    private static async Task<Results<Ok<IReadOnlyList<UserView>>, ValidationProblem>> ListAsync(
        string? unitCode, string? role, string? q, int? skip, int? take, HttpContext context, UserAdministration users, CancellationToken cancellationToken)
    {
        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        var (page, total) = await users.ListAsync(unitCode, role, q, skip ?? 0, Paging.Take(take), cancellationToken);
        Paging.SetTotal(context, total);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Created<UserAnswer>, ValidationProblem>> CreateAsync(CreateBody body, HttpContext context, UserAdministration users, CancellationToken cancellationToken)
    {
        if (ParseDelivery(body.Delivery) is not { } delivery)
        {
            return Problems.Field("delivery", DeliveryMessage);
        }

        var change = await users.CreateAsync(new UserDraft(body.UserName, body.RealName, body.Email, body.UnitCode, body.Roles), delivery, context.Actor(), cancellationToken);
        return change.Errors is { } errors
            ? TypedResults.ValidationProblem(errors.ToDictionary(), title: "账户未创建 (the account was not created)")
            : TypedResults.Created($"/api/users/{change.User!.Id}", new UserAnswer(change.User, change.OneTimePassword));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(string id, UserAdministration users, CancellationToken cancellationToken) =>
        await users.GetAsync(id, cancellationToken) is { } user ? TypedResults.Ok(user) : NotFound(id);

    private static async Task<Results<Ok<UserAnswer>, ValidationProblem, ProblemHttpResult>> UpdateAsync(string id, UpdateBody body, HttpContext context, UserAdministration users, CancellationToken cancellationToken) =>
        await Answer(users.UpdateAsync(id, new UserDraft(null, body.RealName, body.Email, body.UnitCode, body.Roles), context.Actor(), cancellationToken));

    private static async Task<Results<Ok<UserAnswer>, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(string id, ResetBody body, HttpContext context, UserAdministration users, CancellationToken cancellationToken) =>
        ParseDelivery(body.Delivery) is { } delivery
            ? await Answer(users.ResetPasswordAsync(id, delivery, context.Actor(), cancellationToken))
            : Problems.Field("delivery", DeliveryMessage);

    private static async Task<Results<Ok<UserHistory>, ProblemHttpResult>> HistoryAsync(string id, UserAdministration users, SecurityAudit audit, CancellationToken cancellationToken)
    {
        if (await users.GetAsync(id, cancellationToken) is not { } user)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(new UserHistory(await users.HistoryAsync(user.UserName, cancellationToken), (await audit.VerifyAsync(cancellationToken)).Intact));
    }

    private static async Task<Results<Ok<ImportAnswer>, ValidationProblem>> ImportAsync(
        bool? commit, string? unitCode, string? delivery, HttpContext context, UserAdministration users, CancellationToken cancellationToken)
    {
        if (ParseDelivery(delivery) is not { } how)
        {
            return Problems.Field("delivery", DeliveryMessage);
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var csv = await reader.ReadToEndAsync(cancellationToken);
        if (commit != true)
        {
            var (rows, problem) = await users.PreviewAsync(csv, unitCode, how, cancellationToken);
            return TypedResults.Ok(new ImportAnswer(false, rows, [], problem));
        }

        var (checkedRows, created, refused) = await users.ImportAsync(csv, unitCode, how, context.Actor(), cancellationToken);
        if (refused is not null)
        {
            var errors = checkedRows.Where(r => r.Errors.Count > 0)
                .ToDictionary(r => $"line{r.Line}", r => r.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")).ToArray());
            return TypedResults.ValidationProblem(errors.Count > 0 ? errors : new Dictionary<string, string[]> { ["file"] = [refused] }, detail: refused, title: "没有导入任何账户 (nothing was imported)");
        }

        return TypedResults.Ok(new ImportAnswer(true, checkedRows, created, null));
    }

    private const string DeliveryMessage = "须为 show（显示一次）或 email（通过邮件发送）(must be show or email).";

    private static PasswordDelivery? ParseDelivery(string? text) => text switch
    {
        null or "" or "show" => PasswordDelivery.Show,
        "email" => PasswordDelivery.Email,
        _ => null,
    };

    private static async Task<Results<Ok<UserAnswer>, ValidationProblem, ProblemHttpResult>> Answer(Task<UserChange?> changing)
    {
        var change = await changing;
        return change switch
        {
            null => NotFound(null),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors.ToDictionary()),
            { Conflict: { } conflict } => Problems.Conflict(conflict),
            _ => TypedResults.Ok(new UserAnswer(change.User!, change.OneTimePassword)),
        };
    }

    private static ProblemHttpResult NotFound(string? id) => Problems.NotFound($"没有这个账户 (no account{(id is null ? string.Empty : " " + id)}).");
}
