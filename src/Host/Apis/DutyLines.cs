using System.Globalization;
using System.Text.Json.Nodes;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Duties;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The standing duties' lines of the compliance overview and its CSV: inspections open and overdue, overdue
/// self-inspections, the last drill, training coverage, letters missing, websites failing the watch, warnings open.
/// </summary>
internal static class DutyLines
{
    /// <summary>The <c>duties</c> section of <c>/api/compliance</c>.</summary>
    public static JsonObject ToJson(DutyFigures f) => new()
    {
        ["inspections"] = new JsonObject
        {
            ["open"] = f.InspectionsOpen,
            ["overdue"] = new JsonArray([.. f.InspectionsOverdue.Select(x => (JsonNode)new JsonObject
            {
                ["id"] = x.Inspection.Id,
                ["title"] = x.Inspection.Title,
                ["unitCode"] = x.Inspection.UnitCode,
                ["status"] = x.Inspection.Status.ToWire(),
                ["plannedDate"] = Date(x.Inspection.PlannedDate),
                ["noticeNumber"] = x.Notice?.Number,
                ["deadline"] = Date(x.Notice?.Deadline),
            })]),
        },
        ["selfInspectionsOverdue"] = new JsonArray([.. f.SelfInspectionsOverdue.Select(s => (JsonNode)new JsonObject
        {
            ["id"] = s.Id, ["unitCode"] = s.UnitCode, ["period"] = s.Period, ["dueDate"] = Date(s.DueDate),
        })]),
        ["drills"] = new JsonObject
        {
            ["lastHeld"] = f.LastDrill is null ? null : new JsonObject { ["title"] = f.LastDrill.Title, ["heldOn"] = Date(f.LastDrill.HeldOn) },
            ["heldThisYear"] = f.DrillsThisYear,
        },
        ["training"] = new JsonObject
        {
            ["units"] = f.Units,
            ["trained"] = f.Units - f.UnitsWithoutTraining.Count,
            ["untrainedUnits"] = new JsonArray([.. f.UnitsWithoutTraining.Select(u => (JsonNode?)JsonValue.Create(u.Code))]),
        },
        ["lettersMissing"] = new JsonArray([.. f.LettersMissing.Select(u => (JsonNode?)JsonValue.Create(u.Code))]),
        ["websitesFailing"] = new JsonArray([.. f.WebsitesFailing.Select(w => (JsonNode)new JsonObject
        {
            ["id"] = w.Id, ["domain"] = w.Domain, ["unitCode"] = w.UnitCode, ["failingSince"] = w.FailingSince, ["failures"] = w.ConsecutiveFailures, ["problem"] = w.LastCheckProblem,
        })]),
        ["warningsOpen"] = new JsonArray([.. f.WarningsOpen.Select(w => (JsonNode)new JsonObject
        {
            ["id"] = w.Id, ["number"] = w.Number, ["title"] = w.Title, ["deadline"] = Date(w.Deadline), ["awaitedAnswers"] = w.AwaitedAnswers,
            ["overdueUnits"] = new JsonArray([.. w.Responses.Where(r => r.Status == Domain.Warnings.WarningResponseStatus.Overdue).Select(r => (JsonNode?)JsonValue.Create(r.UnitCode))]),
        })]),
    };

    /// <summary>
    /// The CSV rows (类别, 项目, 单位, 日期, 状态, 数值) of the <c>duties</c> section, in Chinese like the rest of the CSV;
    /// instants are shown in <paramref name="zone"/>.
    /// </summary>
    public static void ToCsv(JsonObject duties, TimeZoneInfo zone, Action<string, string?, JsonNode?, JsonNode?, string?, JsonNode?> row)
    {
        row("检查整改", "未办结的检查", null, null, null, duties["inspections"]!["open"]);
        foreach (var i in duties["inspections"]!["overdue"]!.AsArray())
        {
            row("逾期未整改的检查", Text(i!["title"]), i["unitCode"], i["deadline"] ?? i["plannedDate"], Label(InspectionStatus, Text(i["status"])), i["noticeNumber"]);
        }

        foreach (var s in duties["selfInspectionsOverdue"]!.AsArray())
        {
            row("逾期未提交的自查", Text(s!["period"]), s["unitCode"], s["dueDate"], "逾期", null);
        }

        var drills = duties["drills"]!;
        var last = drills["lastHeld"];
        row("应急演练", Text(last?["title"]) ?? "尚无演练", null, last?["heldOn"], $"本年已演练 {Text(drills["heldThisYear"])} 次", drills["heldThisYear"]);
        var training = duties["training"]!;
        row("安全培训覆盖", "已培训单位数", null, null, null, JsonValue.Create($"{training["trained"]}/{training["units"]}"));
        foreach (var unit in training["untrainedUnits"]!.AsArray())
        {
            row("未开展安全培训的单位", "安全培训", unit, null, "未培训", null);
        }

        foreach (var unit in duties["lettersMissing"]!.AsArray())
        {
            row("未签责任书的单位", "责任书（一）", unit, null, "缺失", null);
        }

        foreach (var w in duties["websitesFailing"]!.AsArray())
        {
            var since = w!["failingSince"] is JsonValue at && at.TryGetValue<DateTimeOffset>(out var instant)
                ? JsonValue.Create(TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
                : null;
            row("网站监测异常", Text(w["domain"]), w["unitCode"], since, "异常", w["failures"]);
        }

        foreach (var w in duties["warningsOpen"]!.AsArray())
        {
            row("未关闭的预警", Text(w!["number"]), null, w["deadline"], "处置中", w["awaitedAnswers"]);
        }
    }

    /// <summary>The inspection statuses' Chinese labels (as the ledgers page shows them).</summary>
    private static readonly Dictionary<string, string> InspectionStatus = new(StringComparer.Ordinal)
    {
        ["planned"] = "待检查", ["findings"] = "发现问题", ["rectifying"] = "整改中", ["closed"] = "已办结",
    };

    private static string? Label(Dictionary<string, string> labels, string? code) => code is not null && labels.TryGetValue(code, out var label) ? label : code;

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
