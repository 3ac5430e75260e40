using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The units directory (学校各单位) and the role mailboxes: who the notices of <c>unit:{code}</c> and <c>role:{name}</c>
/// tasks reach. Everybody signed in reads it; administrators edit it.
/// </summary>
public static class DirectoryApi
{
    /// <summary>Maps <c>/api/units</c> and <c>/api/role-mailboxes</c>.</summary>
    public static IEndpointRouteBuilder MapDirectoryApi(this IEndpointRouteBuilder routes)
    {
        var units = routes.MapGroup("/api/units").WithTags("Units");
        units.MapGet("/", async (LedgerDbContext db, CancellationToken cancellationToken) =>
            TypedResults.Ok(await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken))).WithSummary("Every unit.");
        units.MapGet("/{code}", GetUnitAsync).WithSummary("One unit.");
        var unitAdmin = units.MapGroup("/").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        unitAdmin.MapPost("/", CreateUnitAsync).WithSummary("Add a unit (administrators).");
        unitAdmin.MapPut("/{code}", UpdateUnitAsync).WithSummary("Change a unit's names and contacts (administrators).");
        unitAdmin.MapDelete("/{code}", DeleteUnitAsync).WithSummary("Remove a unit that owns no ledger row (administrators).");

        var roles = routes.MapGroup("/api/role-mailboxes").WithTags("Units");
        roles.MapGet("/", async (LedgerDbContext db, CancellationToken cancellationToken) =>
            TypedResults.Ok(await db.RoleMailboxes.AsNoTracking().OrderBy(r => r.Role).ToListAsync(cancellationToken))).WithSummary("The mailboxes of leading-group, office, center, expert, school-leader, admin.");
        roles.MapPut("/{role}", PutMailboxAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin)).WithSummary("Set a role's name and addresses (administrators).");
        return routes;
    }

    /// <summary>A role mailbox as sent.</summary>
    public sealed record MailboxBody(string? Name, string? Emails);

    private static async Task<Results<Ok<UnitRecord>, ProblemHttpResult>> GetUnitAsync(string code, LedgerDbContext db, CancellationToken cancellationToken) =>
        await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code, cancellationToken) is { } unit
            ? TypedResults.Ok(unit)
            : Problems.NotFound($"No unit has the code '{code}'.");

    private static async Task<Results<Created<UnitRecord>, ProblemHttpResult>> CreateUnitAsync(
        JsonObject body, LedgerDbContext db, WorkingCalendar calendar, UnitAddressBook addresses, CancellationToken cancellationToken)
    {
        var unit = new UnitRecord { Code = string.Empty, Name = string.Empty };
        LedgerFields.Apply(unit, body, calendar.TimeZone);
        await LedgerRules.EnsureValidAsync(unit, db, cancellationToken);
        if (await db.Units.AnyAsync(u => u.Code == unit.Code, cancellationToken))
        {
            return Problems.Conflict($"A unit with the code '{unit.Code}' exists.");
        }

        db.Units.Add(unit);
        await db.SaveChangesAsync(cancellationToken);
        await addresses.ReloadAsync(CancellationToken.None);
        return TypedResults.Created($"/api/units/{unit.Code}", unit);
    }

    private static async Task<Results<Ok<UnitRecord>, ProblemHttpResult>> UpdateUnitAsync(
        string code, JsonObject body, LedgerDbContext db, WorkingCalendar calendar, UnitAddressBook addresses, CancellationToken cancellationToken)
    {
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Code == code, cancellationToken);
        if (unit is null)
        {
            return Problems.NotFound($"No unit has the code '{code}'.");
        }

        if (body["code"] is { } newCode && newCode.ToString() != code)
        {
            throw new LedgerValidationException(new Dictionary<string, string[]> { ["code"] = ["单位代码不可修改 (the code cannot change; add a new unit)."] });
        }

        body.Remove("code");
        LedgerFields.Apply(unit, body, calendar.TimeZone);
        await LedgerRules.EnsureValidAsync(unit, db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await addresses.ReloadAsync(CancellationToken.None);
        return TypedResults.Ok(unit);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteUnitAsync(
        string code, LedgerDbContext db, UnitDirectory directory, UnitAddressBook addresses, CancellationToken cancellationToken)
    {
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Code == code, cancellationToken);
        if (unit is null)
        {
            return Problems.NotFound($"No unit has the code '{code}'.");
        }

        if (await directory.OwnsLedgerRowsAsync(code, cancellationToken))
        {
            return Problems.Conflict($"Unit '{code}' owns ledger rows; it cannot be removed.");
        }

        db.Units.Remove(unit);
        await db.SaveChangesAsync(cancellationToken);
        await addresses.ReloadAsync(CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RoleMailboxRecord>, ValidationProblem>> PutMailboxAsync(
        string role, MailboxBody body, LedgerDbContext db, UnitAddressBook addresses, CancellationToken cancellationToken)
    {
        if (!RoleMailboxRecord.Known.Contains(role))
        {
            return Problems.Field("role", WireNames.OneOf(RoleMailboxRecord.Known));
        }

        var emails = (body.Emails ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (emails.Length == 0 || emails.Any(a => !a.Contains('@', StringComparison.Ordinal)))
        {
            return Problems.Field("emails", "须为一个或多个电子邮箱 (one or more e-mail addresses, comma-separated).");
        }

        var mailbox = await db.RoleMailboxes.FirstOrDefaultAsync(r => r.Role == role, cancellationToken);
        if (mailbox is null)
        {
            mailbox = new RoleMailboxRecord { Role = role, Name = body.Name ?? role };
            db.RoleMailboxes.Add(mailbox);
        }

        mailbox.Name = string.IsNullOrWhiteSpace(body.Name) ? mailbox.Name : body.Name;
        mailbox.Emails = string.Join(",", emails);
        await db.SaveChangesAsync(cancellationToken);
        await addresses.ReloadAsync(CancellationToken.None);
        return TypedResults.Ok(mailbox);
    }
}
