using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Host.Jobs;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>The units directory, the ledgers, the calendar and the forms through their own APIs.</summary>
public sealed class LedgerApiTests
{
    [Test]
    public async Task TheSeededDirectoryIsReadableByEveryoneAndEditableByAdministratorsOnly()
    {
        using var s = await Scenario.CreateAsync();
        var units = (await s.GetAsync(s.Unit, "/api/units")).AsArray();
        Assert.That(units.Select(u => u!["code"]!.GetValue<string>()), Is.SupersetOf(new[] { "jsj", "wxy" }));
        Assert.That((await s.GetAsync(s.Unit, "/api/units/jsj"))["officerEmail"]!.GetValue<string>(), Is.EqualTo("anquan@jsj.zzut.edu.cn"));
        Assert.That((await s.GetAsync(s.Unit, "/api/role-mailboxes")).AsArray().Select(r => r!["role"]!.GetValue<string>()),
            Is.EqualTo(new[] { "admin", "center", "expert", "leading-group", "office", "school-leader" }), "with the 分管校领导 and the administrators");

        var unit = new { code = "ggxy", name = "管理工程学院", officerName = "新安全员", officerEmail = "anquan@ggxy.zzut.edu.cn", headEmail = "head@ggxy.zzut.edu.cn" };
        Assert.That((await s.Center.PostJsonAsync("/api/units", unit)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await s.Admin.PostJsonAsync("/api/units", unit)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await s.Admin.PostJsonAsync("/api/units", unit)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var bad = await s.Admin.PostJsonAsync("/api/units", new { code = "X Y", name = "", officerEmail = "nobody" });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await bad.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "code", "name", "officerEmail" }));

        // A new officer address is where the next notice goes.
        var put = await s.Admin.PutAsJsonAsync("/api/units/jsj", new { officerEmail = "new-officer@jsj.zzut.edu.cn" });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var id = (await s.StartAsync(s.Center, "unit-self-inspection", new { unitCode = "jsj", period = "2026-H1", dueDate = "2026-03-31" }))["id"]!.GetValue<string>();
        Assert.That((await s.EmailsAsync(id)).Single(e => e.Subject == "【单位自查】2026-H1").To, Is.EqualTo("new-officer@jsj.zzut.edu.cn"));

