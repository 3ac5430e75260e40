using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Compliance;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Infrastructure;

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
            .WithSummary("Systems by level with due and overdue evaluations, open rectification notices, VMs by status, missed years, pending reclamation and suspension, pending hosting changes, websites awaiting checks, incidents by reporting and oral report status; ?format=csv for CSV.");
        var periods = routes.MapGroup("/api/evaluation-periods").WithTags("Compliance");
        periods.MapGet("/", async (LedgerDbContext db, CancellationToken cancellationToken) =>
            TypedResults.Ok(await db.EvaluationPeriods.AsNoTracking().OrderBy(p => p.Level).ToListAsync(cancellationToken))).WithSummary("Months between evaluations, by level (0: none).");
        periods.MapPut("/{level:int}", PutPeriodAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Change a level's period (administrators); ?recompute=true also moves the next due date of every system of that level.");
        routes.MapGet("/api/criticisms", CriticismsAsync).WithTags("Compliance").WithSummary("Circulated criticisms (通报批评) recorded against units, newest first; a unit sees its own; paged with skip and take, the total in X-Total-Count.");
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

    private static async Task<Results<Ok<List<UnitCriticismRecord>>, ValidationProblem>> CriticismsAsync(
        string? unitCode, int? skip, int? take, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
    {
        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

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

        var page = await query.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Skip(skip ?? 0).Take(Paging.Take(take)).ToListAsync(cancellationToken);
        await Paging.SetTotalAsync(context, skip ?? 0, Paging.Take(take), page.Count, () => query.CountAsync(cancellationToken));
        return TypedResults.Ok(page);
    }

    private static async Task<IResult> GetAsync(string? format, ComplianceOverview overview, DutyOverview duties, WorkingCalendar calendar, LedgerDbContext db, TimeProvider time, CancellationToken cancellationToken)
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
                ["suspended"] = new JsonArray([.. figures.SuspendedVms.Select(v => (JsonNode)new JsonObject
                {
                    ["id"] = v.Id, ["serverName"] = v.ServerName, ["unitCode"] = v.UnitCode, ["status"] = v.Status.ToWire(), ["reason"] = v.StatusReason, ["since"] = v.StatusChangedAt,
                })]),
            },
            ["pendingChanges"] = new JsonArray([.. figures.PendingChanges.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["ledger"] = c.Ledger, ["recordId"] = c.RecordId, ["label"] = c.Label, ["unitCode"] = c.UnitCode, ["requestedAt"] = c.CreatedAt,
            })]),
            ["websitesAwaitingChecks"] = new JsonArray([.. figures.WebsitesAwaitingChecks.Select(w => (JsonNode)new JsonObject { ["id"] = w.Id, ["domain"] = w.Domain, ["unitCode"] = w.UnitCode, ["status"] = w.Status.ToWire() })]),
            ["incidents"] = new JsonObject
            {
                ["byReportingStatus"] = new JsonObject([.. figures.IncidentsByReportingStatus.Select(g => KeyValuePair.Create(g.Key.ToWire(), (JsonNode?)g.Value))]),
                ["byOralReportStatus"] = new JsonObject([.. figures.IncidentsByOralReportStatus.Select(g => KeyValuePair.Create(g.Key.ToWire(), (JsonNode?)g.Value))]),
                ["tipsAwaitingTriage"] = figures.TipsAwaitingTriage,
                ["open"] = figures.OpenIncidents,
                ["interviews"] = figures.Interviews,
                ["circulars"] = figures.Circulars,
            },
            ["criticisms"] = new JsonArray([.. figures.Criticisms.Select(c => (JsonNode)new JsonObject { ["unitCode"] = c.UnitCode, ["reason"] = c.Reason, ["at"] = c.At })]),
            ["duties"] = DutyLines.ToJson(dutyFigures),
        };

        if (!string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(report);
        }

        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Name, StringComparer.Ordinal, cancellationToken);
        return TypedResults.File(ToCsv(report, units, calendar.TimeZone), "text/csv; charset=utf-8", $"网络安全合规概览-{Date(figures.Today)}.csv");
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>What the CSV calls the report's codes.</summary>
    private static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["systems"] = "信息系统数", ["overdue"] = "逾期", ["due-soon"] = "即将到期", ["due"] = "即将到期", ["vms"] = "虚拟机数", ["incidents"] = "事件数",
        ["open"] = "未完成", ["completed"] = "已完成", ["reclaim-pending"] = "待回收", ["suspended"] = "已暂停", ["shut-down"] = "已关停", ["pending"] = "待审批", ["applying"] = "申请中", ["checking"] = "检查中",
        ["online"] = "已开通", ["closed"] = "已关闭", [ReportingStatus.OnTime.ToWire()] = "按时报告", [ReportingStatus.Missed.ToWire()] = "漏报", [ReportingStatus.Concealed.ToWire()] = "瞒报",
        [OralReportStatus.Late.ToWire()] = "超时（30 分钟内未口头初报）",
    };

    /// <summary>
    /// One table for people (<see cref="CsvTable"/>): 类别, 项目, 单位, 等级, 日期, 状态, 数值, with units by name and codes
    /// as their Chinese labels.
    /// </summary>
    private static byte[] ToCsv(JsonObject report, IReadOnlyDictionary<string, string> unitNames, TimeZoneInfo zone)
    {
        var csv = new CsvTable(["类别", "项目", "单位", "等级", "日期", "状态", "数值"]);
        void Row(string section, string? item, JsonNode? unit, JsonNode? level, JsonNode? date, string? status, JsonNode? value)
        {
            var code = Text(unit);
            csv.Row(section, item, code is null ? null : unitNames.TryGetValue(code, out var name) ? $"{name}（{code}）" : code, Text(level), When(date), status, Text(value));
        }

        // A date stays as it is; an instant is shown in the school's time zone to the minute.
        string? When(JsonNode? date) =>
            Text(date) is { Length: > 10 } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
                : Text(date);

        foreach (var level in report["systems"]!["byLevel"]!.AsArray())
        {
            Row("各等级信息系统", Label("systems"), null, level!["level"], null, null, level["systems"]);
            Row("各等级信息系统", Label("overdue"), null, level["level"], null, null, level["overdue"]);
            Row("各等级信息系统", Label("due-soon"), null, level["level"], null, null, level["dueSoon"]);
        }

        foreach (var s in report["systems"]!["overdueEvaluations"]!.AsArray())
        {
            Row("逾期未测评", Text(s!["name"]), s["unitCode"], s["level"], s["nextEvaluationDue"], Label("overdue"), null);
        }

        foreach (var s in report["systems"]!["dueWithinLeadWindow"]!.AsArray())
        {
            Row("即将到期测评", Text(s!["name"]), s["unitCode"], s["level"], s["nextEvaluationDue"], Label("due"), null);
        }

        foreach (var n in report["rectificationNotices"]!.AsArray())
        {
            Row("限期整改通知书", Text(n!["number"]), n["unitCode"], null, n["deadline"], Label(Text(n["status"])), null);
        }

        foreach (var g in report["vms"]!["byMissedYears"]!.AsArray())
        {
            Row("虚拟机（按连续未备案年数）", Label("vms"), null, null, null, $"连续 {Text(g!["missedYears"])} 年未备案", g["vms"]);
        }

        foreach (var v in report["vms"]!["pendingReclamation"]!.AsArray())
        {
            Row("待回收虚拟机", Text(v!["serverName"]), v["unitCode"], null, null, Label("reclaim-pending"), v["missedYears"]);
        }

        foreach (var v in report["vms"]!["suspended"]!.AsArray())
        {
            Row("已暂停或关停的虚拟机", Text(v!["serverName"]), v["unitCode"], null, v["since"], Label(Text(v["status"])), v["reason"]);
        }

        foreach (var c in report["pendingChanges"]!.AsArray())
        {
            Row("待审批的变更申请", Text(c!["label"]), c["unitCode"], null, c["requestedAt"], Label("pending"), Text(c["ledger"]) == "vm" ? "虚拟机" : "托管服务器");
        }

        foreach (var w in report["websitesAwaitingChecks"]!.AsArray())
        {
            Row("待安全检查网站", Text(w!["domain"]), w["unitCode"], null, null, Label(Text(w["status"])), null);
        }

        foreach (var (status, count) in report["incidents"]!["byReportingStatus"]!.AsObject())
        {
            Row("安全事件（按报告时效）", Label("incidents"), null, null, null, Label(status), count);
        }

        foreach (var (status, count) in report["incidents"]!["byOralReportStatus"]!.AsObject())
        {
            Row("安全事件（按口头初报时效）", Label("incidents"), null, null, null, Label(status), count);
        }

        foreach (var c in report["criticisms"]!.AsArray())
        {
            var at = c!["at"]!.GetValue<DateTimeOffset>();
            Row("通报批评", Text(c["reason"]), c["unitCode"], null, TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), null, null);
        }

        DutyLines.ToCsv(report["duties"]!.AsObject(), zone, (section, item, unit, date, status, value) => Row(section, item, unit, null, date, status, value));
        return csv.ToBytes();
    }

    /// <summary>A code's Chinese label (the code itself when it has none).</summary>
    private static string? Label(string? code) => code is not null && Labels.TryGetValue(code, out var label) ? label : code;

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        // A string-kind value may hold a DateTimeOffset (a ledger's instant), so read it as its JSON text, not as a CLR string.
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.Deserialize<string>(),
        _ => node.ToJsonString(),
    };
}
