using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities.Ledgers;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Jobs.Scans;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The compliance overview — the figures of the leading group's annual summary (Art. 36) — the evaluation periods
/// (data, not code) and the circulated criticisms.
/// </summary>
public static class ComplianceApi
{
    /// <summary>Maps <c>/api/compliance</c>, <c>/api/evaluation-periods</c> and <c>/api/criticisms</c>.</summary>
    public static IEndpointRouteBuilder MapComplianceApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/compliance", GetAsync).WithTags("Compliance")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.LeadingGroup, Roles.Office, Roles.Center))
            .WithSummary("Systems by level with due and overdue evaluations, open rectification notices, VMs by missed years and pending reclamation, websites awaiting checks, incidents by reporting status; ?format=csv for CSV.");
        var periods = routes.MapGroup("/api/evaluation-periods").WithTags("Compliance");
        periods.MapGet("/", async (LedgerDbContext db, CancellationToken cancellationToken) =>
            TypedResults.Ok(await db.EvaluationPeriods.AsNoTracking().OrderBy(p => p.Level).ToListAsync(cancellationToken))).WithSummary("Months between evaluations, by level (0: none).");
        periods.MapPut("/{level:int}", PutPeriodAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Change a level's period (administrators); ?recompute=true also moves the next due date of every system of that level.");
        routes.MapGet("/api/criticisms", CriticismsAsync).WithTags("Compliance").WithSummary("Circulated criticisms (通报批评) recorded against units; a unit sees its own.");
        return routes;
    }

    /// <summary>A period as sent.</summary>
    public sealed record PeriodBody(int? Months);