        var mailbox = await s.Admin.PutAsJsonAsync("/api/role-mailboxes/office", new { emails = "office-a@zzut.edu.cn, office-b@zzut.edu.cn" });
        Assert.That((await mailbox.ReadJsonAsync())["emails"]!.GetValue<string>(), Is.EqualTo("office-a@zzut.edu.cn,office-b@zzut.edu.cn"));
        Assert.That((await s.Admin.PutAsJsonAsync("/api/role-mailboxes/janitor", new { emails = "x@zzut.edu.cn" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task LedgerRowsAreValidatedFilteredByUnitAndGuardedAgainstConcurrentEdits()
    {
        using var s = await Scenario.CreateAsync();
        var refused = await s.Center.PostJsonAsync("/api/systems", new { unitCode = "nosuch", name = "", proposedLevel = 7, colour = "blue" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await refused.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "colour" }), "an unknown field is refused first");
        refused = await s.Center.PostJsonAsync("/api/systems", new { unitCode = "nosuch", name = "", proposedLevel = 7 });
        Assert.That((await refused.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "unitCode", "name", "proposedLevel" }));
        Assert.That((await s.Unit.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = "自建", proposedLevel = 2 })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var jsj = await (await s.Center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = "一卡通", proposedLevel = 3, approvedLevel = 3, status = "accepted", lastEvaluationDate = "2026-01-15" })).ReadJsonAsync();
        Assert.That(jsj["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2027-01-15"), "level 3: 12 months");
        var wxy = await (await s.Center.PostJsonAsync("/api/systems", new { unitCode = "wxy", name = "外语学习平台", proposedLevel = 2 })).ReadJsonAsync();

        Assert.That((await s.GetAsync(s.Unit, "/api/systems")).AsArray().Select(r => r!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "一卡通" }), "a unit sees its own rows");
        Assert.That((await s.Unit.GetAsync($"/api/systems/{wxy["id"]}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another unit's row answers like a missing one");
        Assert.That((await s.GetAsync(s.Office, "/api/systems")).AsArray(), Has.Count.EqualTo(2));
        Assert.That((await s.GetAsync(s.Office, "/api/systems?unitCode=wxy")).AsArray().Single()!["name"]!.GetValue<string>(), Is.EqualTo("外语学习平台"));

        var patched = await s.Office.PatchAsJsonAsync($"/api/systems/{jsj["id"]}", new { revision = 1, approvedLevel = 4 });
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());
        Assert.That((await patched.ReadJsonAsync())["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2026-07-15"), "level 4: 6 months");
        var stale = await s.Office.PatchAsJsonAsync($"/api/systems/{jsj["id"]}", new { revision = 1, approvedLevel = 2 });
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var invalid = await s.Office.PatchAsJsonAsync($"/api/systems/{jsj["id"]}", new { approvedLevel = 6, filingDate = "tomorrow", id = Guid.NewGuid() });
        Assert.That((await invalid.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "filingDate", "id" }));
        var row = await s.GetAsync(s.Office, $"/api/systems/{jsj["id"]}");
        Assert.That((row["approvedLevel"]!.GetValue<int>(), row["revision"]!.GetValue<int>()), Is.EqualTo((4, 2)), "refused edits changed nothing");
        Assert.That((await s.Unit.PatchAsJsonAsync($"/api/systems/{jsj["id"]}", new { approvedLevel = 1 })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        Assert.That((await s.Admin.DeleteAsync("/api/units/jsj")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a unit that owns rows stays");
        Assert.That((await s.Center.PostJsonAsync("/api/incidents", new { unitCode = "jsj" })).StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed), "incidents come from the procedure");
    }

    [Test]
    public async Task TheCalendarServesTheNationalScheduleAndAdministratorsCanChangeIt()
    {
        using var s = await Scenario.CreateAsync();
        var year = await s.GetAsync(s.Unit, "/api/calendar?year=2026");
        var days = year["days"]!.AsArray();
        Assert.That(year["yearsCovered"]!.AsArray().Select(y => y!.GetValue<int>()), Is.EqualTo(new[] { 2025, 2026 }));
        Assert.That((days.Count(d => d!["kind"]!.GetValue<string>() == "holiday"), days.Count(d => d!["kind"]!.GetValue<string>() == "workday")), Is.EqualTo((33, 6)));

        async Task<DateTimeOffset> AddAsync(string from, int n) =>
            (await s.GetAsync(s.Unit, $"/api/calendar/add-workdays?from={Uri.EscapeDataString(from)}&days={n}"))["result"]!.GetValue<DateTimeOffset>();
        Assert.That(await AddAsync("2026-03-05T17:00:00+08:00", 1), Is.EqualTo(new DateTimeOffset(2026, 3, 6, 17, 0, 0, TimeSpan.FromHours(8))));

        Assert.That((await s.Office.PutAsJsonAsync("/api/calendar/2026-03-06", new { kind = "holiday", name = "校运动会" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await s.Admin.PutAsJsonAsync("/api/calendar/2026-03-06", new { kind = "vacation" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await s.Admin.PutAsJsonAsync("/api/calendar/2026-03-06", new { kind = "holiday", name = "校运动会" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await AddAsync("2026-03-05T17:00:00+08:00", 1), Is.EqualTo(new DateTimeOffset(2026, 3, 9, 17, 0, 0, TimeSpan.FromHours(8))), "Friday is now a holiday");
        Assert.That((await s.Admin.DeleteAsync("/api/calendar/2026-03-06")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await AddAsync("2026-03-05T17:00:00+08:00", 1), Is.EqualTo(new DateTimeOffset(2026, 3, 6, 17, 0, 0, TimeSpan.FromHours(8))));
    }

    [Test]
    public async Task FormsAreServedByIdAndADefinitionNamingAMissingFormIsRefusedNamingTheElementAndLine()
    {
        using var s = await Scenario.CreateAsync();
        var form = await s.GetAsync(s.Unit, "/api/forms/incident-report-start");
        Assert.That(form["components"]!.AsArray().Select(c => c!["key"]?.GetValue<string>()).OfType<string>(),
            Is.EqualTo(new[] { "unitCode", "title", "occurredAt", "discoveredAt", "category", "description" }));
        Assert.That((await s.Unit.GetAsync("/api/forms/nosuch")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var xml = Fixtures.Review("form-missing").Replace("unit-self-inspection-review", "no-such-form", StringComparison.Ordinal);
        var response = await s.Admin.DeployAsync(xml);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await response.ReadJsonAsync())["errors"]!.AsArray().Single()!;
        Assert.That((error["elementId"]!.GetValue<string>(), error["line"]!.GetValue<int>() > 0), Is.EqualTo(("review", true)));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("no-such-form"));
    }

    [Test]
    public async Task AdministratorsDeployFormVersionsAndSubmissionsAreValidatedAgainstTheLatest()
    {
        using var s = await Scenario.CreateAsync();
        var shipped = (await s.GetAsync(s.Unit, "/api/forms/incident-report-start/versions")).AsArray().Single()!;
        Assert.That((shipped["version"]!.GetValue<int>(), shipped["deployedBy"]!.GetValue<string>()), Is.EqualTo((1, "definitions folder: incident-report-start.form")));

        static JsonObject Form(params string[] requiredKeys) => new()
        {
            ["id"] = "custom-review",
            ["type"] = "default",
            ["components"] = new JsonArray([
                .. requiredKeys.Select(k => (JsonNode)new JsonObject { ["type"] = "textfield", ["key"] = k, ["label"] = k, ["validate"] = new JsonObject { ["required"] = true } }),
                new JsonObject { ["type"] = "checkbox", ["key"] = "approved", ["label"] = "通过" }]),
        };

        Assert.That((await s.Center.PutAsJsonAsync("/api/forms/custom-review", Form("opinion"))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var unusable = new JsonObject
        {
            ["id"] = "custom-review",
            ["components"] = new JsonArray(
                new JsonObject { ["type"] = "select", ["key"] = "level", ["valuesKey"] = "levels" },
                new JsonObject { ["type"] = "textfield", ["key"] = "level" },
                new JsonObject { ["type"] = "filepicker", ["key"] = "attachment" },
                new JsonObject { ["type"] = "textfield", ["key"] = "code", ["validate"] = new JsonObject { ["pattern"] = "([a-z" } }),
        };
        var refused = await s.Admin.PutAsJsonAsync("/api/forms/custom-review", unusable);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problems = (await refused.ReadJsonAsync())["errors"]!["components"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.That(problems, Has.Some.Contains("list its values").And.Some.Contains("used twice").And.Some.Contains("filepicker").And.Some.Contains("pattern"));
        Assert.That((await s.Admin.PutAsJsonAsync("/api/forms/other-id", Form("opinion"))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the id in the path and the body differ");
        Assert.That((await s.Unit.GetAsync("/api/forms/custom-review")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing was deployed");

        var first = await s.Admin.PutAsJsonAsync("/api/forms/custom-review", Form("opinion"));
        Assert.That((first.StatusCode, (await first.ReadJsonAsync())["version"]!.GetValue<int>()), Is.EqualTo((HttpStatusCode.Created, 1)));
        Assert.That((await s.Admin.PutAsJsonAsync("/api/forms/custom-review", Form("opinion"))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "identical content is no new version");
        var deployed = await s.Admin.DeployAsync(Fixtures.Review("custom-form-review").Replace("unit-self-inspection-review", "custom-review", StringComparison.Ordinal));
        Assert.That(deployed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await deployed.Content.ReadAsStringAsync());
        var second = await s.Admin.PutAsJsonAsync("/api/forms/custom-review", Form("opinion", "signedBy"));
        Assert.That((await second.ReadJsonAsync())["version"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That((await s.GetAsync(s.Unit, "/api/forms/custom-review?version=1"))["components"]!.AsArray(), Has.Count.EqualTo(2));
        var versions = (await s.GetAsync(s.Unit, "/api/forms/custom-review/versions")).AsArray();
        Assert.That(versions.Select(v => (v!["version"]!.GetValue<int>(), v["deployedBy"]!.GetValue<string>())), Is.EqualTo(new[] { (1, "admin"), (2, "admin") }));

        var id = (await s.StartAsync(s.Admin, "custom-form-review", new { unitCode = "jsj" }))["id"]!.GetValue<string>();
        var task = await s.TaskAsync(s.Unit, id, "review");
        var incomplete = await s.Unit.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables = new { opinion = "同意" } });
        Assert.That(incomplete.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await incomplete.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "signedBy" }), "the latest version asks for it");
        await s.CompleteAsync(s.Unit, id, "review", new { opinion = "同意", signedBy = "王院长", approved = true });
    }

    [Test]
    public async Task AnEditMadeThroughAnotherNodeTakesEffectHereAtTheNextReferenceDataRefresh()
    {
        using var s = await Scenario.CreateAsync();
        var calendar = s.App.Services.GetRequiredService<WorkingCalendar>();
        var thursday = new DateTimeOffset(2026, 3, 5, 17, 0, 0, TimeSpan.FromHours(8));
        Assert.That(calendar.AddWorkdays(thursday, 1).Day, Is.EqualTo(6));

        // Another node writes the database; this node's snapshot is stale until the job runs.
        using (var scope = s.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            db.CalendarDays.Add(new CalendarDayRecord { Date = new DateOnly(2026, 3, 6), Kind = "holiday", Name = "校运动会" });
            await db.SaveChangesAsync();
        }

        Assert.That(calendar.AddWorkdays(thursday, 1).Day, Is.EqualTo(6));
        await s.App.Services.GetServices<IRecurringWorkflowJob>().Single(j => j.Name == "reference-data-refresh").RunAsync();
        Assert.That(calendar.AddWorkdays(thursday, 1).Day, Is.EqualTo(9));
    }

    [Test]
    public async Task EachRoleSeesTheProceduresItMayStartWithTheirStartForms()
    {
        using var s = await Scenario.CreateAsync();
        async Task<Dictionary<string, string?>> StartableAsync(HttpClient client) =>
            (await s.GetAsync(client, "/api/definitions/startable")).AsArray().ToDictionary(d => d!["key"]!.GetValue<string>(), d => d!["formRef"]?.GetValue<string>());

        var unit = await StartableAsync(s.Unit);
        Assert.That(unit.Keys, Is.EquivalentTo(new[] { "emergency-plan-filing", "hosted-server-change", "hosted-server-filing", "incident-report", "incident-tip", "network-access", "responsible-person-change", "security-training", "system-filing", "system-grading-filing", "vendor-letter", "vm-application", "vm-change", "website-go-live" }));
        Assert.That(unit["incident-report"], Is.EqualTo("incident-report-start"));
        Assert.That((await StartableAsync(s.Center)).Keys, Does.Contain("level-evaluation").And.Contain("vm-annual-reregistration").And.Contain("unit-self-inspection"));
        Assert.That((await StartableAsync(s.Expert)).Keys, Is.EqualTo(new[] { "incident-tip" }), "anybody signed in may report an incident to the center");
        var shipped = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "definitions"), "*.bpmn").Select(Path.GetFileNameWithoutExtension);
        Assert.That((await StartableAsync(s.Admin)).Keys, Is.EquivalentTo(shipped.Except(["center-inspection-unit", "security-warning-response"])),
            "administrators may start everything but what only procedures start");
    }
}
