using System.Net;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>
/// Changes need approval (Att. 5, 7 §2): vm-change and hosted-server-change (unit → head → center, the ledger changes
/// only on approval), and the center suspending, shutting down and restoring a VM (vm-suspend, Att. 5 §4, §8, §10).
/// </summary>
public sealed class HostingChangeTests
{
    private const string Officer = "anquan@jsj.zzut.edu.cn";
    private const string Head = "head@jsj.zzut.edu.cn";

    [Test]
    public async Task AVmChangeIsPendingUntilTheCenterApprovesAndTheLedgerShowsTheOldValuesUntilThen()
    {
        using var s = await Scenario.CreateAsync();
        var vmId = await VmLifecycleTests.ProvisionAsync(s);
        var vmPath = $"/api/vms/{vmId}";
        var instance = await s.StartAsync(s.Unit, "vm-change", new { unitCode = "jsj", vmId, changeReason = "承载选课系统", vcpu = 8, purpose = "学院网站和选课系统", serviceTo = "2030-12-31" });
        var id = instance["id"]!.GetValue<string>();
        var changePath = $"/api/hosting-changes/{instance["variables"]!["changeId"]!.GetValue<string>()}";

        var change = await s.GetAsync(s.Unit, changePath);
        Assert.That((change["status"]!.GetValue<string>(), change["label"]!.GetValue<string>(), change["changes"]!["vcpu"]!.GetValue<int>(), change["previous"]!["vcpu"]!.GetValue<int>()),
            Is.EqualTo(("pending", "jsj-web-01", 8, 4)));
        var vm = await s.GetAsync(s.Unit, vmPath);
        Assert.That((vm["vcpu"]!.GetValue<int>(), vm["purpose"]!.GetValue<string>(), vm["serviceTo"]!.GetValue<string>()), Is.EqualTo((4, "学院网站", "2029-12-31")), "pending: the old values");

        var head = await s.TaskAsync(s.Head, id, "Task_HeadApproval");
        Assert.That(head["candidateGroups"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("head:jsj"));
        Assert.That((await s.EmailsAsync(id)).Single().To, Is.EqualTo(Head));
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意扩容" });
        Assert.That((await s.GetAsync(s.Unit, vmPath))["vcpu"]!.GetValue<int>(), Is.EqualTo(4), "the head's approval is not the center's");

        var second = await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "vm-change", variables = new { unitCode = "jsj", vmId, changeReason = "再扩容", vcpu = 16 } });
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await second.ReadJsonAsync())["errors"]!["vmId"]![0]!.GetValue<string>(), Does.Contain("已有待审批的变更申请"), "one pending change at a time");

        await s.CompleteAsync(s.Center, id, "Task_CenterApproval", new { decision = "approve", centerOpinion = "同意，资源已预留" });
        vm = await s.GetAsync(s.Unit, vmPath);
        Assert.That((vm["vcpu"]!.GetValue<int>(), vm["purpose"]!.GetValue<string>(), vm["serviceTo"]!.GetValue<string>(), vm["memoryGb"]!.GetValue<int>()),
            Is.EqualTo((8, "学院网站和选课系统", "2030-12-31", 16)), "approved: the new values, the rest unchanged");
        change = await s.GetAsync(s.Center, changePath);
        Assert.That((change["status"]!.GetValue<string>(), change["decidedBy"]!.GetValue<string>()), Is.EqualTo(("approved", "zhongxin")));
        Assert.That(vm["instances"]!.AsArray().Select(i => i!["definitionKey"]!.GetValue<string>()), Does.Contain("vm-change"));
        Assert.That(await s.EmailsAsync(id), Does.Contain((Officer, "center@zzut.edu.cn", "【变更已批准】jsj-web-01")));
    }

    [Test]
    public async Task AChangeTheHeadRefusesLeavesTheLedgerAsItWasAndAnotherUnitsVmCannotBeAskedFor()
    {
        using var s = await Scenario.CreateAsync();
        var vmId = await VmLifecycleTests.ProvisionAsync(s);
        using var wxy = await s.App.ClientAsync("wxy-anquan", "unit", "wxy");
        var foreign = await wxy.PostJsonAsync("/api/instances", new { definitionKey = "vm-change", variables = new { unitCode = "wxy", vmId, changeReason = "x", vcpu = 8 } });
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await foreign.ReadJsonAsync())["errors"]!["vmId"]![0]!.GetValue<string>(), Does.StartWith("「虚拟机」须为台账中您可查看的虚拟机"), "another unit's VM is one wxy may not see");

        var id = (await s.StartAsync(s.Unit, "vm-change", new { unitCode = "jsj", vmId, changeReason = "扩容", diskGb = 2000 }))["id"]!.GetValue<string>();
        var done = await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "reject", headOpinion = "无预算" });
        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That((await s.GetAsync(s.Unit, $"/api/vms/{vmId}"))["diskGb"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That((await s.GetAsync(s.Unit, "/api/hosting-changes")).AsArray().Single()!["status"]!.GetValue<string>(), Is.EqualTo("rejected"));
        Assert.That((await s.EmailsAsync(id)).Select(e => e.Subject), Does.Contain("【变更未获批准】jsj-web-01"));
    }

    [Test]
    public async Task AHostedServerChangeNeedsTheHeadAndTheCenter()
    {
        using var s = await Scenario.CreateAsync();
        var created = await s.Center.PostJsonAsync("/api/hosted-servers", new
        {
            unitCode = "jsj", applicant = "李安全", applicantContact = "13800000001", serverConfiguration = "2×GPU", securityDevices = "防火墙", hostingFrom = "2026-03-02",
            hostingTo = "2029-03-01", purpose = "训练平台", serverName = "jsj-gpu-01", status = "active",
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var serverId = (await created.ReadJsonAsync())["id"]!.GetValue<string>();
        var id = (await s.StartAsync(s.Unit, "hosted-server-change", new { unitCode = "jsj", hostedServerId = serverId, changeReason = "增加显卡", serverConfiguration = "4×GPU" }))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意" });
        Assert.That((await s.GetAsync(s.Unit, $"/api/hosted-servers/{serverId}"))["serverConfiguration"]!.GetValue<string>(), Is.EqualTo("2×GPU"));
        await s.CompleteAsync(s.Center, id, "Task_CenterApproval", new { decision = "approve", centerOpinion = "机柜供电可满足" });
        Assert.That((await s.GetAsync(s.Unit, $"/api/hosted-servers/{serverId}"))["serverConfiguration"]!.GetValue<string>(), Is.EqualTo("4×GPU"));
    }

    [Test]
    public async Task TheCenterSuspendsAVmTheUnitIsToldWhyAndItIsRestoredAfterRectification()
    {
        using var s = await Scenario.CreateAsync();
        var vmId = await VmLifecycleTests.ProvisionAsync(s);
        var unitRefused = await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "vm-suspend", variables = new { vmId, state = "suspended", clause = "att5-10", reason = "x" } });
        Assert.That(unitRefused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a center procedure");

        var id = (await s.StartAsync(s.Center, "vm-suspend", new { vmId, state = "suspended", clause = "att5-8", reason = "服务器感染挖矿木马，未做处理" }))["id"]!.GetValue<string>();
        var vm = await s.GetAsync(s.Unit, $"/api/vms/{vmId}");
        Assert.That((vm["status"]!.GetValue<string>(), vm["statusReason"]!.GetValue<string>(), vm["statusChangedBy"]!.GetValue<string>()),
            Is.EqualTo(("suspended", "附件5第八条（感染病毒或木马未处理）：服务器感染挖矿木马，未做处理", "zhongxin")));
        var told = (await s.EmailsAsync(id)).Single(e => e.Subject == "【虚拟机已暂停使用】jsj-web-01");
        Assert.That((told.To, told.Cc), Is.EqualTo(($"{Officer},{Head}", "center@zzut.edu.cn")), "the unit and its head are told at once");
        Assert.That(s.Body("【虚拟机已暂停使用】jsj-web-01"), Does.Contain("感染挖矿木马"));

        var figures = await s.GetAsync(s.Office, "/api/compliance");
        Assert.That(figures["vms"]!["byStatus"]!["suspended"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(figures["vms"]!["suspended"]!.AsArray().Single()!["reason"]!.GetValue<string>(), Does.Contain("挖矿木马"));
        var csv = await (await s.Office.GetAsync("/api/compliance?format=csv")).Content.ReadAsStringAsync();
        Assert.That(csv, Does.Contain("已暂停或关停的虚拟机,jsj-web-01,计算机与人工智能学院（jsj）,,2026-03-02 09:00,已暂停,"), "in Chinese, the instant in Beijing time");
        Assert.That(csv, Does.Contain("安全事件（按口头初报时效）,事件数,,,,超时（30 分钟内未口头初报）,0"));

        var again = await s.Center.PostJsonAsync("/api/instances", new { definitionKey = "vm-suspend", variables = new { vmId, state = "suspended", clause = "att5-10", reason = "再次暂停" } });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await again.ReadJsonAsync())["errors"]!["vmId"]![0]!.GetValue<string>(), Does.Contain("不能改为"));

        await s.CompleteAsync(s.Unit, id, "Task_Rectify", new { rectificationSummary = "已查杀木马、修补漏洞" });
        await s.CompleteAsync(s.Center, id, "Task_Verify", new { decision = "restore", verifyOpinion = "复查无异常" });
        vm = await s.GetAsync(s.Unit, $"/api/vms/{vmId}");
        Assert.That((vm["status"]!.GetValue<string>(), vm["statusReason"]!.GetValue<string>()), Is.EqualTo(("active", "复查无异常")));
    }
}
