using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>
/// The working-day calendar stays ahead: a December job tells the administrators when next year's schedule is missing,
/// and a year is added at once through /api/calendar/years/{year} from the same JSON as definitions/calendar/{year}.json.
/// </summary>
public sealed class CalendarAheadTests
{
    /// <summary>Monday 7 December 2026, 09:00 Beijing time: the first run of calendar-check that December.</summary>
    private static readonly DateTimeOffset December = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    [Test]
    public async Task InDecemberTheAdministratorsAreToldThatNextYearIsMissingUntilItIsAddedInOnePiece()
    {
        using var s = await Scenario.CreateAsync(December);
        var jobs = (await s.GetAsync(s.Admin, "/api/jobs")).AsArray();
        var check = jobs.Single(j => j!["name"]!.GetValue<string>() == "calendar-check")!;
        Assert.That((check["cron"]!.GetValue<string>(), check["timeZone"]!.GetValue<string>()), Is.EqualTo(("0 9 * 12 1", "Asia/Shanghai")), "Mondays of December, Beijing time");

        var run = await EvaluationCycleTests.RunScanAsync(s, s.Admin, "calendar-check");
        Assert.That(run["started"]!.GetValue<int>(), Is.EqualTo(1));
        var message = (await s.GetAsync(s.Admin, "/api/outbox")).AsArray().Single(m => m!["subject"]!.GetValue<string>() == "【工作日历】缺少 2027 年节假日安排")!;
        Assert.That(message["to"]!.GetValue<string>(), Is.EqualTo("admin@zzut.edu.cn"));
        Assert.That(s.Body("【工作日历】缺少 2027 年节假日安排"), Does.Contain("PUT /api/calendar/years/2027"));

        var year = JsonNode.Parse("""
            { "year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知",
              "days": [ { "date": "2027-01-01", "kind": "holiday", "name": "元旦" }, { "date": "2027-02-07", "kind": "workday", "name": "春节调休上班" },
                        { "date": "2027-02-08", "kind": "holiday", "name": "春节" } ] }
            """)!;
        Assert.That((await s.Center.PutAsJsonAsync("/api/calendar/years/2027", year)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "administrators only");
        var saved = await s.Admin.PutAsJsonAsync("/api/calendar/years/2027", year);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        Assert.That((await saved.ReadJsonAsync())["yearsCovered"]!.AsArray().Select(y => y!.GetValue<int>()), Is.EqualTo(new[] { 2025, 2026, 2027 }));
        var monday = await s.GetAsync(s.Unit, "/api/calendar/add-workdays?from=2027-02-05T17:00:00%2B08:00&days=1");
        Assert.That(monday["result"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2027, 2, 7, 17, 0, 0, TimeSpan.FromHours(8))), "Friday → the worked Sunday, at once");

        Assert.That((await EvaluationCycleTests.RunScanAsync(s, s.Admin, "calendar-check"))["started"]!.GetValue<int>(), Is.Zero, "the year is there: nobody is told");
    }

    [Test]
    public async Task AYearWithAWrongDayIsRefusedNamingItAndChangesNothing()
    {
        using var s = await Scenario.CreateAsync(December);
        var response = await s.Admin.PutAsJsonAsync("/api/calendar/years/2027", JsonNode.Parse("""
            { "year": 2027, "days": [ { "date": "2027-01-01", "kind": "holiday" }, { "date": "2026-12-31", "kind": "holiday" }, { "date": "2027-13-01", "kind": "holiday" }, { "date": "2027-05-01", "kind": "day-off" } ] }
            """));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "days[2].date" }), "a date that is no date first");

        response = await s.Admin.PutAsJsonAsync("/api/calendar/years/2027", JsonNode.Parse("""
            { "year": 2027, "days": [ { "date": "2027-01-01", "kind": "holiday" }, { "date": "2026-12-31", "kind": "holiday" }, { "date": "2027-05-01", "kind": "day-off" } ] }
            """));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "days[1].date", "days[2].kind" }));
        Assert.That((await s.Admin.PutAsJsonAsync("/api/calendar/years/2027", JsonNode.Parse("""{ "year": 2028, "days": [] }"""))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await s.GetAsync(s.Unit, "/api/calendar?year=2027"))["days"]!.AsArray(), Is.Empty);
    }
}
