using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Compliance;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Host.Accounts;

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

    private static async Task<Results<Ok<EvaluationPeriodRecord>, ValidationProblem>> PutPeriodAsync(int level, PeriodBody body, bool? recompute, SystemLedger systems, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = EvaluationPeriodRecord.Validate(level, body.Months);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await systems.SetEvaluationPeriodAsync(level, body.Months!.Value, recompute == true, time.GetUtcNow(), cancellationToken));
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

    private static async Task<IResult> GetAsync(string? format, ComplianceOverview overview, DutyOverview duties, WorkingCalendar calendar, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var figures = await overview.ComputeAsync(calendar.LocalDate(now), cancellationToken);
        var dutyFigures = await duties.ComputeAsync(figures.Today, cancellationToken);
        JsonObject SystemRow(InformationSystemRecord s) => new() { ["id"] = s.Id, ["name"] = s.Name, ["unitCode"] = s.UnitCode, ["level"] = s.Level, ["lastEvaluationDate"] = Date(s.LastEvaluationDate), ["nextEvaluationDue"] = Date(s.NextEvaluationDue) };

        var report = new JsonObject
        {
            ["generatedAt"] = now,
            ["today"] = Date(figures.Today),
            ["systems"] = new JsonObject
            {
                ["byLevel"] = new JsonArray([.. figures.SystemsByLevel.Select(g => (JsonNode)new JsonObject
                {
                    ["level"] = g.Level,
                    ["systems"] = g.Systems,
                    ["filed"] = g.Filed,
                    ["evaluated"] = g.Evaluated,
                    ["dueSoon"] = g.DueSoon,
                    ["overdue"] = g.Overdue,
                })]),
                ["overdueEvaluations"] = new JsonArray([.. figures.OverdueEvaluations.Select(s => (JsonNode)SystemRow(s))]),
                ["dueWithinLeadWindow"] = new JsonArray([.. figures.EvaluationsDueSoon.Select(s => (JsonNode)SystemRow(s))]),
            },
            ["rectificationNotices"] = new JsonArray([.. figures.OpenNotices.Select(n => (JsonNode)new JsonObject
            {
                ["id"] = n.Id, ["number"] = n.Number, ["unitCode"] = n.UnitCode, ["systemId"] = n.SystemId, ["deadline"] = Date(n.Deadline),
                ["status"] = n.Status.ToWire(), ["overdue"] = n.IsPastDeadline(figures.Today),
            })]),
            ["vms"] = new JsonObject
            {
                ["byStatus"] = new JsonObject([.. figures.VmsByStatus.Select(g => KeyValuePair.Create(g.Key.ToWire(), (JsonNode?)g.Value))]),
                ["byMissedYears"] = new JsonArray([.. figures.VmsByMissedYears.Select(g => (JsonNode)new JsonObject { ["missedYears"] = g.Key, ["vms"] = g.Value })]),
                ["pendingReclamation"] = new JsonArray([.. figures.PendingReclamation.Select(v => (JsonNode)new JsonObject
                {
                    ["id"] = v.Id, ["serverName"] = v.ServerName, ["ipAddress"] = v.IpAddress, ["unitCode"] = v.UnitCode, ["missedYears"] = v.ConsecutiveMissedYears,
                })]),
            },
            ["websitesAwaitingChecks"] = new JsonArray([.. figures.WebsitesAwaitingChecks.Select(w => (JsonNode)new JsonObject { ["id"] = w.Id, ["domain"] = w.Domain, ["unitCode"] = w.UnitCode, ["status"] = w.Status.ToWire() })]),
            ["incidents"] = new JsonObject
            {
                ["byReportingStatus"] = new JsonObject([.. figures.IncidentsByReportingStatus.Select(g => KeyValuePair.Create(g.Key.ToWire(), (JsonNode?)g.Value))]),
                ["open"] = figures.OpenIncidents,
                ["interviews"] = figures.Interviews,
                ["circulars"] = figures.Circulars,
            },
            ["criticisms"] = new JsonArray([.. figures.Criticisms.Select(c => (JsonNode)new JsonObject { ["unitCode"] = c.UnitCode, ["reason"] = c.Reason, ["at"] = c.At })]),
            ["duties"] = DutyLines.ToJson(dutyFigures),
        };

        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.Text(ToCsv(report), "text/csv; charset=utf-8")
            : TypedResults.Ok(report);
    }

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

        DutyLines.ToCsv(report["duties"]!.AsObject(), (section, item, unit, date, status, value) => Row(section, item, unit, null, date, status, value));
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
