using System.Net;
using System.Net.Http.Json;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>
/// Existing systems file with the center (system-filing, Art. 22) and non-classified systems ask to connect to the campus
/// network (network-access, Art. 10); a classified one is refused at the start, naming the field and the article.
/// </summary>
public sealed class SystemFilingTests
{
    private const string Officer = "anquan@jsj.zzut.edu.cn";

    [Test]
    public async Task AnExistingLevelThreeSystemIsFiledSignedReviewedLeveledAndEntersTheLedgerWithItsNextEvaluation()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "system-filing", Filing()))["id"]!.GetValue<string>();
        Assert.That((await s.GetAsync(s.Admin, "/api/systems")).AsArray(), Is.Empty, "nothing enters the ledger before the review");

        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意备案" });
        await s.CompleteAsync(s.Center, id, "Task_CenterReview", new { decision = "return", centerOpinion = "补充访问地址" });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "访问地址见系统说明" });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_HeadApproval" }), "a revision is signed again");
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意" });
        await s.CompleteAsync(s.Center, id, "Task_CenterReview", new { decision = "approve", centerOpinion = "准予备案" });
        Assert.That((await s.TaskAsync(s.LeadingGroup, id, "Task_LevelReview"))["candidateGroups"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("role:leading-group"));
        var done = await s.CompleteAsync(s.LeadingGroup, id, "Task_LevelReview", new { approvedLevel = 3, levelOpinion = "维持三级" });

        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var system = (await s.GetAsync(s.Unit, "/api/systems")).AsArray().Single()!;
        Assert.That((system["name"]!.GetValue<string>(), system["status"]!.GetValue<string>(), system["proposedLevel"]!.GetValue<int>(), system["approvedLevel"]!.GetValue<int>()),
            Is.EqualTo(("一卡通系统", "accepted", 3, 3)));
        Assert.That((system["deployment"]!.GetValue<string>(), system["vendor"]!.GetValue<string>(), system["inServiceSince"]!.GetValue<string>(), system["classified"]!.GetValue<bool>()),
            Is.EqualTo(("hosted-server", "某某软件有限公司", "2018-09-01", false)));
        Assert.That((system["centerFilingDate"]!.GetValue<string>(), system["filingNumber"]!.GetValue<string>(), system["lastEvaluationDate"]!.GetValue<string>(), system["nextEvaluationDue"]!.GetValue<string>()),
            Is.EqualTo(("2026-03-02", "41010099999-18001", "2025-11-20", "2026-11-20")), "level 3: yearly, from the last evaluation");
        Assert.That(await s.EmailsAsync(id), Does.Contain((Officer, "center@zzut.edu.cn", "【信息系统已备案】一卡通系统")));
    }

    [Test]
    public async Task ALevelOneSystemNeedsNoLevelReview()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "system-filing", Filing() with { proposedLevel = 1, filingNumber = null, lastEvaluationDate = null }))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意" });
        await s.CompleteAsync(s.Center, id, "Task_CenterReview", new { decision = "approve", centerOpinion = "准予备案" });
        var system = (await s.GetAsync(s.Unit, "/api/systems")).AsArray().Single()!;
        Assert.That((system["approvedLevel"]!.GetValue<int>(), system["nextEvaluationDue"]), Is.EqualTo((1, (System.Text.Json.Nodes.JsonNode?)null)));
    }

    [Test]
    public async Task ANonClassifiedSystemIsApprovedForNetworkAccessAndTheAccessIsRecordedOnItsRow()
    {
        using var s = await Scenario.CreateAsync();
        var systemId = await RegisterAsync(s);
        var id = (await s.StartAsync(s.Unit, "network-access", Access(systemId)))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意接入" });
        var missingAddress = await s.Center.PostJsonAsync($"/api/tasks/{(await s.TaskAsync(s.Center, id, "Task_CenterReview"))["id"]}/complete", new { variables = new { decision = "approve", centerOpinion = "同意" } });
        Assert.That(missingAddress.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await missingAddress.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "networkAddress", "networkServices" }), "required when approving");
        await s.CompleteAsync(s.Center, id, "Task_CenterReview", new { decision = "approve", networkAddress = "10.10.30.8", networkServices = "HTTPS 443", centerOpinion = "同意，已配置边界策略" });

        var system = await s.GetAsync(s.Unit, $"/api/systems/{systemId}");
        Assert.That((system["networkAccessDate"]!.GetValue<string>(), system["networkAddress"]!.GetValue<string>(), system["networkServices"]!.GetValue<string>()),
            Is.EqualTo(("2026-03-02", "10.10.30.8", "HTTPS 443")));
        Assert.That(await s.EmailsAsync(id), Does.Contain((Officer, "center@zzut.edu.cn", "【准予接入校园网】一卡通系统")));
    }

    [Test]
    public async Task AClassifiedSystemsAccessRequestIsRefusedAtTheStartCitingArticleTen()
    {
        using var s = await Scenario.CreateAsync();
        var systemId = await RegisterAsync(s);
        var response = await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "network-access", variables = Access(systemId) with { classified = "yes" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "classified" }));
        Assert.That(errors["classified"]![0]!.GetValue<string>(), Does.Contain("第十条").And.Contain("涉密信息系统不得接入校园网络"));

        // A system the ledger marks classified is refused too, whatever the form says.
        Assert.That((await s.Center.PatchAsJsonAsync($"/api/systems/{systemId}", new { classified = true })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        response = await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "network-access", variables = Access(systemId) });
        errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.That((response.StatusCode, errors.Select(e => e.Key).Single()), Is.EqualTo((HttpStatusCode.BadRequest, "systemId")));
        Assert.That(errors["systemId"]![0]!.GetValue<string>(), Does.Contain("第十条"));
        Assert.That((await s.GetAsync(s.Admin, "/api/instances?definitionKey=network-access")).AsArray(), Is.Empty, "nothing was started");
    }

    private sealed record FilingVariables(
        string unitCode, string systemName, string purpose, int proposedLevel, string deployment, string address, string vendor, string inServiceSince,
        string contactName, string contactPhone, string classified, string? filingNumber, string? lastEvaluationDate, bool responsibilityLetterSigned);

    private static FilingVariables Filing() => new(
        "jsj", "一卡通系统", "校园卡消费、门禁", 3, "hosted-server", "ecard.zzut.edu.cn", "某某软件有限公司", "2018-09-01",
        "李安全", "0371-61910001", "no", "41010099999-18001", "2025-11-20", true);

    private sealed record AccessVariables(string unitCode, string systemId, string classified, string accessPurpose, string requestedServices, string contactName, string contactPhone);

    private static AccessVariables Access(string systemId) => new("jsj", systemId, "no", "对校内师生提供服务", "HTTPS 443", "李安全", "0371-61910001");

    private static async Task<string> RegisterAsync(Scenario s)
    {
        var created = await s.Center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = "一卡通系统", proposedLevel = 3, approvedLevel = 3, status = "accepted" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return (await created.ReadJsonAsync())["id"]!.GetValue<string>();
    }
}
