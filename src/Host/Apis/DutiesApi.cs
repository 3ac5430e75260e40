using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Domain.Letters;
using Zzut.Workflows.Domain.Warnings;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Infrastructure;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The standing duties' ledgers that no single unit owns — the center's inspection plans, emergency plans, drills,
/// warnings — read by the overseeing roles in full and by a unit as far as it concerns the unit; and the letters'
/// scanned copies.
/// </summary>
public static class DutiesApi
{
    /// <summary>Maps <c>/api/inspections</c>, <c>/api/emergency-plans</c>, <c>/api/drills</c>, <c>/api/warnings</c> and <c>/api/letters/{id}/scan</c>.</summary>
    public static IEndpointRouteBuilder MapDutiesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/inspections", InspectionsAsync).WithTags("Inspections")
            .WithSummary("The center's inspections (Art. 35) with each unit's part; a unit sees the inspections of itself, with its own part only.");
        routes.MapGet("/api/emergency-plans", PlansAsync).WithTags("Emergency")
            .WithSummary("Emergency plans and their versions (Art. 29): the school's for everybody, a unit's for the unit and the overseeing roles; ?status=in-force for the versions in force.");
        routes.MapGet("/api/drills", async (LedgerDbContext db, CancellationToken cancellationToken) =>
            TypedResults.Ok((await db.EmergencyDrills.AsNoTracking().ToListAsync(cancellationToken)).OrderByDescending(d => d.PlannedDate).ToList()))
            .WithTags("Emergency").WithSummary("Emergency drills (Art. 30): planned, held, evaluated, and the plan revisions they called for.");
        routes.MapGet("/api/warnings", WarningsAsync).WithTags("Warnings")
            .WithSummary("Warnings from the authorities (Att. 9 §6) with the units' answers; a unit sees the warnings sent to it, with its own answer only.");
        var letters = routes.MapGroup("/api/letters/{id:guid}/scan").WithTags("Letters");
        letters.MapGet("/", GetScanAsync).WithSummary("The letter's scanned copy (PDF, JPEG or PNG).");
        letters.MapPut("/", PutScanAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Office, Roles.Center))
            .WithSummary("Attach the scanned copy (body: the file, Content-Type application/pdf, image/jpeg or image/png; ?fileName=); office, center, administrators.");
        return routes;
    }

    private static async Task<Ok<List<JsonObject>>> InspectionsAsync(HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var plans = await db.Inspections.AsNoTracking().ToListAsync(cancellationToken);
        var parts = (await db.InspectionUnits.AsNoTracking().Where(u => u.InspectionId != null).ToListAsync(cancellationToken))
            .Where(u => caller.MaySeeUnit(u.UnitCode)).ToLookup(u => u.InspectionId!.Value);
        return TypedResults.Ok(plans.Where(p => caller.OverseesInstances || parts[p.Id].Any()).OrderByDescending(p => p.PlannedDate).Select(p =>
        {
            var json = LedgerFields.ToJson(p);
            json["units"] = new JsonArray([.. parts[p.Id].OrderBy(u => u.UnitCode, StringComparer.Ordinal).Select(u => (JsonNode)LedgerFields.ToJson(u))]);
            return json;
        }).ToList());
    }

    private static async Task<Results<Ok<List<EmergencyPlanRecord>>, ValidationProblem>> PlansAsync(string? status, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        IQueryable<EmergencyPlanRecord> query = db.EmergencyPlans.AsNoTracking();
        if (status is not null)
        {
            if (!WireNames.TryParse<EmergencyPlanStatus>(status, out var wanted))
            {
                return Problems.Field("status", WireNames.OneOf<EmergencyPlanStatus>());
            }

            query = query.Where(p => p.Status == wanted);
        }

        var plans = await query.ToListAsync(cancellationToken);
        return TypedResults.Ok(plans.Where(p => p.Scope == EmergencyPlanScope.School || caller.MaySeeUnit(p.UnitCode))
            .OrderBy(p => p.Scope).ThenBy(p => p.UnitCode, StringComparer.Ordinal).ThenByDescending(p => p.Version).ToList());
    }

    private static async Task<Ok<List<SecurityWarningRecord>>> WarningsAsync(HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var warnings = await db.Warnings.AsNoTracking().Include(w => w.Responses).ToListAsync(cancellationToken);
        if (!caller.OverseesInstances)
        {
            foreach (var warning in warnings)
            {
                warning.Responses = [.. warning.Responses.Where(r => caller.MaySeeUnit(r.UnitCode))];
            }

            warnings = [.. warnings.Where(w => w.Responses.Count > 0)];
        }

        return TypedResults.Ok(warnings.OrderByDescending(w => w.ReceivedOn).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetScanAsync(Guid id, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var letter = await LedgersApi.FindVisibleAsync<ResponsibilityLetterRecord>("letter", id, context, db, cancellationToken);
        if (letter is null)
        {
            return Problems.NotFound($"The letters ledger has no row {id}.");
        }

        var scan = await db.LetterScans.AsNoTracking().FirstOrDefaultAsync(s => s.LetterId == id, cancellationToken);
        return scan is null
            ? Problems.NotFound($"Letter {letter.Number} has no scanned copy yet.")
            : TypedResults.File(scan.Content, letter.ScanContentType ?? "application/octet-stream", letter.ScanFileName);
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> PutScanAsync(
        Guid id, string? fileName, HttpContext context, LedgerDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var letter = await db.Letters.FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (letter is null)
        {
            return Problems.NotFound($"The letters ledger has no row {id}.");
        }

        var contentType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (contentType is null || !LetterScanRecord.ContentTypes.Contains(contentType))
        {
            return Problems.Field("file", $"扫描件须为 PDF、JPEG 或 PNG (Content-Type must be one of: {string.Join(", ", LetterScanRecord.ContentTypes)}).");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0 || buffer.Length > LetterScanRecord.MaxBytes)
        {
            return Problems.Field("file", "扫描件不能为空，最大 10 MB (the scan must be 1 byte to 10 MB).");
        }

        var name = string.IsNullOrWhiteSpace(fileName) ? $"{letter.Number}{Extension(contentType)}" : Path.GetFileName(fileName.Trim());
        if (name.Length is 0 or > 200)
        {
            return Problems.Field("fileName", "文件名最多 200 字 (at most 200 characters).");
        }

        var content = buffer.ToArray();
        var scan = await db.LetterScans.FirstOrDefaultAsync(s => s.LetterId == id, cancellationToken);
        if (scan is null)
        {
            db.LetterScans.Add(new LetterScanRecord { LetterId = id, Content = content });
        }
        else
        {
            scan.Content = content;
        }

        letter.AttachScan(name, contentType, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), context.Actor(), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(LedgerFields.ToJson(letter));
    }

    private static string Extension(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf",
        "image/jpeg" => ".jpg",
        _ => ".png",
    };
}

/// <summary>
/// The duty rota (值守, Art. 31; Att. 9 §8): shifts by team (<c>center</c>, or a unit's code), who is on duty now, and
/// the year's holiday periods from the calendar with what the rota leaves uncovered. Everybody signed in reads the
/// center's rota and their unit's; the center and administrators keep the center's, a unit (or its head) its own.
/// </summary>
public static class DutyApi
{
    /// <summary>Maps <c>/api/duty</c>.</summary>
    public static IEndpointRouteBuilder MapDutyApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/duty").WithTags("Duty");
        group.MapGet("/", ListAsync).WithSummary("Shifts overlapping [from, to) (default: the next 30 days), of one team or every team the caller may read.");
        group.MapGet("/now", NowAsync).WithSummary("Who is on duty now for a team (default center).");
        group.MapGet("/holidays", HolidaysAsync).WithSummary("The year's holiday periods (from the calendar), each with the stretches the team's rota leaves uncovered.");
        group.MapPost("/", CreateAsync).WithSummary("Add a shift: the center's (center, administrators) or a unit's own (its unit users and head).");
        group.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Remove a shift (whoever may keep the team's rota).");
        return routes;
    }

    /// <summary>A shift as sent.</summary>
    public sealed record ShiftBody(string? Team, string? PersonName, string? UserName, string? Phone, string? Email, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Note);

    /// <summary>Who is on duty.</summary>
    public sealed record OnDutyView(string Team, DateTimeOffset At, IReadOnlyList<DutyShiftRecord> Shifts);

    private static async Task<Results<Ok<IReadOnlyList<DutyShiftRecord>>, ValidationProblem>> ListAsync(
        string? team, DateTimeOffset? from, DateTimeOffset? to, HttpContext context, DutyRota rota, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (from is { } f && f.UtcDateTime.Year is < 2000 or > 2100)
        {
            return Problems.Field("from", "须在 2000–2100 年之间 (between 2000 and 2100).");
        }

        if (to is { } t && t.UtcDateTime.Year is < 2000 or > 2100)
        {
            return Problems.Field("to", "须在 2000–2100 年之间 (between 2000 and 2100).");
        }

        var start = from ?? time.GetUtcNow();
        var end = to ?? start.AddDays(30);
        if (end <= start || end - start > TimeSpan.FromDays(400))
        {
            return Problems.Field("to", "须晚于 from，跨度不超过 400 天 (after from, at most 400 days later).");
        }

        if (team is not null && !MayRead(caller, team))
        {
            return TypedResults.Ok<IReadOnlyList<DutyShiftRecord>>([]);
        }

        var shifts = await rota.ShiftsAsync(team, start, end, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<DutyShiftRecord>>([.. shifts.Where(s => MayRead(caller, s.Team))]);
    }

    private static async Task<Ok<OnDutyView>> NowAsync(string? team, HttpContext context, DutyRota rota, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var name = string.IsNullOrWhiteSpace(team) ? DutyShiftRecord.CenterTeam : team;
        var now = time.GetUtcNow();
        return TypedResults.Ok(new OnDutyView(name, now, MayRead(caller, name) ? await rota.OnDutyAsync(name, now, cancellationToken) : []));
    }

    private static async Task<Results<Ok<IReadOnlyList<HolidayPeriod>>, ValidationProblem>> HolidaysAsync(
        string? team, int? year, HttpContext context, DutyRota rota, WorkingCalendar calendar, TimeProvider time, CancellationToken cancellationToken)
    {
        var wanted = year ?? calendar.LocalDate(time.GetUtcNow()).Year;
        if (wanted is < 2000 or > 2100)
        {
            return Problems.Field("year", "须为 2000–2100 (2000 to 2100).");
        }

        var name = string.IsNullOrWhiteSpace(team) ? DutyShiftRecord.CenterTeam : team;
        if (!MayRead(Caller.From(context.User), name))
        {
            return Problems.Field("team", "只能查看本单位或信息与网络管理中心的值班表 (your unit's rota or the center's).");
        }

        return TypedResults.Ok(await rota.HolidayPeriodsAsync(name, wanted, cancellationToken));
    }

    private static async Task<Results<Created<DutyShiftRecord>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ShiftBody body, HttpContext context, LedgerDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var team = string.IsNullOrWhiteSpace(body.Team) ? DutyShiftRecord.CenterTeam : body.Team.Trim();
        if (!MayKeep(caller, team))
        {
            return Problems.Forbidden(team == DutyShiftRecord.CenterTeam
                ? "只有信息与网络管理中心和管理员可以编排中心值班表 (only the center keeps the center's rota)."
                : "只能编排本单位的值班表 (you may keep only your own unit's rota).");
        }

        var shift = new DutyShiftRecord
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Team = team,
            PersonName = body.PersonName?.Trim() ?? string.Empty,
            UserName = string.IsNullOrWhiteSpace(body.UserName) ? null : body.UserName.Trim(),
            Phone = body.Phone?.Trim() ?? string.Empty,
            Email = string.IsNullOrWhiteSpace(body.Email) ? null : body.Email.Trim(),
            StartsAt = body.StartsAt ?? default,
            EndsAt = body.EndsAt ?? default,
            Note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(),
            CreatedBy = caller.UserName,
            CreatedAt = time.GetUtcNow(),
        };
        var errors = new LedgerErrors();
        errors.Check(body.StartsAt is not null, "startsAt", LedgerRules.Required);
        errors.Check(body.EndsAt is not null, "endsAt", LedgerRules.Required);
        if (errors.Count == 0)
        {
            shift.Validate(errors);
        }

        errors.Check(team == DutyShiftRecord.CenterTeam || await db.Units.AnyAsync(u => u.Code == team, cancellationToken), "team", $"未知单位 (unknown unit '{team}').");
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "值班安排有误 (the shift is invalid)");
        }

        db.DutyShifts.Add(shift);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/duty/{shift.Id}", shift);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var shift = await db.DutyShifts.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        var caller = Caller.From(context.User);
        if (shift is null || !MayRead(caller, shift.Team))
        {
            return Problems.NotFound($"No shift {id}.");
        }

        if (!MayKeep(caller, shift.Team))
        {
            return Problems.Forbidden("无权修改该值班表 (you may not change this rota).");
        }

        db.DutyShifts.Remove(shift);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The center's rota is read by everybody signed in; a unit's by the unit and the overseeing roles.</summary>
    private static bool MayRead(Caller caller, string team) => team == DutyShiftRecord.CenterTeam || caller.MaySeeUnit(team);

    /// <summary>The center's rota is kept by the center and administrators; a unit's by its users and head.</summary>
    private static bool MayKeep(Caller caller, string team) => team == DutyShiftRecord.CenterTeam
        ? caller.IsAdmin || caller.Roles.Contains(Roles.Center)
        : caller.IsAdmin || caller.OwnUnit == team;
}
