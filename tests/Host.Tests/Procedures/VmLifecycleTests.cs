using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>P4: cloud VM application, yearly re-registration and reclamation after three missed years, over simulated years.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class VmLifecycleTests(DatabaseProvider provider)
{
    private const string Officer = "anquan@jsj.zzut.edu.cn";
    private const string Head = "head@jsj.zzut.edu.cn";
    private const string CenterMailbox = "center@zzut.edu.cn";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task AnApplicationIsApprovedProvisionedAndRegisteredForTheYear()
    {
        using var s = await Scenario.CreateAsync(provider: provider);
        var instance = await s.StartAsync(s.Unit, "vm-application", Application());
        var id = instance["id"]!.GetValue<string>();
        var vmPath = $"/api/vms/{instance["variables"]!["vmId"]!.GetValue<string>()}";
        Assert.That((await s.GetAsync(s.Unit, vmPath))["status"]!.GetValue<string>(), Is.EqualTo("applying"));
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Center, id, "Task_CenterApproval", new { decision = "return", approver = "张主任", centerOpinion = "内存过大" });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "内存改为 8 GB", memoryGb = 8 });
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Center, id, "Task_CenterApproval", new { decision = "approve", approver = "张主任" });
        var done = await s.CompleteAsync(s.Center, id, "Task_Provision", new { serverName = "jsj-web-01", ipAddress = "10.10.9.31", handler = "李工" });

        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var vm = await s.GetAsync(s.Unit, vmPath);
        Assert.That((vm["status"]!.GetValue<string>(), vm["memoryGb"]!.GetValue<int>(), vm["serverName"]!.GetValue<string>(), vm["approver"]!.GetValue<string>(), vm["handler"]!.GetValue<string>()),
            Is.EqualTo(("active", 8, "jsj-web-01", "张主任", "李工")));
        Assert.That((vm["registeredYear"]!.GetValue<int>(), vm["lastRegisteredDate"]!.GetValue<string>(), vm["nextRegistrationDue"]!.GetValue<string>(), vm["consecutiveMissedYears"]!.GetValue<int>()),
            Is.EqualTo((2026, "2026-03-02", "2027-03-02", 0)));
        var registration = vm["registrations"]!.AsArray().Single()!;
        Assert.That((registration["year"]!.GetValue<int>(), registration["outcome"]!.GetValue<string>(), registration["by"]!.GetValue<string>()), Is.EqualTo((2026, "registered", "zhongxin")));
        Assert.That(await s.EmailsAsync(id), Does.Contain((Officer, string.Empty, "【虚拟机已开通】jsj-web-01")));
    }

    [Test]
    public async Task AVmReRegisteredInYearsOneAndTwoAndMissingYearThreeIsNotReclaimed()
    {
        using var s = await Scenario.CreateAsync(provider: provider);
        var vmId = await ProvisionAsync(s);
        foreach (var year in new[] { 2027, 2028 })
        {
            var id = await OpenCampaignAsync(s, vmId, year);
            Assert.That((await s.TaskAsync(s.Unit, id, "Task_Reregister"))["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(s.Now.AddDays(30)));
            await s.AdvanceAsync(TimeSpan.FromDays(12));
            // The second year the unit also asks for a change: it is registered, the ledger is not edited, and it is sent to vm-change.
            object body = year == 2027 ? new { confirmed = true } : new { confirmed = true, changeRequested = true, changeDescription = "用途增加选课系统" };
            var response = await s.Unit.PostJsonAsync($"/api/vms/{vmId}/reregister", body);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var vm = await s.GetAsync(s.Unit, $"/api/vms/{vmId}");
            Assert.That((vm["consecutiveMissedYears"]!.GetValue<int>(), vm["lastRegisteredDate"]!.GetValue<string>(), vm["purpose"]!.GetValue<string>()),
                Is.EqualTo((0, Day(s.Now), "学院网站")), "re-registering never edits the ledger");
            var emails = await s.EmailsAsync(id);
            Assert.That(emails.Any(e => e.Subject == "【变更须报批】jsj-web-01"), Is.EqualTo(year == 2028));
            Assert.That(emails.Count(e => e.Subject == "【年度备案提醒】jsj-web-01"), Is.EqualTo(1), "one reminder (day 10) before registering on day 12");
            Assert.That(emails.Select(e => e.Subject), Does.Contain("【年度备案完成】jsj-web-01"));
            await MoveToAsync(s, DateOnly.Parse(vm["nextRegistrationDue"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        }

        var third = await OpenCampaignAsync(s, vmId, 2029);
        await CloseWindowAsync(s);
        var after = await s.GetAsync(s.Center, $"/api/vms/{vmId}");
        Assert.That((after["status"]!.GetValue<string>(), after["consecutiveMissedYears"]!.GetValue<int>()), Is.EqualTo(("active", 1)));
        Assert.That(after["registrations"]!.AsArray().Select(r => (r!["year"]!.GetValue<int>(), r["outcome"]!.GetValue<string>())),
            Is.EqualTo(new[] { (2026, "registered"), (2027, "registered"), (2028, "registered"), (2029, "missed") }));
        var warning = (await s.EmailsAsync(third)).Single(e => e.Subject == "【未备案警告】jsj-web-01");
        Assert.That((warning.To, warning.Cc), Is.EqualTo((Officer, CenterMailbox)));
        Assert.That((await s.InstanceAsync(third))["status"]!.GetValue<string>(), Is.EqualTo("completed"));

        var reclaim = await s.Center.PostJsonAsync($"/api/vms/{vmId}/reclaim", new { reclaimNote = "试图回收" });
        Assert.That(reclaim.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "one missed year is no reason to reclaim");
        Assert.That((await reclaim.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("1 consecutive missed years"));
        Assert.That((await s.GetAsync(s.Center, $"/api/vms/{vmId}"))["revision"]!.GetValue<int>(), Is.EqualTo(after["revision"]!.GetValue<int>()), "nothing changed");
    }

    [Test]
    public async Task AVmMissingThreeYearsIsWarnedThreeTimesFinallyNotifiedAndReclaimedOnlyWhenTheCenterConfirms()
    {
        using var s = await Scenario.CreateAsync(provider: provider);
        var vmId = await ProvisionAsync(s);
        string campaign = string.Empty;
        foreach (var (year, count) in new[] { (2027, 1), (2028, 2), (2029, 3) })
        {
            campaign = await OpenCampaignAsync(s, vmId, year);
            await CloseWindowAsync(s);
            var vm = await s.GetAsync(s.Center, $"/api/vms/{vmId}");
            Assert.That((vm["consecutiveMissedYears"]!.GetValue<int>(), vm["nextRegistrationDue"]!.GetValue<string>()), Is.EqualTo((count, $"{year + 1}-03-02")));
            Assert.That(vm["status"]!.GetValue<string>(), Is.EqualTo(count < 3 ? "active" : "reclaim-pending"));
            var emails = await s.EmailsAsync(campaign);
            Assert.That(emails.Count(e => e.Subject == "【年度备案提醒】jsj-web-01"), Is.EqualTo(2));
            Assert.That(emails.Single(e => e.Subject == "【未备案警告】jsj-web-01").To, Is.EqualTo(Officer));
            if (count < 3)
            {
                Assert.That((await s.InstanceAsync(campaign))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
                await MoveToAsync(s, new DateOnly(year + 1, 3, 2));
            }
        }

        var final = (await s.EmailsAsync(campaign)).Single(e => e.Subject == "【最终通知】jsj-web-01 将被删除回收");
        Assert.That((final.To, final.Cc), Is.EqualTo(($"{Officer},{Head}", CenterMailbox)));
        var grace = await s.TaskAsync(s.Unit, campaign, "Task_GraceReregister");
        Assert.That(grace["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(s.Now.AddDays(30)));

        var early = await s.Center.PostJsonAsync($"/api/vms/{vmId}/reclaim", new { reclaimNote = "宽限期未满" });
        Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "not before the grace period is over");
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(30)), Is.EqualTo(1));
        Assert.That(await s.ActiveAsync(campaign), Is.EqualTo(new[] { "Task_ConfirmReclaim", "Task_GraceReregister" }));
        var confirm = await s.GetAsync(s.Center, $"/api/tasks/{(await s.TaskAsync(s.Center, campaign, "Task_ConfirmReclaim"))["id"]}");
        Assert.That((confirm["formData"]!["serverNameShown"]!.GetValue<string>(), confirm["formData"]!["missedYearsShown"]!.GetValue<string>(), confirm["formData"]!["decision"]),
            Is.EqualTo(("jsj-web-01（10.10.9.31）", "3", (System.Text.Json.Nodes.JsonNode?)null)), "the center sees what it decides on, and decides itself");
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(60)), Is.Zero);
        Assert.That((await s.GetAsync(s.Center, $"/api/vms/{vmId}"))["status"]!.GetValue<string>(), Is.EqualTo("reclaim-pending"), "nothing is reclaimed without the center's confirmation");
        var compliance = await s.GetAsync(s.Office, "/api/compliance");
        Assert.That(compliance["vms"]!["pendingReclamation"]!.AsArray().Single()!["missedYears"]!.GetValue<int>(), Is.EqualTo(3));

        Assert.That((await s.Unit.PostJsonAsync($"/api/vms/{vmId}/reclaim", new { reclaimNote = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var confirmed = await s.Center.PostJsonAsync($"/api/vms/{vmId}/reclaim", new { reclaimNote = "连续三年未备案，已最终通知，宽限期满" });
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await confirmed.Content.ReadAsStringAsync());
        var reclaimed = await s.GetAsync(s.Center, $"/api/vms/{vmId}");
        Assert.That((reclaimed["status"]!.GetValue<string>(), reclaimed["reclaimedBy"]!.GetValue<string>(), reclaimed["consecutiveMissedYears"]!.GetValue<int>()), Is.EqualTo(("reclaimed", "zhongxin", 3)));
        Assert.That(reclaimed["registrations"]!.AsArray().Select(r => r!["outcome"]!.GetValue<string>()), Is.EqualTo(new[] { "registered", "missed", "missed", "missed" }));
        Assert.That((await s.InstanceAsync(campaign))["status"]!.GetValue<string>(), Is.EqualTo("terminated"), "the terminate end event ends the unit's grace task too");
        Assert.That((await s.EmailsAsync(campaign)).Single(e => e.Subject == "【已回收】jsj-web-01").Cc, Is.EqualTo(CenterMailbox));
        var history = (await s.GetAsync(s.Center, $"/api/instances/{campaign}/history")).AsArray();
        Assert.That(history.Any(h => h!["type"]!.GetValue<string>() == "task.completed" && h["elementId"]!.GetValue<string>() == "Task_ConfirmReclaim" && h["actor"]!.GetValue<string>() == "zhongxin"), Is.True);

        var again = await s.Unit.PostJsonAsync($"/api/vms/{vmId}/reregister", new { confirmed = true });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a reclaimed VM cannot be re-registered");
        await MoveToAsync(s, new DateOnly(2030, 3, 10));
        Assert.That((await EvaluationCycleTests.RunScanAsync(s, s.Admin, "vm-reregistration-scan"))["started"]!.GetValue<int>(), Is.Zero, "no campaign for a reclaimed VM");
    }

    [Test]
    public async Task AVmReRegisteredDuringTheGracePeriodIsKeptAndItsCountReset()
    {
        using var s = await Scenario.CreateAsync(provider: provider);
        var vmId = await ProvisionAsync(s);
        string campaign = string.Empty;
        foreach (var year in new[] { 2027, 2028, 2029 })
        {
            campaign = await OpenCampaignAsync(s, vmId, year);
            await CloseWindowAsync(s);
            if (year < 2029)
            {
                await MoveToAsync(s, new DateOnly(year + 1, 3, 2));
            }
        }

        Assert.That((await s.GetAsync(s.Unit, $"/api/vms/{vmId}"))["status"]!.GetValue<string>(), Is.EqualTo("reclaim-pending"));
        await s.AdvanceAsync(TimeSpan.FromDays(31));
        Assert.That(await s.ActiveAsync(campaign), Does.Contain("Task_ConfirmReclaim"), "the grace period is over, the center has not confirmed yet");

        var response = await s.Unit.PostJsonAsync($"/api/vms/{vmId}/reregister", new { confirmed = true });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var vm = await s.GetAsync(s.Unit, $"/api/vms/{vmId}");
        Assert.That((vm["status"]!.GetValue<string>(), vm["consecutiveMissedYears"]!.GetValue<int>(), vm["lastRegisteredDate"]!.GetValue<string>()), Is.EqualTo(("active", 0, Day(s.Now))));
        Assert.That((await s.InstanceAsync(campaign))["status"]!.GetValue<string>(), Is.EqualTo("terminated"));
        Assert.That((await s.GetAsync(s.Center, $"/api/tasks?instanceId={campaign}&status=open")).AsArray(), Is.Empty, "the center's confirmation task ended with the instance");
        Assert.That((await s.EmailsAsync(campaign)).Select(e => e.Subject), Does.Contain("【已补办备案】jsj-web-01"));
        var refused = await s.Center.PostJsonAsync($"/api/vms/{vmId}/reclaim", new { reclaimNote = "迟到的确认" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await s.GetAsync(s.Unit, $"/api/vms/{vmId}"))["status"]!.GetValue<string>(), Is.EqualTo("active"));
    }

    [Test]
    public async Task ReRegisteringFindsTheTaskByItsPurposeAfterTheElementWasRenamedInAModeler()
    {
        using var s = await Scenario.CreateAsync(provider: provider);
        var shipped = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "definitions", "vm-annual-reregistration.bpmn"));
        Assert.That(shipped, Does.Contain("id=\"Task_Reregister\""));
        var renamed = shipped.Replace("\"Task_Reregister\"", "\"Activity_0k3v9xq\"", StringComparison.Ordinal).Replace("\"Task_Reregister_di\"", "\"Activity_0k3v9xq_di\"", StringComparison.Ordinal);
        var deployed = await s.Admin.DeployAsync(renamed);
        Assert.That(deployed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await deployed.Content.ReadAsStringAsync());
        var vmId = await ProvisionAsync(s);

        var campaign = await OpenCampaignAsync(s, vmId, 2027);
        Assert.That(await s.ActiveAsync(campaign), Is.EqualTo(new[] { "Activity_0k3v9xq" }), "the new version runs, with the renamed task");
        var response = await s.Unit.PostJsonAsync($"/api/vms/{vmId}/reregister", new { confirmed = true });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());

        var vm = await s.GetAsync(s.Unit, $"/api/vms/{vmId}");
        Assert.That((vm["consecutiveMissedYears"]!.GetValue<int>(), vm["lastRegisteredDate"]!.GetValue<string>(), vm["nextRegistrationDue"]!.GetValue<string>()),
            Is.EqualTo((0, Day(s.Now), "2028-03-02")));
        Assert.That(await s.HistoryElementsAsync(campaign, "task.completed"), Does.Contain("Activity_0k3v9xq"));
    }

    [Test]
    public async Task WithAPlatformHookTheConfirmedReclamationCallsItWithRetriesAndMarksTheVmOnlyAfterItSucceeded()
    {
        using var platform = new HookServer();
        using var s = await Scenario.CreateAsync(settings: new() { ["Workflows:Ledgers:VmReclaimHookUrl"] = platform.Url, ["Workflows:Engine:ExternalTaskBackoff"] = "00:01:00" }, provider: provider);
        var vmId = await ProvisionAsync(s);
        string campaign = string.Empty;
        foreach (var year in new[] { 2027, 2028, 2029 })
        {
            campaign = await OpenCampaignAsync(s, vmId, year);
            Assert.That((await s.InstanceAsync(campaign))["variables"]!["reclaimHook"]!.GetValue<bool>(), Is.True);
            await CloseWindowAsync(s);
            if (year < 2029)
            {
                await MoveToAsync(s, new DateOnly(year + 1, 3, 2));
            }
        }

        await s.AdvanceAsync(TimeSpan.FromDays(30));
        var engine = s.App.Services.GetRequiredService<Zzut.Workflows.Runtime.IWorkflowEngine>();
        platform.Answers.Enqueue(HttpStatusCode.ServiceUnavailable);
        platform.Answers.Enqueue(HttpStatusCode.OK);
        Assert.That((await s.Center.PostJsonAsync($"/api/vms/{vmId}/reclaim", new { reclaimNote = "平台删除" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await engine.RunDueExternalTasksAsync(s.Now), Is.EqualTo(1));
        Assert.That((await s.GetAsync(s.Center, $"/api/vms/{vmId}"))["status"]!.GetValue<string>(), Is.EqualTo("reclaim-pending"), "the platform refused: not reclaimed");
        Assert.That(await engine.RunDueExternalTasksAsync(s.Now), Is.Zero, "the retry waits for its back-off");
        s.App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await engine.RunDueExternalTasksAsync(s.Now), Is.EqualTo(1));

        var vm = await s.GetAsync(s.Center, $"/api/vms/{vmId}");
        Assert.That(vm["status"]!.GetValue<string>(), Is.EqualTo("reclaimed"));
        Assert.That(platform.Requests, Has.Count.EqualTo(2));
        Assert.That(platform.Requests[^1], Does.Contain(vmId).And.Contain("jsj-web-01").And.Contain("10.10.9.31"));
    }

    [Test]
    public async Task TheUnitIsRemindedOnceBeforeTheServicePeriodEnds()
    {
        using var s = await Scenario.CreateAsync(provider: provider);
        var vmId = await ProvisionAsync(s, serviceTo: "2026-04-15");
        Assert.That((await EvaluationCycleTests.RunScanAsync(s, s.Admin, "service-period-scan"))["started"]!.GetValue<int>(), Is.Zero, "44 days ahead");
        await s.AdvanceAsync(TimeSpan.FromDays(14));
        var first = await EvaluationCycleTests.RunScanAsync(s, s.Admin, "service-period-scan");
        Assert.That(first["started"]!.GetValue<int>(), Is.EqualTo(1), "30 days ahead");
        var message = (await s.GetAsync(s.Admin, "/api/outbox")).AsArray().Single(m => m!["subject"]!.GetValue<string>() == "【开通周期即将到期】jsj-web-01")!;
        Assert.That((message["to"]!.GetValue<string>(), message["id"]!.GetValue<string>()), Is.EqualTo((Officer, first["startedIds"]![0]!.GetValue<string>())));
        Assert.That(s.Body("【开通周期即将到期】jsj-web-01"), Does.Contain("开通周期至 2026-04-15").And.Contain("虚拟机变更申请").And.Not.Contain("停止服务"),
            "the policy says nothing of stopping the service: an extension is a change the center approves");
        await s.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.That((await EvaluationCycleTests.RunScanAsync(s, s.Admin, "service-period-scan"))["skipped"]!.GetValue<int>(), Is.EqualTo(1), "once per end date");

        Assert.That((await s.Center.PatchAsJsonAsync($"/api/vms/{vmId}", new { serviceTo = "2026-04-16" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await EvaluationCycleTests.RunScanAsync(s, s.Admin, "service-period-scan"))["started"]!.GetValue<int>(), Is.EqualTo(1), "a new end date, a new reminder");
    }

    /// <summary>A stand-in for the virtualization platform's reclamation endpoint on a loopback port.</summary>
    private sealed class HookServer : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Task loop;

        public HookServer()
        {
            Url = $"http://127.0.0.1:{LoopbackPort.Free()}/reclaim/";
            listener.Prefixes.Add(Url);
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public System.Collections.Concurrent.ConcurrentQueue<HttpStatusCode> Answers { get; } = new();

        public List<string> Requests { get; } = [];

        public void Dispose()
        {
            listener.Close();
            loop.Wait(TimeSpan.FromSeconds(5));
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return; // closed by Dispose
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    lock (Requests)
                    {
                        Requests.Add(reader.ReadToEnd());
                    }
                }

                context.Response.StatusCode = (int)(Answers.TryDequeue(out var status) ? status : HttpStatusCode.InternalServerError);
                context.Response.Close();
            }
        }
    }

    internal static object Application(string serviceTo = "2029-12-31") => new
    {
        unitCode = "jsj", applicant = "李安全", applicantContact = "13800000001", vmType = "centos-7-64", vcpu = 4, memoryGb = 16, diskGb = 200,
        preinstalledDatabase = "MySQL 8", serviceFrom = "2026-03-02", serviceTo, purpose = "学院网站", securityOfficer = "王院长",
        securityOfficerPhone = "0371-61910001", systemAdministrator = "张管理", systemAdministratorPhone = "0371-61910009", responsibilityLetterSigned = true,
    };

    /// <summary>Walks vm-application to an active VM registered on 2 March 2026; returns its id.</summary>
    internal static async Task<string> ProvisionAsync(Scenario s, string serviceTo = "2029-12-31")
    {
        var instance = await s.StartAsync(s.Unit, "vm-application", Application(serviceTo));
        var id = instance["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Center, id, "Task_CenterApproval", new { decision = "approve", approver = "张主任" });
        await s.CompleteAsync(s.Center, id, "Task_Provision", new { serverName = "jsj-web-01", ipAddress = "10.10.9.31", handler = "李工" });
        return instance["variables"]!["vmId"]!.GetValue<string>();
    }

    /// <summary>Runs the daily scan on the VM's due date and returns the campaign it started.</summary>
    private static async Task<string> OpenCampaignAsync(Scenario s, string vmId, int year)
    {
        await MoveToAsync(s, new DateOnly(year, 3, 2));
        var run = await EvaluationCycleTests.RunScanAsync(s, s.Admin, "vm-reregistration-scan");
        var id = run["startedIds"]!.AsArray().Single()!.GetValue<string>();
        Assert.That((await s.InstanceAsync(id))["businessKey"]!.GetValue<string>(), Is.EqualTo($"vm:{vmId}:rereg:{year}"));
        Assert.That((await EvaluationCycleTests.RunScanAsync(s, s.Admin, "vm-reregistration-scan"))["started"]!.GetValue<int>(), Is.Zero, "never two for one VM and year");
        return id;
    }

    /// <summary>Lets the 30-day window pass without a registration: reminders on days 10 and 20, the window closes on day 30.</summary>
    private static async Task CloseWindowAsync(Scenario s)
    {
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(10)), Is.EqualTo(1), "day 10: reminder");
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(10)), Is.EqualTo(1), "day 20: reminder");
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(10)), Is.EqualTo(1), "day 30: the window closes");
    }

    /// <summary>Moves the clock to 09:00 Beijing time of the date (firing what falls due on the way).</summary>
    private static async Task MoveToAsync(Scenario s, DateOnly date)
    {
        var target = new DateTimeOffset(date.ToDateTime(new TimeOnly(9, 0)), Beijing);
        if (target > s.Now)
        {
            await s.AdvanceAsync(target - s.Now);
        }
    }

    private static string Day(DateTimeOffset instant) => instant.ToOffset(Beijing).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
