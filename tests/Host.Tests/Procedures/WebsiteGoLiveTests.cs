using System.Net;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>P3: website go-live filing (website-go-live), through the HTTP API with a fake clock.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class WebsiteGoLiveTests(DatabaseProvider provider)
{
    private const string Officer = "anquan@jsj.zzut.edu.cn";
    private const string Head = "head@jsj.zzut.edu.cn";

    [Test]
    public async Task AWebsiteGoesLiveAfterTheHeadAndTheCenterReturnedItAndTheSecondSecurityCheckPassed()
    {
        using var s = await Scenario.CreateAsync(provider: provider);
        var instance = await s.StartAsync(s.Unit, "website-go-live", Filing());
        var id = instance["id"]!.GetValue<string>();
        var sitePath = $"/api/websites/{instance["variables"]!["websiteId"]!.GetValue<string>()}";
        var site = await s.GetAsync(s.Unit, sitePath);
        Assert.That((site["status"]!.GetValue<string>(), site["domain"]!.GetValue<string>(), site["buildMethod"]!.GetValue<string>(), site["applicationDate"]!.GetValue<string>()),
            Is.EqualTo(("applying", "jsj.zzut.edu.cn", "site-cluster", "2026-03-02")));
        Assert.That(site["responsibilityLetterSigned"]!.GetValue<bool>(), Is.True);

        var head = await s.TaskAsync(s.Head, id, "Task_HeadApproval");
        Assert.That(head["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start.AddDays(3)));
        Assert.That(head["candidateGroups"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("head:jsj"));
        Assert.That((await s.EmailsAsync(id)).Single().To, Is.EqualTo(Head), "the head approves: the head is told");
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "return", unitOpinion = "栏目需调整" });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "删除下载栏目", mainColumns = "学院概况、新闻动态、教学科研" });
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Center, id, "Task_CenterReview", new { decision = "return", centerOpinion = "域名需使用二级域名", ipAddress = "10.0.0.1", serviceTypes = new[] { "HTTP" } });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "改用 ai.zzut.edu.cn", domain = "ai.zzut.edu.cn" });
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        site = await s.GetAsync(s.Unit, sitePath);
        Assert.That((site["domain"]!.GetValue<string>(), site["mainColumns"]!.GetValue<string>()), Is.EqualTo(("ai.zzut.edu.cn", "学院概况、新闻动态、教学科研")));

        await s.CompleteAsync(s.Center, id, "Task_CenterReview", new { decision = "approve", centerOpinion = "同意", ipAddress = "10.10.8.21", ipOpenToOutside = true, serviceTypes = new[] { "HTTP", "HTTPS" } });
        site = await s.GetAsync(s.Center, sitePath);
        Assert.That((site["status"]!.GetValue<string>(), site["ipAddress"]!.GetValue<string>(), site["ipOpenToOutside"]!.GetValue<bool>(), site["serviceTypes"]!.GetValue<string>()),
            Is.EqualTo(("checking", "10.10.8.21", true, "HTTP,HTTPS")));

        await s.CompleteAsync(s.Center, id, "Task_SecurityCheck", new { securityCheckResult = "failed", securityCheckFindings = "后台弱口令" });
        var findings = (await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【安全检查未通过】", StringComparison.Ordinal));
        Assert.That((findings.To, findings.Subject), Is.EqualTo((Officer, "【安全检查未通过】ai.zzut.edu.cn")));
        Assert.That((await s.GetAsync(s.Unit, sitePath))["status"]!.GetValue<string>(), Is.EqualTo("checking"));
        await s.AdvanceAsync(TimeSpan.FromDays(2));
        await s.CompleteAsync(s.Unit, id, "Task_Fix", new { fixSummary = "已修改口令并启用双因素认证" });
        var done = await s.CompleteAsync(s.Center, id, "Task_SecurityCheck", new { securityCheckResult = "passed" });

        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        site = await s.GetAsync(s.Unit, sitePath);
        Assert.That((site["status"]!.GetValue<string>(), site["openingDate"]!.GetValue<string>(), site["securityCheckResult"]!.GetValue<string>(), site["securityCheckCount"]!.GetValue<int>()),
            Is.EqualTo(("online", "2026-03-04", "passed", 2)));
        Assert.That(await s.EmailsAsync(id), Does.Contain((Officer, string.Empty, "【网站已开通】ai.zzut.edu.cn")));
        var entered = await s.HistoryElementsAsync(id, "element.entered");
        Assert.That((entered.Count(e => e == "Task_HeadApproval"), entered.Count(e => e == "Task_CenterReview"), entered.Count(e => e == "Task_SecurityCheck")), Is.EqualTo((3, 2, 2)));
        Assert.That((await s.GetAsync(s.Unit, "/api/websites?status=online")).AsArray().Single()!["id"]!.GetValue<string>(), Is.EqualTo(site["id"]!.GetValue<string>()));
    }

    [Test]
    public async Task TheOfficerCannotApproveTheirOwnFilingTheHeadCan()
    {
        using var s = await Scenario.CreateAsync(provider: provider);
        var id = (await s.StartAsync(s.Unit, "website-go-live", Filing()))["id"]!.GetValue<string>();
        var open = (await s.GetAsync(s.Unit, $"/api/tasks?instanceId={id}&status=open")).AsArray();
        Assert.That(open, Is.Empty, "the officer does not even see the head's task");
        var task = await s.TaskAsync(s.Head, id, "Task_HeadApproval");
        var refused = await s.Unit.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables = new { decision = "approve", unitOpinion = "同意" } });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a task of head:jsj is not the officer's");

        // An officer who is also a head of the unit still cannot sign off their own filing.
        using var both = await s.App.ClientAsync("jsj-jianren", ["unit", "unit-head"], "jsj");
        var own = (await s.StartAsync(both, "website-go-live", Filing() with { domain = "lab.zzut.edu.cn" }))["id"]!.GetValue<string>();
        var ownTask = await s.TaskAsync(both, own, "Task_HeadApproval");
        var selfApproval = await both.PostJsonAsync($"/api/tasks/{ownTask["id"]}/complete", new { variables = new { decision = "approve", unitOpinion = "同意" } });
        Assert.That(selfApproval.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await selfApproval.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.StartWith("单位负责人不能审核本人在本流程中提交的材料"));
        Assert.That(await s.ActiveAsync(own), Is.EqualTo(new[] { "Task_HeadApproval" }));

        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Head, own, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        Assert.That((await s.ActiveAsync(id), await s.ActiveAsync(own)), Is.EqualTo((new[] { "Task_CenterReview" }, new[] { "Task_CenterReview" })));
    }

    [Test]
    public async Task AFilingWithoutTheSignedLetterOrWithABadDomainOrAddressIsRefusedNamingTheFields()
    {
        using var s = await Scenario.CreateAsync(provider: provider);
        var response = await s.Unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "website-go-live",
            variables = Filing() with { responsibilityLetterSigned = false, domain = "not a domain", adminEmail = "nobody", adminMobile = "12345", buildMethod = "wordpress" },
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "responsibilityLetterSigned", "domain", "adminEmail", "adminMobile", "buildMethod" }));
        Assert.That(errors["responsibilityLetterSigned"]![0]!.GetValue<string>(), Does.Contain("须勾选"));
        Assert.That((await s.GetAsync(s.Admin, "/api/websites")).AsArray(), Is.Empty);
    }

    internal sealed record FilingVariables(
        string unitCode, string unitName, string responsibleLeader, string leaderPhone, string domain, string siteLanguage, string runtime,
        string databaseType, string mainColumns, string serverLocation, string buildMethod, string adminName, string adminPhone,
        string adminEmail, string adminMobile, string applicationDate, bool responsibilityLetterSigned);

    internal static FilingVariables Filing() => new(
        "jsj", "计算机与人工智能学院", "王院长", "0371-61910001", "jsj.zzut.edu.cn", "Java", "Tomcat 9 / Linux", "MySQL 8",
        "学院概况、新闻动态、教学科研、下载中心", "校园网络机房", "site-cluster", "张管理", "0371-61910009", "webmaster@jsj.zzut.edu.cn",
        "13800000000", "2026-03-02", true);
}
