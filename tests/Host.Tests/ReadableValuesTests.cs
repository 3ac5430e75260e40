using System.Net;
using System.Text.Json.Nodes;
using Zzut.Workflows.Host.Tests.Procedures;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// Values read as the forms show them, never as codes or ids: ledger rows and instances by their names (a neutral label
/// for whoever may not see them), the operations console's variables by their form labels, level-evaluation taking the
/// system's name, unit and level from the ledger, and the procedures that only procedures start.
/// </summary>
public sealed class ReadableValuesTests
{
    [Test]
    public async Task ACaseNamesTheChosenSystemAndLinksItsLedgerRow()
    {
        using var s = await Scenario.CreateAsync();
        var systemId = await SystemAsync(s, "jsj", "一卡通系统", level: 3);
        var id = (await s.StartAsync(s.Unit, "network-access", new
        {
            unitCode = "jsj", systemId, classified = "no", accessPurpose = "对校内师生提供服务", requestedServices = "HTTPS 443", contactName = "李安全", contactPhone = "0371-61910001",
        }))["id"]!.GetValue<string>();
        var task = await s.TaskAsync(s.Head, id, "Task_HeadApproval");

        var start = (await s.GetAsync(s.Head, $"/api/tasks/{task["id"]}"))["case"]!.AsArray().Single()!;
        var field = start["fields"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "systemId")!;

        Assert.That((field["label"]!.GetValue<string>(), field["display"]!.GetValue<string>()), Is.EqualTo(("信息系统", "一卡通系统")), "the system by its name, not its id");
        Assert.That(field["href"]!.GetValue<string>(), Is.EqualTo($"/ledgers#systems-{systemId}"), "linked to its ledger row");
        Assert.That(field["value"]!.GetValue<string>(), Is.EqualTo(systemId), "the value itself is unchanged");
    }

