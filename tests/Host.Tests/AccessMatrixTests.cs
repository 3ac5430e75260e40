using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// Every endpoint × every role (and anonymous) → the expected status, from one table that can be read against the
/// access rules: definitions are read by anyone signed in and deployed by admin; a process is started by its starter
/// groups (admin when it names none); tasks belong to their assignee and candidate groups (anybody else: 404); instances
/// and history to participants and the center, office, leading group and admin; timers, outbox, administration and the
/// dashboard to admin, and so are user accounts; one's own password and account page to everyone signed in; messages
/// to admin and center. (Sign-out is tested in AccountSessionTests: it ends the caller's sessions, so it cannot share
/// these clients.)
/// </summary>
public sealed class AccessMatrixTests
{
    // Columns: anonymous, admin, leading-group, office, center, expert, unit (of jsj, the task's candidate group), unit-head (of jsj).
    private static readonly string[] Columns = ["anonymous", "admin", "leading-group", "office", "center", "expert", "unit", "unit-head"];

    private static readonly (string Name, string Method, string Path, string? Body, int[] Expected)[] Matrix =
    [
        ("health", "GET", "/health", null, [200, 200, 200, 200, 200, 200, 200, 200]),
        ("openapi", "GET", "/openapi/v1.json", null, [200, 200, 200, 200, 200, 200, 200, 200]),
        ("who am I", "GET", "/api/auth/me", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("change own password (wrong current one)", "POST", "/api/auth/password", "{\"currentPassword\":\"not-it\",\"newPassword\":\"Another-Passw0rd-2026\"}", [401, 400, 400, 400, 400, 400, 400, 400]),
        ("list definitions", "GET", "/api/definitions", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("startable definitions", "GET", "/api/definitions/startable", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("definition versions", "GET", "/api/definitions/api-review/versions", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("deploy (identical content)", "POST", "/api/definitions", "xml", [401, 200, 403, 403, 403, 403, 403, 403]),
        ("check a definition", "POST", "/api/definitions/validate", "xml", [401, 200, 403, 403, 403, 403, 403, 403]),
        ("definitions overview", "GET", "/api/definitions/overview", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("one definition's overview", "GET", "/api/definitions/api-review/overview", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("read a draft (none)", "GET", "/api/definitions/api-review/draft", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("save a draft (key is not the process id)", "PUT", "/api/definitions/other-key/draft", "xml", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("discard a draft (none)", "DELETE", "/api/definitions/api-review/draft", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("element templates", "GET", "/api/definitions/element-templates", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("start (no starter groups: admin)", "POST", "/api/instances", "{\"definitionKey\":\"api-review\",\"variables\":{\"unitCode\":\"jsj\"}}", [401, 201, 403, 403, 403, 403, 403, 403]),
        ("start (starters unit:jsj, role:office)", "POST", "/api/instances", "{\"definitionKey\":\"unit-start\",\"variables\":{\"unitCode\":\"jsj\"}}", [401, 201, 403, 201, 403, 403, 201, 403]),
        ("read instance", "GET", "/api/instances/{instance}", null, [401, 200, 200, 200, 200, 404, 200, 404]),
        ("instance history", "GET", "/api/instances/{instance}/history", null, [401, 200, 200, 200, 200, 404, 200, 404]),
        ("verify history", "GET", "/api/instances/{instance}/history/verify", null, [401, 200, 200, 200, 200, 404, 200, 404]),
        ("list instances", "GET", "/api/instances", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("cancel instance", "POST", "/api/instances/{missing}/cancel", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("set variables", "PATCH", "/api/instances/{missing}/variables", "{}", [401, 404, 403, 403, 403, 403, 403, 403]),
        ("retry incident", "POST", "/api/instances/{missing}/incidents/{missing}/retry", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("list tasks", "GET", "/api/tasks", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("read task", "GET", "/api/tasks/{task}", null, [401, 404, 404, 404, 404, 404, 200, 404]),
        ("complete task", "POST", "/api/tasks/{task}/complete", "{\"variables\":{\"approved\":true}}", [401, 404, 404, 404, 404, 404, 200, 404]),
        ("send message", "POST", "/api/messages", "{\"name\":\"nobody-waits\"}", [401, 404, 403, 403, 404, 403, 403, 403]),
        ("list timers", "GET", "/api/timers", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("fire due timers", "POST", "/api/timers/fire-due", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("outbox", "GET", "/api/outbox", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("requeue e-mail", "POST", "/api/outbox/{missing}/requeue", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("Hangfire dashboard", "GET", "/hangfire", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: sign-in page", "GET", "/login", null, [200, 200, 200, 200, 200, 200, 200, 200]),
        ("web UI: task page (its data comes from the API)", "GET", "/tasks/{missing}", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("web UI: ledgers page", "GET", "/ledgers", null, [401, 200, 200, 200, 200, 403, 200, 200]),
        ("web UI: compliance page", "GET", "/compliance", null, [401, 200, 200, 200, 200, 403, 403, 403]),
        ("web UI: favicon", "GET", "/favicon.ico", null, [200, 200, 200, 200, 200, 200, 200, 200]),
        ("web UI: administration", "GET", "/admin", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: definitions", "GET", "/admin/definitions", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: new definition", "GET", "/admin/definitions/new", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: a definition's versions", "GET", "/admin/definitions/api-review", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: designer", "GET", "/admin/definitions/api-review/edit", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: forms", "GET", "/admin/forms", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: form editor", "GET", "/admin/forms/incident-report-start/edit", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: units", "GET", "/admin/units", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: role mailboxes", "GET", "/admin/role-mailboxes", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: calendar", "GET", "/admin/calendar", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: evaluation periods", "GET", "/admin/evaluation-periods", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: users", "GET", "/admin/users", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("web UI: my account", "GET", "/account", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("change my password (fields missing)", "POST", "/api/auth/password", "{}", [401, 400, 400, 400, 400, 400, 400, 400]),
        ("list users", "GET", "/api/users", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("create a user (fields missing)", "POST", "/api/users", "{}", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("read a user", "GET", "/api/users/{missing}", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("change a user", "PUT", "/api/users/{missing}", "{\"realName\":\"x\",\"roles\":[\"expert\"]}", [401, 404, 403, 403, 403, 403, 403, 403]),
        ("disable a user", "POST", "/api/users/{missing}/disable", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("enable a user", "POST", "/api/users/{missing}/enable", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("unlock a user", "POST", "/api/users/{missing}/unlock", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("reset a user's password", "POST", "/api/users/{missing}/reset-password", "{}", [401, 404, 403, 403, 403, 403, 403, 403]),
        ("a user's security history", "GET", "/api/users/{missing}/history", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("preview a users import", "POST", "/api/users/import?commit=false", "{}", [401, 200, 403, 403, 403, 403, 403, 403]),
        ("list forms", "GET", "/api/forms", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("forms", "GET", "/api/forms/incident-report-start", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("deploy a form", "PUT", "/api/forms/incident-report-start", "{\"id\":\"other\"}", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("check a form", "POST", "/api/forms/check", "{}", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("a form's usage", "GET", "/api/forms/incident-report-start/usage", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("units", "GET", "/api/units", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("add unit", "POST", "/api/units", "{\"code\":\"\"}", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("role mailbox", "PUT", "/api/role-mailboxes/office", "{\"emails\":\"\"}", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("ledger: systems", "GET", "/api/systems", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("ledger: register system", "POST", "/api/systems", "{}", [401, 400, 403, 400, 400, 403, 403, 403]),
        ("ledger: correct a system", "PATCH", "/api/systems/{missing}", "{}", [401, 404, 403, 404, 404, 403, 403, 403]),
        ("ledger: incidents", "GET", "/api/incidents", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("ledger: VMs", "GET", "/api/vms", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("re-register a VM", "POST", "/api/vms/{missing}/reregister", "{}", [401, 404, 404, 404, 404, 404, 404, 404]),
        ("reclaim a VM", "POST", "/api/vms/{missing}/reclaim", "{\"reclaimNote\":\"x\"}", [401, 404, 403, 403, 404, 403, 403, 403]),
        ("calendar", "GET", "/api/calendar?year=2026", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("change calendar", "PUT", "/api/calendar/2026-13-01", "{\"kind\":\"holiday\"}", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("evaluation periods", "GET", "/api/evaluation-periods", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("change a period", "PUT", "/api/evaluation-periods/9", "{\"months\":6}", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("compliance", "GET", "/api/compliance", null, [401, 200, 200, 200, 200, 403, 403, 403]),
        ("criticisms", "GET", "/api/criticisms", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("list scans", "GET", "/api/jobs", null, [401, 200, 403, 403, 403, 403, 403, 403]),
        ("run a scan", "POST", "/api/jobs/no-such-scan/run", null, [401, 404, 403, 403, 403, 403, 403, 403]),
        ("change requests", "GET", "/api/hosting-changes", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("incident tips", "GET", "/api/incident-tips", null, [401, 200, 200, 200, 200, 403, 403, 403]),
        ("replace a calendar year", "PUT", "/api/calendar/years/2026", "{\"year\":2026,\"days\":[]}", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("inspections", "GET", "/api/inspections", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("ledger: inspected units", "GET", "/api/inspection-units", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("ledger: self-inspections", "GET", "/api/self-inspections", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("ledger: trainings", "GET", "/api/trainings", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("ledger: letters", "GET", "/api/letters", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("register a letter", "POST", "/api/letters", "{}", [401, 400, 403, 400, 400, 403, 403, 403]),
        ("letter scan", "GET", "/api/letters/{missing}/scan", null, [401, 404, 404, 404, 404, 404, 404, 404]),
        ("attach a letter scan", "PUT", "/api/letters/{missing}/scan", "{}", [401, 404, 403, 404, 404, 403, 403, 403]),
        ("ledger: person changes", "GET", "/api/person-changes", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("emergency plans", "GET", "/api/emergency-plans", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("drills", "GET", "/api/drills", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("warnings", "GET", "/api/warnings", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("duty rota", "GET", "/api/duty", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("on duty now", "GET", "/api/duty/now", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("holiday coverage", "GET", "/api/duty/holidays?year=2026", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("add a center shift", "POST", "/api/duty", "{}", [401, 400, 403, 403, 400, 403, 403, 403]),
        ("remove a shift", "DELETE", "/api/duty/{missing}", null, [401, 404, 404, 404, 404, 404, 404, 404]),
        ("annual reports", "GET", "/api/annual-reports", null, [401, 200, 200, 200, 200, 403, 403, 403]),
        ("annual report as Word", "GET", "/api/annual-reports/2026/docx", null, [401, 404, 404, 404, 404, 403, 403, 403]),
        ("web UI: duty page", "GET", "/duty", null, [401, 200, 200, 200, 200, 403, 200, 200]),
        ("web UI: annual reports page", "GET", "/reports", null, [401, 200, 200, 200, 200, 403, 403, 403]),
        ("task counts", "GET", "/api/tasks/counts", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("group tasks", "GET", "/api/tasks?view=group", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("field formats", "GET", "/api/field-formats", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("names of rows and instances", "GET", "/api/references?ids={instance},{missing}", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("start a procedure only procedures start", "POST", "/api/instances", "{\"definitionKey\":\"security-warning-response\",\"variables\":{}}", [401, 403, 403, 403, 403, 403, 403, 403]),
        ("assign task (center, administrators)", "POST", "/api/tasks/{missing}/assign", "{\"assignee\":\"admin\"}", [401, 404, 403, 403, 404, 403, 403, 403]),
        ("operations: search instances", "GET", "/api/operations/instances", null, [401, 200, 403, 403, 200, 403, 403, 403]),
        ("operations: one instance", "GET", "/api/operations/instances/{instance}", null, [401, 200, 403, 403, 200, 403, 403, 403]),
        ("operations: incidents", "GET", "/api/operations/incidents", null, [401, 200, 403, 403, 200, 403, 403, 403]),
        ("operations: retry incidents (administrators)", "POST", "/api/operations/incidents/retry", "{\"incidents\":[]}", [401, 400, 403, 403, 403, 403, 403, 403]),
        ("web UI: started list", "GET", "/started", null, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("web UI: operations console", "GET", "/admin/instances", null, [401, 200, 403, 403, 200, 403, 403, 403]),
        ("web UI: outbox page", "GET", "/admin/outbox", null, [401, 200, 403, 403, 403, 403, 403, 403]),

        // Last, as they change who holds the open task: only those who may see it claim it; the holder gives it back.
        ("claim task", "POST", "/api/tasks/{task}/claim", null, [401, 404, 404, 404, 404, 404, 200, 404]),
        ("unclaim task", "POST", "/api/tasks/{task}/unclaim", null, [401, 404, 404, 404, 404, 404, 200, 404]),
    ];

    [Test]
    public async Task EveryEndpointAnswersEveryRoleAsTheRulesSay()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        Assert.That((await admin.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await admin.DeployAsync(Fixtures.Review(key: "unit-start").Replace("isExecutable=\"true\"", "isExecutable=\"true\" camunda:candidateStarterGroups=\"unit:jsj, role:office\"", StringComparison.Ordinal))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var instance = (await (await admin.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();

        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = app.CreateClient(),
            ["admin"] = admin,
            ["leading-group"] = await app.ClientAsync("lingdao", Roles.LeadingGroup),
            ["office"] = await app.ClientAsync("bangongshi", Roles.Office),
            ["center"] = await app.ClientAsync("zhongxin", Roles.Center),
            ["expert"] = await app.ClientAsync("zhuanjia", Roles.Expert),
            ["unit"] = await app.ClientAsync("jsj-anquan", Roles.Unit, "jsj"),
            ["unit-head"] = await app.ClientAsync("jsj-fuzeren", Roles.UnitHead, "jsj"),
        };

        var failures = new List<string>();
        foreach (var (name, method, pathTemplate, body, expected) in Matrix)
        {
            for (var column = 0; column < Columns.Length; column++)
            {
                // Each cell gets fresh state where the request changes it (a task to complete).
                var task = await OpenTaskIdAsync(clients["unit"], instance);
                var path = pathTemplate.Replace("{instance}", instance, StringComparison.Ordinal)
                    .Replace("{task}", task, StringComparison.Ordinal)
                    .Replace("{missing}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body == "xml")
                {
                    request.Content = new StringContent(Fixtures.Review(), System.Text.Encoding.UTF8, "application/xml");
                }
                else if (body is not null)
                {
                    request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                }

                var response = await clients[Columns[column]].SendAsync(request);
                if ((int)response.StatusCode != expected[column])
                {
                    failures.Add($"{name} as {Columns[column]}: expected {expected[column]}, got {(int)response.StatusCode}");
                }

                if (name == "complete task" && response.IsSuccessStatusCode)
                {
                    // Put a fresh open task in place for the next cell: start another instance.
                    instance = (await (await admin.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();
                }
            }
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));
    }

    private static async Task<string> OpenTaskIdAsync(HttpClient unit, string instance) =>
        (await (await unit.GetAsync($"/api/tasks?instanceId={instance}&status=open")).ReadJsonAsync()).AsArray()
            .Select(t => t!["id"]!.GetValue<string>()).FirstOrDefault() ?? Guid.NewGuid().ToString();

    [Test]
    public async Task AUnitCannotReachAnotherUnitsTaskOrInstanceAndEveryAttemptIsRecorded()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        await admin.DeployAsync(Fixtures.Review());
        await admin.DeployAsync(Fixtures.Fragile());
        var jsjInstance = (await (await admin.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();
        var incidentInstance = await (await admin.PostJsonAsync("/api/instances", new { definitionKey = "fragile" })).ReadJsonAsync();
        using var jsj = await app.ClientAsync("jsj-anquan", Roles.Unit, "jsj");
        using var wxy = await app.ClientAsync("wxy-anquan", Roles.Unit, "wxy");
        var jsjTask = (await (await jsj.GetAsync("/api/tasks?status=open")).ReadJsonAsync())[0]!["id"]!.GetValue<string>();
        var audit = app.Services.GetRequiredService<SecurityAudit>();
        var deniedBefore = (await audit.ReadAsync()).Count(r => r.Type == "access.denied");

        var attempts = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Expected)[]
        {
            ("read the task", () => wxy.GetAsync($"/api/tasks/{jsjTask}"), HttpStatusCode.NotFound),
            ("complete the task", () => wxy.PostJsonAsync($"/api/tasks/{jsjTask}/complete", new { variables = new { approved = true } }), HttpStatusCode.NotFound),
            ("read the instance", () => wxy.GetAsync($"/api/instances/{jsjInstance}"), HttpStatusCode.NotFound),
            ("read the history", () => wxy.GetAsync($"/api/instances/{jsjInstance}/history"), HttpStatusCode.NotFound),
            ("read the incident's instance", () => wxy.GetAsync($"/api/instances/{incidentInstance["id"]}"), HttpStatusCode.NotFound),
            ("retry the incident", () => wxy.PostAsync($"/api/instances/{incidentInstance["id"]}/incidents/{incidentInstance["incidents"]![0]!["id"]}/retry", null), HttpStatusCode.Forbidden),
        };
        foreach (var (what, send, expected) in attempts)
        {
            Assert.That((await send()).StatusCode, Is.EqualTo(expected), what);
        }

        Assert.That((await (await wxy.GetAsync("/api/tasks")).ReadJsonAsync()).AsArray(), Is.Empty, "unit wxy lists none of jsj's tasks");
        Assert.That((await (await wxy.GetAsync("/api/instances")).ReadJsonAsync()).AsArray(), Is.Empty, "nor its instances");

        var task = await (await jsj.GetAsync($"/api/tasks/{jsjTask}")).ReadJsonAsync();
        Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("open"), "nothing changed");
        var denied = (await audit.ReadAsync()).Where(r => r.Type == "access.denied").ToList();
        Assert.That(denied.Count - deniedBefore, Is.EqualTo(attempts.Length), "one audit row per attempt");
        Assert.That(denied.Skip(deniedBefore).All(r => r.Actor == "wxy-anquan"), Is.True);
    }
}
