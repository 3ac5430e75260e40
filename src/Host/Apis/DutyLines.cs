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

    /// <summary>The CSV rows (section, item, unit, date, status, value) of the <c>duties</c> section.</summary>
    public static void ToCsv(JsonObject duties, Action<string, object?, object?, object?, object?, object?> row)
    {
        row("inspections", "open", null, null, null, duties["inspections"]!["open"]);
        foreach (var i in duties["inspections"]!["overdue"]!.AsArray())
        {
            row("inspection-overdue", i!["title"], i["unitCode"], i["deadline"] ?? i["plannedDate"], i["status"], i["noticeNumber"]);
        }

        foreach (var s in duties["selfInspectionsOverdue"]!.AsArray())
        {
            row("self-inspection-overdue", s!["period"], s["unitCode"], s["dueDate"], "overdue", null);
        }

        var last = duties["drills"]!["lastHeld"];
        row("last-drill", last?["title"], null, last?["heldOn"], null, duties["drills"]!["heldThisYear"]);
        var training = duties["training"]!;
        row("training-coverage", "units-trained", null, null, null, $"{training["trained"]}/{training["units"]}");
        foreach (var unit in training["untrainedUnits"]!.AsArray())
        {
            row("training-missing", "units", unit, null, "untrained", null);
        }

        foreach (var unit in duties["lettersMissing"]!.AsArray())
        {
            row("letter-missing", "letter-one", unit, null, "missing", null);
        }

        foreach (var w in duties["websitesFailing"]!.AsArray())
        {
            row("website-failing", w!["domain"], w["unitCode"], w["failingSince"], "failing", w["failures"]);
        }

        foreach (var w in duties["warningsOpen"]!.AsArray())
        {
            row("warning-open", w!["number"], null, w["deadline"], "open", w["awaitedAnswers"]);
        }
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