    [Test]
    public async Task RowsAndInstancesAreNamedForWhoeverMaySeeThemAndByTheirKindOnlyOtherwise()
    {
        using var s = await Scenario.CreateAsync();
        var ours = await SystemAsync(s, "jsj", "教务系统", level: 3);
        var theirs = await SystemAsync(s, "wxy", "外语平台", level: 2);
        var incident = (await s.StartAsync(s.Unit, "incident-report", IncidentReportTests.Start(WorkflowApplication.Start.AddMinutes(-20), WorkflowApplication.Start.AddMinutes(-15))))["id"]!.GetValue<string>();
        var incidentRow = (await s.InstanceAsync(incident))["variables"]!["incidentId"]!.GetValue<string>();
        var other = await s.OtherUnitAsync();
        async Task<JsonObject> NamesAsync(HttpClient client) => (await s.GetAsync(client, $"/api/references?ids={ours},{theirs},{incident},{incidentRow},{Guid.NewGuid()}")).AsObject();

        var center = await NamesAsync(s.Center);
        Assert.That(center[ours]!["display"]!.GetValue<string>(), Is.EqualTo("教务系统"));
        Assert.That(center[theirs]!["href"]!.GetValue<string>(), Is.EqualTo($"/ledgers#systems-{theirs}"));
        Assert.That(center[incidentRow]!["kind"]!.GetValue<string>(), Is.EqualTo("安全事件"));
        Assert.That(center[incident]!["display"]!.GetValue<string>(), Does.Contain("主页被篡改"), "an instance by its procedure and title");
        Assert.That(center[incident]!["href"]!.GetValue<string>(), Is.EqualTo($"/instances/{incident}"));
        Assert.That(center, Has.Count.EqualTo(4), "an id that names nothing is left out");

        var wxy = await NamesAsync(other);
        Assert.That(wxy[theirs]!["display"]!.GetValue<string>(), Is.EqualTo("外语平台"), "its own unit's row");
        Assert.That((wxy[ours]!["display"]!.GetValue<string>(), wxy[ours]!["href"]), Is.EqualTo(("信息系统（无权查看）", (JsonNode?)null)), "another unit's row: its kind, neither its name nor its id");
        Assert.That(wxy[incidentRow]!["display"]!.GetValue<string>(), Is.EqualTo("安全事件（无权查看）"));
        Assert.That(wxy[incident]!["display"]!.GetValue<string>(), Is.EqualTo("流程实例（无权查看）"), "an instance it takes no part in");
        Assert.That(wxy.ToJsonString(), Does.Not.Contain("教务系统").And.Not.Contain("主页被篡改"));

        var refused = await s.Unit.GetAsync("/api/references?ids=not-an-id");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await refused.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "ids" }));
    }

    [Test]
    public async Task TheConsoleShowsVariablesByTheirFormLabelsAndAsTheFormsShowThem()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "incident-report", IncidentReportTests.Start(WorkflowApplication.Start.AddMinutes(-20), WorkflowApplication.Start.AddMinutes(-15))))["id"]!.GetValue<string>();
        var instance = await s.InstanceAsync(id);

        var variables = (await s.GetAsync(s.Center, $"/api/operations/instances/{id}"))["variables"]!.AsArray()
            .ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!);

        Assert.That(variables.Keys, Is.EquivalentTo(instance["variables"]!.AsObject().Select(v => v.Key)), "every variable, by the name an administrator edits");
        Assert.That(Shown(variables["unitCode"]), Is.EqualTo(("单位代码 (unit code)", "计算机与人工智能学院（jsj）")));
        Assert.That(Shown(variables["occurredAt"]), Is.EqualTo(("事件起始时间（事发）（日期）", "2026-03-02 08:40")), "an instant in Beijing time");
        Assert.That(variables["category"]!["label"]!.GetValue<string>(), Is.EqualTo("事件分类"));
        Assert.That(variables["category"]!["display"]!.GetValue<string>(), Is.Not.EqualTo(variables["category"]!["value"]!.GetValue<string>()).And.Contain("事件"), "a choice by its label, not its code");
        var row = instance["variables"]!["incidentId"]!.GetValue<string>();
        var title = instance["variables"]!["title"]!.GetValue<string>();
        Assert.That(Shown(variables["incidentId"]), Is.EqualTo(("安全事件", title)), "a computed variable by its label; the row it names by its title");
        Assert.That(variables["incidentId"]!["href"]!.GetValue<string>(), Is.EqualTo($"/ledgers#incidents-{row}"));
        Assert.That(variables["incidentId"]!["source"]!.GetValue<string>(), Does.StartWith("计算："), "with the element that computes it");
        Assert.That(variables["title"]!["source"]!.GetValue<string>(), Does.StartWith("填写："), "a form's field with the step that asks for it");
        Assert.That(Shown(variables["incident"]), Is.EqualTo(("安全事件台账行", title)), "a ledger row held whole is named, not dumped as JSON");
        Assert.That(variables["incident"]!["href"]!.GetValue<string>(), Is.EqualTo($"/ledgers#incidents-{row}"));
        Assert.That(Shown(variables["lastEmailId"]).Label, Is.EqualTo("最近写入发件箱的邮件"));
        Assert.That(variables.Values.Where(v => v!["source"] is null).Select(v => v!["name"]!.GetValue<string>()), Is.Empty, "every variable of the procedure is either asked for or computed");
        Assert.That(variables.Values.Where(v => v!["label"]!.GetValue<string>() == v["name"]!.GetValue<string>()).Select(v => v!["name"]!.GetValue<string>()), Is.Empty, "no variable shows as a bare name");
        Assert.That(variables.Keys.Take(6), Is.EqualTo(new[] { "unitCode", "title", "occurredAt", "discoveredAt", "category", "description" }), "in the start form's order, then the computed ones");
        Assert.That(variables.Values.Where(v => v!["value"] is JsonValue b && b.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            .Select(v => v!["display"]!.GetValue<string>()), Has.All.Matches<string>(d => d is "是" or "否"), "booleans as 是/否");
    }

    [Test]
    public async Task ALevelEvaluationTakesTheSystemsNameUnitAndLevelFromTheLedgerAndRefusesThemTyped()
    {
        using var s = await Scenario.CreateAsync();
        var systemId = await SystemAsync(s, "jsj", "教务系统", level: 3);
        var levelOne = await SystemAsync(s, "jsj", "打印服务", level: 1);

        var typed = await s.Center.PostJsonAsync("/api/instances", new { definitionKey = "level-evaluation", variables = new { systemId, dueDate = "2026-06-30", systemName = "别的名字", unitCode = "wxy", level = 5 } });
        Assert.That(typed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await typed.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "systemName", "unitCode", "level" }), "what the ledger row determines is not the starter's to write");

        var notEvaluated = await s.Center.PostJsonAsync("/api/instances", new { definitionKey = "level-evaluation", variables = new { systemId = levelOne, dueDate = "2026-06-30" } });
        Assert.That(notEvaluated.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await notEvaluated.ReadJsonAsync())["errors"]!["systemId"]![0]!.GetValue<string>(), Does.StartWith("信息系统“打印服务”为第1级"));
        Assert.That(await s.InstancesAsync("level-evaluation"), Is.Empty, "nothing was started");

        var id = (await s.StartAsync(s.Center, "level-evaluation", new { systemId, dueDate = "2026-06-30" }))["id"]!.GetValue<string>();
        var instance = await s.InstanceAsync(id);
        var variables = instance["variables"]!;
        Assert.That((variables["systemName"]!.GetValue<string>(), variables["unitCode"]!.GetValue<string>(), variables["level"]!.GetValue<int>()), Is.EqualTo(("教务系统", "jsj", 3)));
        Assert.That((instance["title"]!.GetValue<string>(), instance["unitCode"]!.GetValue<string>()), Is.EqualTo(("教务系统", "jsj")), "the title and unit lists show");
        Assert.That((await s.EmailsAsync(id)).Select(e => e.Subject).Where(t => t.StartsWith("【等级测评】", StringComparison.Ordinal)), Is.Not.Empty.And.All.EqualTo("【等级测评】教务系统"), "the e-mails name the system as the ledger does");
        var shown = (await s.GetAsync(s.Center, $"/api/operations/instances/{id}"))["variables"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!);
        Assert.That(Shown(shown["level"]), Is.EqualTo(("等级", "第三级")));
        Assert.That(Shown(shown["unitCode"]), Is.EqualTo(("单位", "计算机与人工智能学院（jsj）")), "a computed unit code by the unit's name");
        Assert.That(Shown(shown["system"]), Is.EqualTo(("信息系统台账行", "教务系统")));
        Assert.That(shown["system"]!["href"]!.GetValue<string>(), Does.EndWith(systemId));
        Assert.That(shown["systemName"]!["source"]!.GetValue<string>(), Is.EqualTo("计算：读取系统台账"));
        var links = (await s.GetAsync(s.Center, $"/api/systems/{systemId}"))["instances"]!.AsArray();
        Assert.That(links.Select(l => l!["instanceId"]!.GetValue<string>()), Does.Contain(id), "the system's row links to its evaluation");
    }

    [Test]
    public async Task ProceduresThatOnlyProceduresStartAreStartedByNobodyByHand()
    {
        using var s = await Scenario.CreateAsync();
        foreach (var (key, variables) in new (string, object)[]
        {
            ("center-inspection-unit", new { unitCode = "jsj", title = "专项检查", source = "inspection", inspectionId = Guid.NewGuid().ToString() }),
            ("security-warning-response", new { warningId = Guid.NewGuid().ToString(), unitCode = "jsj", number = "YJ-1", title = "漏洞预警", level = "red", requirements = "立即修补", deadline = "2026-03-10" }),
        })
        {
            foreach (var client in new[] { s.Center, s.Admin })
            {
                var refused = await client.PostJsonAsync("/api/instances", new { definitionKey = key, variables });
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), key);
                Assert.That((await refused.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.StartWith("该流程由其他流程自动发起，不能手工发起"));
                Assert.That((await s.GetAsync(client, "/api/definitions/startable")).AsArray().Select(d => d!["key"]!.GetValue<string>()), Does.Not.Contain(key), "not offered to start");
            }

            Assert.That(await s.InstancesAsync(key), Is.Empty);
        }

        // The center inspects a single unit through the inspection plan, which starts the unit's procedure.
        await s.StartAsync(s.Center, "center-inspection", new { number = "JC-2026-01", title = "专项检查", unitCodes = "jsj", scope = "网站", plannedDate = "2026-03-10", inspectors = "张老师" });
        Assert.That(await s.RunExternalAsync(), Is.EqualTo(1));
        Assert.That(await s.InstancesAsync("center-inspection-unit"), Has.Count.EqualTo(1));
    }

    private static (string Label, string Display) Shown(JsonNode variable) => (variable["label"]!.GetValue<string>(), variable["display"]!.GetValue<string>());

    private static async Task<string> SystemAsync(Scenario s, string unitCode, string name, int level)
    {
        var created = await s.Center.PostJsonAsync("/api/systems", new { unitCode, name, proposedLevel = level, approvedLevel = level, status = "accepted", lastEvaluationDate = "2025-06-30" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return (await created.ReadJsonAsync())["id"]!.GetValue<string>();
    }
}
