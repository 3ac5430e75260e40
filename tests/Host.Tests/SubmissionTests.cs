using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Host.Tests.Procedures;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// A submission is exactly its form: keys the form does not declare are refused by name and nothing is written;
/// variables the procedure computes are never writable by a submission, nor declarable by a form; only an
/// administrator's PATCH changes them, and the history records it. Each finding of issue 10 on the shipped definitions.
/// </summary>
public sealed class SubmissionTests
{
    [Test]
    public async Task AFieldNotOnTheFormIsRefusedAndNothingIsWritten()
    {
        // The unit's trial acceptance of a level-3 system tried to set approvedLevel 1 and skip the level evaluation.
        using var s = await Scenario.CreateAsync();
        var id = await WalkSystemToTrialAcceptanceAsync(s, level: 3);
        var task = await s.TaskAsync(s.Unit, id, "Task_TrialAcceptance");
        var before = await s.InstanceAsync(id);

        var response = await s.Unit.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new
        {
            variables = new { preliminaryAcceptanceDate = "2026-06-01", preliminaryAcceptanceReport = "试运行正常", approvedLevel = 1 },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "approvedLevel" }));
        Assert.That(errors["approvedLevel"]![0]!.GetValue<string>(), Does.Contain("not a field of this form"));
        var after = await s.InstanceAsync(id);
        Assert.That(after["variables"]!.ToJsonString(), Is.EqualTo(before["variables"]!.ToJsonString()), "nothing was written");
        Assert.That(after["variables"]!["approvedLevel"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That((await s.TaskAsync(s.Unit, id, "Task_TrialAcceptance"))["status"]!.GetValue<string>(), Is.EqualTo("open"));

        await s.CompleteAsync(s.Unit, id, "Task_TrialAcceptance", new { preliminaryAcceptanceDate = "2026-06-01", preliminaryAcceptanceReport = "试运行正常" });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_Evaluation" }), "a level-3 system is evaluated");
    }

    [Test]
    public async Task ARevisionCannotChooseWhereItReturnsTo()
    {
        // returnedFrom is set by the definition (variables.set); "security" would skip the experts' re-review.
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "system-grading-filing", Application(level: 2)))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意" });
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "return", expertOpinion = "预算偏高" });
        var task = await s.TaskAsync(s.Unit, id, "Task_Revise");

        var response = await s.Unit.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables = new { revisionNote = "压缩预算", budget = 80000, returnedFrom = "security" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await response.ReadJsonAsync())["errors"]!["returnedFrom"]![0]!.GetValue<string>();
        Assert.That(error, Does.Contain("由流程计算").And.Contain("Task_MarkHeadReturn"), "named as the procedure's own variable, with the first step that sets it");
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "压缩预算", budget = 80000 });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_ExpertReview" }), "back to the experts");
    }

    [Test]
    public async Task ARectificationPlanCannotMoveTheNoticeDeadline()
    {
        using var s = await Scenario.CreateAsync();
        var id = await WalkEvaluationToPlanAsync(s);
        var timersBefore = await TimersAsync(s, id);
        var task = await s.TaskAsync(s.Unit, id, "Task_Plan");

        var response = await s.Unit.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new
        {
            variables = new { rectificationPlan = "按期整改", notice = new { deadline = "2099-12-31", number = "X" } },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "notice" }));
        Assert.That((await s.InstanceAsync(id))["variables"]!["notice"]!["deadline"]!.GetValue<string>(), Is.EqualTo("2026-04-30"));
        Assert.That(await TimersAsync(s, id), Is.EqualTo(timersBefore));

        await s.CompleteAsync(s.Unit, id, "Task_Plan", new { rectificationPlan = "按期整改" });
        var rectify = await s.TaskAsync(s.Unit, id, "Task_Rectify");
        Assert.That(rectify["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 4, 30, 23, 59, 59, TimeSpan.FromHours(8))), "the notice's deadline holds");
    }

    [Test]
    public async Task AnIncidentReportCannotNameAnotherIncidentsLedgerRow()
    {
        using var s = await Scenario.CreateAsync();
        using var wxy = await s.App.ClientAsync("wxy-anquan", "unit", "wxy");
        var theirs = await s.StartAsync(wxy, "incident-report", Incident("wxy"));
        var theirRow = theirs["variables"]!["incidentId"]!.GetValue<string>();
        var rowBefore = await s.GetAsync(s.Admin, $"/api/incidents/{theirRow}");

        var response = await s.Unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "incident-report",
            variables = new { unitCode = "jsj", title = "主页被篡改", occurredAt = Iso(s.Now.AddMinutes(-20)), discoveredAt = Iso(s.Now.AddMinutes(-15)), category = "network-attack", description = "x", incidentId = theirRow },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "incidentId" }));
        Assert.That((await s.GetAsync(s.Admin, $"/api/incidents/{theirRow}")).ToJsonString(), Is.EqualTo(rowBefore.ToJsonString()), "their row is untouched");
        Assert.That((await s.GetAsync(s.Admin, "/api/instances?definitionKey=incident-report")).AsArray(), Has.Count.EqualTo(1), "nothing was started");
    }

    [Test]
    public async Task ASystemFieldTakesOnlyALedgerSystemTheSubmitterMaySeeAndNamesTheFieldByItsLabel()
    {
        using var s = await Scenario.CreateAsync();
        var ours = await SystemAsync(s, "jsj", "教务系统");
        var theirs = await SystemAsync(s, "wxy", "外语平台");
        object Evaluation(string systemId) => new { definitionKey = "level-evaluation", variables = new { systemId, dueDate = "2026-06-30" } };

        // An id the ledger does not have: the center sees every unit's rows, and still is refused, the field named by its label.
        foreach (var unknown in new[] { Guid.NewGuid().ToString(), "not-a-guid" })
        {
            var refused = await s.Center.PostJsonAsync("/api/instances", Evaluation(unknown));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), unknown);
            var errors = (await refused.ReadJsonAsync())["errors"]!.AsObject();
            Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "systemId" }));
            Assert.That(errors["systemId"]![0]!.GetValue<string>(), Does.StartWith("「信息系统」须为台账中您可查看的信息系统"));
        }

        Assert.That((await s.GetAsync(s.Admin, "/api/instances?definitionKey=level-evaluation")).AsArray(), Is.Empty, "nothing was started");
        Assert.That((await s.Center.PostJsonAsync("/api/instances", Evaluation(ours))).StatusCode, Is.EqualTo(HttpStatusCode.Created), "a system of the ledger starts");

        // A unit names only its own unit's systems: another unit's system is refused like one that is not there.
        object Access(string systemId) => new { definitionKey = "network-access", variables = new { unitCode = "jsj", systemId } };
        var other = await s.Unit.PostJsonAsync("/api/instances", Access(theirs));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await other.ReadJsonAsync())["errors"]!["systemId"]![0]!.GetValue<string>(), Does.StartWith("「信息系统」须为台账中您可查看的信息系统"));
        var own = await s.Unit.PostJsonAsync("/api/instances", Access(ours));
        Assert.That((await own.ReadJsonAsync())["errors"]!.AsObject().ContainsKey("systemId"), Is.False, "the unit's own system is one it may name");
    }

    private static async Task<string> SystemAsync(Scenario s, string unitCode, string name)
    {
        var created = await s.Center.PostJsonAsync("/api/systems", new { unitCode, name, proposedLevel = 3, approvedLevel = 3, status = "accepted", lastEvaluationDate = "2025-06-30" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await created.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    [Test]
    public async Task AUnitCodeIsTheCallersOwnUnitAsTextAndNeverAListOfAddresses()
    {
        using var s = await Scenario.CreateAsync();
        var start = await s.Unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "incident-report",
            variables = new { unitCode = new[] { "jsj,someone@outside.example" }, title = "x", occurredAt = Iso(s.Now.AddMinutes(-5)), discoveredAt = Iso(s.Now), category = "other", description = "x" },
        });
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await start.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "unitCode" }));

        var other = await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "incident-report", variables = Incident("wxy") });
        Assert.That((await other.ReadJsonAsync())["errors"]!["unitCode"]![0]!.GetValue<string>(), Does.Contain("own unit"));

        // Later tasks cannot change it either: it is on no task's form.
        var id = (await s.StartAsync(s.Unit, "incident-report", Incident("jsj")))["id"]!.GetValue<string>();
        var oral = await s.TaskAsync(s.Unit, id, "Task_OralReport");
        var change = await s.Unit.PostJsonAsync($"/api/tasks/{oral["id"]}/complete", new { variables = new { oralReportAt = Iso(s.Now), oralReportTo = "办公室", unitCode = new[] { "jsj,someone@outside.example" } } });
        Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await s.EmailsAsync(id)).Any(e => e.To.Contains("outside.example", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task AVariableNamedLinkNeverReplacesTheNoticesLink()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "incident-report", Incident("jsj")))["id"]!.GetValue<string>();
        var oral = await s.TaskAsync(s.Unit, id, "Task_OralReport");
        var refused = await s.Unit.PostJsonAsync($"/api/tasks/{oral["id"]}/complete", new { variables = new { oralReportAt = Iso(s.Now), oralReportTo = "办公室", link = "https://evil.example/" } });
        Assert.That((await refused.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "link" }));

        // Even a value an administrator sets cannot take the place of the server's link.
        Assert.That((await s.Admin.PatchAsJsonAsync($"/api/instances/{id}/variables", new { link = "https://evil.example/" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await s.AdvanceAsync(TimeSpan.FromHours(1));
        var notice = await MessageAsync(s, id, "【口头报告超时】");
        Assert.That(notice["html"]!.GetValue<string>(), Does.Not.Contain("evil.example").And.Contain($"http://localhost:5080/instances/{id}"));
    }

    [Test]
    public async Task ATaskOrStartWithoutAFormAcceptsOnlyAnEmptySubmission()
    {
        using var s = await Scenario.CreateAsync();
        Assert.That((await s.Admin.DeployAsync(Fixtures.Fragile())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var refused = await s.Admin.PostJsonAsync("/api/instances", new { definitionKey = "fragile", variables = new { system = new { level = 4 } } });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await refused.ReadJsonAsync())["errors"]!["system"]![0]!.GetValue<string>(), Does.Contain("no form"));

        var started = await s.StartAsync(s.Admin, "fragile", new { });
        Assert.That(started["status"]!.GetValue<string>(), Is.EqualTo("incident"), "the condition reads a variable nobody set");
    }

    [Test]
    public async Task AFormMayNotDeclareAVariableTheDefinitionComputes()
    {
        using var s = await Scenario.CreateAsync();
        var form = JsonNode.Parse("""{ "id": "sneaky-review", "type": "default", "components": [ { "type": "textfield", "key": "returnedFrom" } ] }""")!;
        Assert.That((await s.Admin.PutAsJsonAsync("/api/forms/sneaky-review", form)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        const string Xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
              <bpmn:process id="sneaky" isExecutable="true">
                <bpmn:startEvent id="start" />
                <bpmn:serviceTask id="mark" camunda:type="external" camunda:topic="variables.set">
                  <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="returnedFrom">expert</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:userTask id="revise" camunda:candidateGroups="role:center" camunda:formRef="sneaky-review" />
                <bpmn:endEvent id="end" />
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="mark" />
                <bpmn:sequenceFlow id="f2" sourceRef="mark" targetRef="revise" />
                <bpmn:sequenceFlow id="f3" sourceRef="revise" targetRef="end" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        var response = await s.Admin.DeployAsync(Xml);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await response.ReadJsonAsync())["errors"]!.AsArray().Single()!;
        Assert.That((error["elementId"]!.GetValue<string>(), error["line"]!.GetValue<int>()), Is.EqualTo(("revise", 8)));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("'returnedFrom'").And.Contain("mark"));
        Assert.That((await s.GetAsync(s.Admin, "/api/definitions")).AsArray().Select(d => d!["key"]!.GetValue<string>()), Does.Not.Contain("sneaky"));

        // Nor can a new version of a form in use add one: rectification-plan is the unit's form in level-evaluation.
        var plan = await s.GetAsync(s.Admin, "/api/forms/rectification-plan");
        plan["components"]!.AsArray().Add(JsonNode.Parse("""{ "type": "textfield", "key": "noticeId" }"""));
        var put = await s.Admin.PutAsJsonAsync("/api/forms/rectification-plan", plan);
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var refusals = (await put.ReadJsonAsync())["errors"]!["components"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.That(refusals, Has.Some.Contains("level-evaluation v").And.Some.Contains("Task_Plan"), "every definition that uses the form is named, level-evaluation among them");
        Assert.That(refusals, Has.All.Contains("'noticeId'"));
    }

    [Test]
    public async Task OnlyAnAdministratorsPatchChangesAComputedVariableAndTheHistoryRecordsIt()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "system-grading-filing", Application(level: 2)))["id"]!.GetValue<string>();
        Assert.That((await s.Unit.PatchAsJsonAsync($"/api/instances/{id}/variables", new { returnedFrom = "security" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        Assert.That((await s.Admin.PatchAsJsonAsync($"/api/instances/{id}/variables", new { returnedFrom = "security" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var update = (await s.GetAsync(s.Admin, $"/api/instances/{id}/history")).AsArray().Single(h => h!["type"]!.GetValue<string>() == "variables.updated")!;
        Assert.That((update["actor"]!.GetValue<string>(), update["data"]!["variables"]!["returnedFrom"]!.GetValue<string>()), Is.EqualTo(("admin", "security")));
    }

    [TestCase("proposedLevel", 3.5, "whole number")]
    [TestCase("budget", 1e300, "at most")]
    [TestCase("budget", -1, "at least 0")]
    public async Task ANumberOutsideWhatTheApplicationFormAllowsIsA400NamingTheField(string field, double value, string message)
    {
        using var s = await Scenario.CreateAsync();
        var variables = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Application(level: 2)))!.AsObject();
        variables[field] = value;
        var response = await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "system-grading-filing", variables });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { field }));
        Assert.That(errors[field]![0]!.GetValue<string>(), Does.Contain(message));
        Assert.That((await s.GetAsync(s.Admin, "/api/systems")).AsArray(), Is.Empty, "no ledger row, no instance in an incident");
    }

    private static IncidentReportTests.StartVariables Incident(string unit) =>
        IncidentReportTests.Start(WorkflowApplication.Start.AddMinutes(-20), WorkflowApplication.Start.AddMinutes(-15)) with { unitCode = unit };

    private static string Iso(DateTimeOffset instant) => IncidentReportTests.Iso(instant);

    private static SystemGradingFilingTests.ApplicationVariables Application(int level) => SystemGradingFilingTests.Application(level);

    /// <summary>system-grading-filing up to the unit's trial acceptance, the level approved as given.</summary>
    internal static async Task<string> WalkSystemToTrialAcceptanceAsync(Scenario s, int level)
    {
        var id = (await s.StartAsync(s.Unit, "system-grading-filing", Application(level)))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意" });
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "approve", expertOpinion = "同意" });
        await s.CompleteAsync(s.Center, id, "Task_CenterGrading", new { suggestedLevel = level, gradingOpinion = "同意" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_SecurityReview", new { decision = "approve", approvedLevel = level, reviewOpinion = "同意" });
        if (level >= 2)
        {
            await s.CompleteAsync(s.Office, id, "Task_File", new { filingNumber = "41010099999-01", filingDate = "2026-03-10" });
        }

        await SystemGradingFilingTests.HostOnVmAsync(s, id);
        await s.CompleteAsync(s.Unit, id, "Task_Build", new { measuresInPlace = true, buildSummary = "已完成建设" });
        return id;
    }

    /// <summary>A level-evaluation with findings, its rectification notice (deadline 2026-04-30) issued, at the unit's plan.</summary>
    private static async Task<string> WalkEvaluationToPlanAsync(Scenario s)
    {
        var system = await s.Center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = "一卡通", proposedLevel = 3, approvedLevel = 3, status = "accepted", lastEvaluationDate = "2025-03-20" });
        Assert.That(system.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var run = await EvaluationCycleTests.RunScanAsync(s, s.Admin, "evaluation-scan");
        var id = run["startedIds"]![0]!.GetValue<string>();
        await s.CompleteAsync(s.Center, id, "Task_Arrange", new { evaluationOrganization = "河南省信息安全测评中心", plannedDate = "2026-03-10" });
        await s.CompleteAsync(s.Center, id, "Task_Result", new { evaluationOrganization = "河南省信息安全测评中心", evaluationDate = "2026-03-10", conclusion = "basically-conform", findings = "弱口令" });
        await s.CompleteAsync(s.Center, id, "Task_IssueNotice", new { noticeNumber = "整改〔2026〕1号", requirements = "修改弱口令", deadline = "2026-04-30" });
        return id;
    }

    private static async Task<string[]> TimersAsync(Scenario s, string id) =>
        [.. (await s.GetAsync(s.Admin, $"/api/timers?instanceId={id}")).AsArray().Select(t => $"{t!["elementId"]} {t["dueAt"]}").Order(StringComparer.Ordinal)];

    private static async Task<JsonNode> MessageAsync(Scenario s, string instanceId, string subjectStart)
    {
        var messages = (await s.GetAsync(s.Admin, $"/api/outbox?instanceId={instanceId}")).AsArray();
        var matching = messages.Where(m => m!["subject"]!.GetValue<string>().StartsWith(subjectStart, StringComparison.Ordinal)).ToList();
        Assert.That(matching, Has.Count.EqualTo(1), $"one message starting {subjectStart}; sent: {string.Join(", ", messages.Select(m => m!["subject"]))}");
        var message = matching[0]!;
        var id = Guid.Parse(message["id"]!.GetValue<string>());
        using var scope = s.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Zzut.Workflows.Persistence.WorkflowDbContext>();
        var row = await db.Outbox.FindAsync(id);
        return new JsonObject { ["html"] = row!.HtmlBody, ["text"] = row.TextBody };
    }
}