    private static async Task<Results<Ok<EvaluationPeriodRecord>, ValidationProblem>> PutPeriodAsync(int level, PeriodBody body, bool? recompute, LedgerDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (level is < 1 or > 5)
        {
            errors["level"] = ["等级须为 1–5 (level must be 1 to 5)."];
        }

        if (body.Months is not (>= 0 and <= 120))
        {
            errors["months"] = ["须为 0–120 个月 (0 to 120 months; 0 means no evaluation)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var period = await db.EvaluationPeriods.FirstOrDefaultAsync(p => p.Level == level, cancellationToken);
        if (period is null)
        {
            period = new EvaluationPeriodRecord { Level = level };
            db.EvaluationPeriods.Add(period);
        }

        period.Months = body.Months!.Value;
        await db.SaveChangesAsync(cancellationToken);
        if (recompute == true)
        {
            var systems = await db.Systems.Where(s => (s.ApprovedLevel ?? s.ProposedLevel) == level && s.LastEvaluationDate != null).ToListAsync(cancellationToken);
            foreach (var system in systems)
            {
                system.NextEvaluationDue = await EvaluationSchedule.NextDueAsync(db, system, cancellationToken);
                system.UpdatedAt = time.GetUtcNow();
                system.Revision++;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(period);
    }

    private static async Task<Ok<List<UnitCriticismRecord>>> CriticismsAsync(string? unitCode, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var query = db.Criticisms.AsNoTracking();
        if (!caller.OverseesInstances)
        {
            var own = caller.OwnUnit;
            query = query.Where(c => own != null && c.UnitCode == own);
        }

        if (!string.IsNullOrWhiteSpace(unitCode))
        {
            query = query.Where(c => c.UnitCode == unitCode);
        }

        return TypedResults.Ok((await query.ToListAsync(cancellationToken)).OrderByDescending(c => c.At).ToList());
    }

    private static async Task<IResult> GetAsync(string? format, LedgerDbContext db, WorkingCalendar calendar, TimeProvider time, IOptionsMonitor<ScanOptions> scans, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = calendar.LocalDate(now);
        var horizon = today.AddDays(scans.CurrentValue.EvaluationLeadDays);
        var systems = await db.Systems.AsNoTracking().Where(s => s.Status != "retired").ToListAsync(cancellationToken);
        var notices = await db.RectificationNotices.AsNoTracking().Where(n => n.Status != "completed").ToListAsync(cancellationToken);
        var vms = await db.Vms.AsNoTracking().ToListAsync(cancellationToken);
        var websites = await db.Websites.AsNoTracking().Where(w => w.Status == "applying" || w.Status == "checking").ToListAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking().Include(i => i.Accountability).ToListAsync(cancellationToken);
        var criticisms = await db.Criticisms.AsNoTracking().ToListAsync(cancellationToken);

        static bool Evaluated(InformationSystemRecord s) => s.Level >= 2;
        var overdue = systems.Where(s => Evaluated(s) && s.Status == "accepted" && (s.NextEvaluationDue is null || s.NextEvaluationDue < today)).OrderBy(s => s.NextEvaluationDue).ToList();
        var dueSoon = systems.Where(s => Evaluated(s) && s.Status == "accepted" && s.NextEvaluationDue is { } d && d >= today && d <= horizon).OrderBy(s => s.NextEvaluationDue).ToList();
        JsonObject SystemRow(InformationSystemRecord s) => new() { ["id"] = s.Id, ["name"] = s.Name, ["unitCode"] = s.UnitCode, ["level"] = s.Level, ["lastEvaluationDate"] = Date(s.LastEvaluationDate), ["nextEvaluationDue"] = Date(s.NextEvaluationDue) };

        var report = new JsonObject
        {
            ["generatedAt"] = now,
            ["today"] = Date(today),
            ["systems"] = new JsonObject
            {
                ["byLevel"] = new JsonArray([.. systems.GroupBy(s => s.Level).OrderBy(g => g.Key).Select(g => (JsonNode)new JsonObject
                {
                    ["level"] = g.Key,
                    ["systems"] = g.Count(),
                    ["filed"] = g.Count(s => s.FilingNumber is not null),
                    ["evaluated"] = g.Count(s => s.LastEvaluationDate is not null),
                    ["dueSoon"] = g.Count(dueSoon.Contains),
                    ["overdue"] = g.Count(overdue.Contains),
                })]),
                ["overdueEvaluations"] = new JsonArray([.. overdue.Select(s => (JsonNode)SystemRow(s))]),
                ["dueWithinLeadWindow"] = new JsonArray([.. dueSoon.Select(s => (JsonNode)SystemRow(s))]),
            },
            ["rectificationNotices"] = new JsonArray([.. notices.OrderBy(n => n.Deadline).Select(n => (JsonNode)new JsonObject
            {
                ["id"] = n.Id, ["number"] = n.Number, ["unitCode"] = n.UnitCode, ["systemId"] = n.SystemId, ["deadline"] = Date(n.Deadline),
                ["status"] = n.Status, ["overdue"] = n.Deadline < today,
            })]),
            ["vms"] = new JsonObject
            {
                ["byStatus"] = Counts(vms.GroupBy(v => v.Status)),
                ["byMissedYears"] = new JsonArray([.. vms.Where(v => v.Status != "reclaimed").GroupBy(v => v.ConsecutiveMissedYears).OrderBy(g => g.Key)
                    .Select(g => (JsonNode)new JsonObject { ["missedYears"] = g.Key, ["vms"] = g.Count() })]),
                ["pendingReclamation"] = new JsonArray([.. vms.Where(v => v.Status == "reclaim-pending").Select(v => (JsonNode)new JsonObject
                {
                    ["id"] = v.Id, ["serverName"] = v.ServerName, ["ipAddress"] = v.IpAddress, ["unitCode"] = v.UnitCode, ["missedYears"] = v.ConsecutiveMissedYears,
                })]),
            },
            ["websitesAwaitingChecks"] = new JsonArray([.. websites.Select(w => (JsonNode)new JsonObject { ["id"] = w.Id, ["domain"] = w.Domain, ["unitCode"] = w.UnitCode, ["status"] = w.Status })]),
            ["incidents"] = new JsonObject
            {
                ["byReportingStatus"] = new JsonObject([.. IncidentRecord.ReportingStatuses.Select(s => KeyValuePair.Create(s, (JsonNode?)incidents.Count(i => i.ReportingStatus == s)))]),
                ["open"] = incidents.Count(i => i.Phase != "closed"),
                ["interviews"] = incidents.Sum(i => i.Accountability.Count(a => a.Kind == "interview")),
                ["circulars"] = incidents.Sum(i => i.Accountability.Count(a => a.Kind == "circular")),
            },
            ["criticisms"] = new JsonArray([.. criticisms.OrderBy(c => c.At).Select(c => (JsonNode)new JsonObject { ["unitCode"] = c.UnitCode, ["reason"] = c.Reason, ["at"] = c.At })]),
        };

        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.Text(ToCsv(report), "text/csv; charset=utf-8")
            : TypedResults.Ok(report);
    }

    private static JsonObject Counts(IEnumerable<IGrouping<string, VmRecord>> groups) =>
        new([.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))]);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>One table: section, item, unit, level, date, status, value.</summary>
    private static string ToCsv(JsonObject report)
    {
        var csv = new StringBuilder("section,item,unit,level,date,status,value\n");
        void Row(string section, object? item, object? unit, object? level, object? date, object? status, object? value) =>
            csv.AppendJoin(',', new[] { section, item, unit, level, date, status, value }.Select(Cell)).Append('\n');

        foreach (var level in report["systems"]!["byLevel"]!.AsArray())
        {
            Row("systems-by-level", "systems", null, level!["level"], null, null, level["systems"]);
            Row("systems-by-level", "overdue", null, level["level"], null, null, level["overdue"]);
            Row("systems-by-level", "due-soon", null, level["level"], null, null, level["dueSoon"]);
        }

        foreach (var s in report["systems"]!["overdueEvaluations"]!.AsArray())
        {
            Row("overdue-evaluation", s!["name"], s["unitCode"], s["level"], s["nextEvaluationDue"], "overdue", null);
        }

        foreach (var s in report["systems"]!["dueWithinLeadWindow"]!.AsArray())
        {
            Row("evaluation-due-soon", s!["name"], s["unitCode"], s["level"], s["nextEvaluationDue"], "due", null);
        }

        foreach (var n in report["rectificationNotices"]!.AsArray())
        {
            Row("rectification-notice", n!["number"], n["unitCode"], null, n["deadline"], n["status"], null);
        }

        foreach (var g in report["vms"]!["byMissedYears"]!.AsArray())
        {
            Row("vms-by-missed-years", "vms", null, null, null, g!["missedYears"], g["vms"]);
        }

        foreach (var v in report["vms"]!["pendingReclamation"]!.AsArray())
        {
            Row("vm-pending-reclamation", v!["serverName"], v["unitCode"], null, null, "reclaim-pending", v["missedYears"]);
        }

        foreach (var w in report["websitesAwaitingChecks"]!.AsArray())
        {
            Row("website-awaiting-check", w!["domain"], w["unitCode"], null, null, w["status"], null);
        }

        foreach (var (status, count) in report["incidents"]!["byReportingStatus"]!.AsObject())
        {
            Row("incidents-by-reporting-status", "incidents", null, null, null, status, count);
        }

        foreach (var c in report["criticisms"]!.AsArray())
        {
            Row("circulated-criticism", c!["reason"], c["unitCode"], null, c["at"], null, null);
        }

        return csv.ToString();
    }

    private static string Cell(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonNode n => n.ToJsonString(),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
