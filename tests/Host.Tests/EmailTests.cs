using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Zzut.Workflows.Host.Email;
using Zzut.Workflows.Host.Jobs;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>Task notices and <c>email.send</c> through the outbox to a real SMTP server on loopback.</summary>
public sealed class EmailTests
{
    private SmtpTestServer smtp = null!;
    private WorkflowApplication app = null!;
    private HttpClient client = null!;

    [SetUp]
    public async Task SetUp()
    {
        smtp = await SmtpTestServer.StartAsync();
        app = new WorkflowApplication();
        app.Settings["Workflows:Smtp:Host"] = "127.0.0.1";
        app.Settings["Workflows:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Workflows:Smtp:Security"] = "None";
        app.Settings["Workflows:Smtp:MaxAttempts"] = "3";
        app.Settings["Workflows:Smtp:RetryBackoff"] = "00:00:30";
        app.Settings["Workflows:Email:BaseUrl"] = "https://workflows.zzut.edu.cn";
        Recipient(app, 0, "unit:jsj", "anquan@jsj.zzut.edu.cn, head@jsj.zzut.edu.cn");
        Recipient(app, 1, "role:leading-group", "lingdao@zzut.edu.cn");
        Recipient(app, 2, "role:center", "nic@zzut.edu.cn");
        client = await app.OperatorClientAsync();
        Assert.That((await client.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [TearDown]
    public void TearDown()
    {
        client.Dispose();
        app.Dispose();
        smtp.Dispose();
    }

    private static void Recipient(WorkflowApplication application, int index, string name, string addresses)
    {
        application.Settings[$"Workflows:Recipients:Entries:{index}:Name"] = name;
        application.Settings[$"Workflows:Recipients:Entries:{index}:Addresses"] = addresses;
    }

    private static WorkflowJobs Jobs(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<WorkflowJobs>();

    private async Task<string> StartAsync(string unit = "jsj", string? businessKey = null, string key = "api-review")
    {
        var response = await client.PostJsonAsync("/api/instances", new { definitionKey = key, businessKey, variables = new { unitCode = unit } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    private async Task<List<string>> OutboxIdsAsync(string? status = null) =>
        [.. (await (await client.GetAsync(status is null ? "/api/outbox" : $"/api/outbox?status={status}")).ReadJsonAsync()).AsArray().Select(m => m!["id"]!.GetValue<string>())];

    private async Task<int> SweepAsync()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(app.Clock.GetUtcNow());
    }

    [Test]
    public async Task ANewTaskIsAnnouncedToItsCandidateGroupInChineseWithALinkAndAPlainTextPart()
    {
        var instanceId = await StartAsync(businessKey: "申请-2026-001");
        var pending = await OutboxIdsAsync("pending");
        Assert.That(pending, Has.Count.EqualTo(1), "the notice was written in the step that created the task");

        using (var scope = app.Services.CreateScope())
        {
            Assert.That(await Jobs(scope).SendEmailAsync(Guid.Parse(pending[0]), CancellationToken.None), Is.EqualTo(OutboxSendOutcome.Sent));
        }

        var message = smtp.Messages().Single();
        var taskId = (await (await client.GetAsync($"/api/tasks?instanceId={instanceId}")).ReadJsonAsync())[0]!["id"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(message.Subject, Is.EqualTo("【待办】审核申请 — 审核"));
            Assert.That(message.To.Mailboxes.Select(m => m.Address), Is.EquivalentTo(new[] { "anquan@jsj.zzut.edu.cn", "head@jsj.zzut.edu.cn" }));
            Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo("noreply@zzut.edu.cn"));
            Assert.That(message.HtmlBody, Does.Contain("待办任务需要您处理"));
            Assert.That(message.HtmlBody, Does.Contain($"https://workflows.zzut.edu.cn/tasks/{taskId}"));
            Assert.That(message.HtmlBody, Does.Contain("申请-2026-001"));
            Assert.That(message.HtmlBody, Does.Contain("2026-03-02 10:00"), "the due time in Beijing time");
            Assert.That(message.TextBody, Does.Contain("办理地址：https://workflows.zzut.edu.cn/tasks/" + taskId));
            Assert.That(message.TextBody, Does.Not.Contain("<"));
            Assert.That(message.Body, Is.TypeOf<MultipartAlternative>());
        });

        var sent = (await (await client.GetAsync("/api/outbox?status=sent")).ReadJsonAsync()).AsArray().Single()!;
        Assert.That(sent["serverResponse"]!.GetValue<string>(), Does.Contain("OK").IgnoreCase);
        Assert.That(sent["instanceId"]!.GetValue<string>(), Is.EqualTo(instanceId));
    }

    [Test]
    public async Task TasksMarkedNotifyFalseSendNothingAndUnknownGroupsAreSkipped()
    {
        Assert.That((await client.DeployAsync(Fixtures.Review(key: "quiet", notify: false))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await StartAsync(key: "quiet");
        Assert.That((await client.PostJsonAsync("/api/units", new { code = "nomail", name = "无联系邮箱的单位" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await StartAsync(unit: "nomail");
        Assert.That((await (await client.GetAsync("/api/instances?status=active")).ReadJsonAsync()).AsArray(), Has.Count.EqualTo(2), "both instances wait at their task");
        Assert.That(await OutboxIdsAsync(), Is.Empty);
    }

    [Test]
    public async Task ANoticeGoesToTheAddressesTheDirectoryHasAtThatMomentAfterEveryEdit()
    {
        // A unit added, its officer changed, then a role mailbox changed: each notice after an edit uses the new address.
        Assert.That((await client.PostJsonAsync("/api/units", new { code = "newunit", name = "新设单位", officerEmail = "first@wxy.zzut.edu.cn" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await StartAsync(unit: "newunit", businessKey: "1");
        Assert.That((await client.PutAsJsonAsync("/api/units/newunit", new { name = "新设单位", officerEmail = "second@wxy.zzut.edu.cn" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await StartAsync(unit: "newunit", businessKey: "2");
        Assert.That((await client.PutAsJsonAsync("/api/role-mailboxes/office", new { name = "领导小组办公室", emails = "office-new@zzut.edu.cn" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var scope = app.Services.CreateScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<Zzut.Workflows.Activities.Email.IRecipientDirectory>();
            Assert.That(await directory.ResolveAsync(["role:office", "unit:newunit"]), Is.EquivalentTo(new[] { "office-new@zzut.edu.cn", "second@wxy.zzut.edu.cn" }));
        }

        Assert.That(await SweepAsync(), Is.EqualTo(2));
        var to = smtp.Messages().Select(m => string.Join(",", m.To.Mailboxes.Select(a => a.Address))).ToList();
        Assert.That(to, Is.EquivalentTo(new[] { "first@wxy.zzut.edu.cn", "second@wxy.zzut.edu.cn" }));
    }

    [Test]
    public async Task ABatchLongerThanTheSmtpTimeoutRenewsItsClaimSoNoSweepFlagsTheMessagesItIsStillSending()
    {
        // A server that takes 0.3 s per message, and a clock that jumps past the timeout (30 s) while the batch runs,
        // then past twice the timeout, when a sweep looks for messages whose host died while sending them.
        using var slow = await SmtpTestServer.StartAsync(TimeSpan.FromMilliseconds(300));
        client.Dispose();
        app.Dispose();
        app = new WorkflowApplication();
        app.Settings["Workflows:Smtp:Host"] = "127.0.0.1";
        app.Settings["Workflows:Smtp:Port"] = slow.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Workflows:Smtp:Security"] = "None";
        Recipient(app, 0, "unit:jsj", "anquan@jsj.zzut.edu.cn");
        client = await app.OperatorClientAsync();
        await client.DeployAsync(Fixtures.Review());
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => StartAsync(businessKey: $"s{i}")));
        var pending = (await OutboxIdsAsync("pending")).Select(Guid.Parse).ToList();
        var batch = app.Services.GetRequiredService<OutboxSender>().SendBatchAsync(pending);

        await StoredAsync(2);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await StoredAsync(4); // the batch has renewed its claim before the fourth
        app.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.That(await SweepAsync(), Is.Zero);
        var outcomes = await batch;

        Assert.That(outcomes.Values, Has.All.EqualTo(OutboxSendOutcome.Sent));
        Assert.That(await OutboxIdsAsync("failed"), Is.Empty, "none flagged as if its host had died");
        Assert.That(await OutboxIdsAsync("sent"), Has.Count.EqualTo(12));
        Assert.That(slow.Messages().Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(12));

        async Task StoredAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (slow.Messages().Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.That(slow.Messages(), Has.Count.GreaterThanOrEqualTo(count));
        }
    }

    [Test]
    public async Task SendingTheSameMessageTwiceDeliversItOnce()
    {
        await StartAsync();
        var id = Guid.Parse((await OutboxIdsAsync("pending")).Single());
        using var scope = app.Services.CreateScope();
        var outcomes = await Task.WhenAll(
            Jobs(scope).SendEmailAsync(id, CancellationToken.None),
            app.Services.GetRequiredService<OutboxSender>().SendAsync(id),
            SweepAsync().ContinueWith(t => t.Result > 0 ? OutboxSendOutcome.Sent : OutboxSendOutcome.Skipped, TaskScheduler.Default));
        Assert.That(outcomes.Count(o => o == OutboxSendOutcome.Sent), Is.EqualTo(1));
        Assert.That(await Jobs(scope).SendEmailAsync(id, CancellationToken.None), Is.EqualTo(OutboxSendOutcome.Skipped));
        Assert.That(smtp.Messages(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task WhenTheServerIsDownNoticesQueueAndArriveExactlyOnceWhenItIsBack()
    {
        await smtp.StopAsync();
        await StartAsync(businessKey: "a");
        await StartAsync(businessKey: "b");
        await StartAsync(businessKey: "c");
        Assert.That(await SweepAsync(), Is.Zero);

        var waiting = (await (await client.GetAsync("/api/outbox?status=pending")).ReadJsonAsync()).AsArray();
        Assert.That(waiting, Has.Count.EqualTo(3));
        Assert.That(waiting.All(m => m!["attempts"]!.GetValue<int>() == 1 && m["lastError"] is not null), Is.True);
        Assert.That(waiting.All(m => m!["dueAt"]!.GetValue<DateTimeOffset>() == WorkflowApplication.Start.AddSeconds(30)), Is.True, "retried after the back-off");

        await smtp.RestartAsync();
        Assert.That(await SweepAsync(), Is.Zero, "not due before the back-off has passed");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(await SweepAsync(), Is.EqualTo(3));
        Assert.That(await SweepAsync(), Is.Zero);

        var received = smtp.Messages();
        Assert.That(received, Has.Count.EqualTo(3));
        Assert.That(received.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(3));
        Assert.That(await OutboxIdsAsync("sent"), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task AMessageThatKeepsFailingIsListedAsFailedAndCanBeRequeued()
    {
        await smtp.StopAsync();
        await StartAsync();
        var id = (await OutboxIdsAsync("pending")).Single();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await SweepAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        var failed = (await (await client.GetAsync("/api/outbox?status=failed")).ReadJsonAsync()).AsArray().Single()!;
        Assert.That(failed["id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(failed["attempts"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(failed["lastError"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(await SweepAsync(), Is.Zero, "a failed message is not retried by itself");

        await smtp.RestartAsync();
        var requeued = await client.PostAsync($"/api/outbox/{id}/requeue", null);
        Assert.That(requeued.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SweepAsync(), Is.EqualTo(1));
        Assert.That(smtp.Messages(), Has.Count.EqualTo(1));
        Assert.That((await client.PostAsync($"/api/outbox/{id}/requeue", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task EmailSendActivityRendersATemplateToTheNamedRecipients()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
              <bpmn:process id="notice" isExecutable="true">
                <bpmn:startEvent id="s" camunda:formRef="notice-start" />
                <bpmn:sendTask id="mail" camunda:type="external" camunda:topic="email.send">
                  <bpmn:extensionElements><camunda:inputOutput>
                    <camunda:inputParameter name="to">role:leading-group</camunda:inputParameter>
                    <camunda:inputParameter name="cc">${'unit:' + unitCode}</camunda:inputParameter>
                    <camunda:inputParameter name="subject">【通报】${title}</camunda:inputParameter>
                    <camunda:inputParameter name="template">notice</camunda:inputParameter>
                    <camunda:inputParameter name="body">单位 ${unitCode} 未在 1 小时内书面报告事件「${title}」，已记为漏报。</camunda:inputParameter>
                  </camunda:inputOutput></bpmn:extensionElements>
                </bpmn:sendTask>
                <bpmn:endEvent id="e" />
                <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="mail" />
                <bpmn:sequenceFlow id="f2" sourceRef="mail" targetRef="e" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        var form = System.Text.Json.Nodes.JsonNode.Parse("""
            { "id": "notice-start", "type": "default", "components": [ { "type": "textfield", "key": "unitCode" }, { "type": "textfield", "key": "title" } ] }
            """)!;
        Assert.That((await client.PutAsJsonAsync("/api/forms/notice-start", form)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await client.DeployAsync(xml)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var started = await (await client.PostJsonAsync("/api/instances", new { definitionKey = "notice", variables = new { unitCode = "jsj", title = "网站被篡改" } })).ReadJsonAsync();
        Assert.That(started["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(await SweepAsync(), Is.EqualTo(1));

        var message = smtp.Messages().Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Subject, Is.EqualTo("【通报】网站被篡改"));
            Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("lingdao@zzut.edu.cn"));
            Assert.That(message.Cc.Mailboxes.Select(m => m.Address), Is.EquivalentTo(new[] { "anquan@jsj.zzut.edu.cn", "head@jsj.zzut.edu.cn" }));
            Assert.That(message.TextBody, Does.Contain("单位 jsj 未在 1 小时内书面报告事件「网站被篡改」，已记为漏报。"));
            Assert.That(message.HtmlBody, Does.Contain("已记为漏报"));
            Assert.That(message.HtmlBody, Does.Contain($"https://workflows.zzut.edu.cn/instances/{started["id"]}"), "the link is the server's: the instance's page");
        });
    }

    // Alone: it waits on a real Hangfire server and the dispatcher, whose timing a machine busy with other fixtures
    // stretches. (It once had to be alone for Hangfire's process-wide log provider too; see HangfireLogBridge.)
    [Test]
    [NonParallelizable]
    public async Task WithTheHangfireServerRunningNoticesAreSentByTheDispatcherWithoutAJobOrASweep()
    {
        client.Dispose();
        app.Dispose();
        app = new WorkflowApplication();
        app.Settings["Workflows:Hangfire:Server"] = "true";
        app.Settings["Workflows:Smtp:Host"] = "127.0.0.1";
        app.Settings["Workflows:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Workflows:Smtp:Security"] = "None";
        // A queue of one: most notices find it full and are read back from the database once it is empty.
        app.Settings["Workflows:Smtp:Dispatcher:Capacity"] = "1";
        Recipient(app, 0, "unit:jsj", "anquan@jsj.zzut.edu.cn");
        client = await app.OperatorClientAsync();
        await client.DeployAsync(Fixtures.Review());
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => StartAsync(businessKey: $"k{i}")));

        // The dispatcher sends on its own workers; wait for the deliveries and their records (the SMTP server has a
        // message a moment before the outbox row says sent), bounded.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((smtp.Messages().Count < 12 || (await OutboxIdsAsync("sent")).Count < 12) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.That(smtp.Messages(), Has.Count.EqualTo(12));
        Assert.That(await OutboxIdsAsync("sent"), Has.Count.EqualTo(12));
        var monitoring = app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var jobs = monitoring.SucceededJobs(0, 1000).Select(j => j.Value.Job)
            .Concat(monitoring.EnqueuedJobs("default", 0, 1000).Select(j => j.Value.Job))
            .Concat(monitoring.ProcessingJobs(0, 1000).Select(j => j.Value.Job))
            .Concat(monitoring.FailedJobs(0, 1000).Select(j => j.Value.Job));
        Assert.That(jobs.Where(j => j?.Method.Name == nameof(WorkflowJobs.SendEmailAsync)), Is.Empty, "no Hangfire job per e-mail");
    }

    [Test]
    public async Task ABatchGoesOverOneSmtpSessionAndTheSweepSendsFiftyToASession()
    {
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => StartAsync(businessKey: $"b{i}")));
        var pending = (await OutboxIdsAsync("pending")).Select(Guid.Parse).ToList();
        Assert.That(pending, Has.Count.EqualTo(60));

        // Twelve of them as one batch: one session, each sent once, even when asked for twice.
        var sender = app.Services.GetRequiredService<OutboxSender>();
        var outcomes = await sender.SendBatchAsync([.. pending.Take(12), pending[0]]);
        Assert.That(outcomes, Has.Count.EqualTo(12));
        Assert.That(outcomes.Values, Has.All.EqualTo(OutboxSendOutcome.Sent));
        Assert.That(smtp.Messages().Select(m => m.Headers["X-Peer"]).Distinct().Count(), Is.EqualTo(1));
        Assert.That((await sender.SendBatchAsync(pending.Take(3).ToList())).Values, Has.All.EqualTo(OutboxSendOutcome.Skipped), "sent ones are not sent again");

        // The sweep sends the other 48 in batches of at most 50: one more session.
        Assert.That(await SweepAsync(), Is.EqualTo(48));
        var received = smtp.Messages();
        Assert.That(received, Has.Count.EqualTo(60));
        Assert.That(received.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(60));
        Assert.That(received.Select(m => m.Headers["X-Peer"]).Distinct().Count(), Is.EqualTo(2));
        Assert.That(await OutboxIdsAsync("sent"), Has.Count.EqualTo(60));
    }

    [Test]
    public async Task WithoutAnSmtpHostMessagesAreWrittenToThePickupFolder()
    {
        client.Dispose();
        app.Dispose();
        app = new WorkflowApplication();
        Recipient(app, 0, "unit:jsj", "anquan@jsj.zzut.edu.cn");
        client = await app.OperatorClientAsync();
        await client.DeployAsync(Fixtures.Review());
        await StartAsync();
        Assert.That(await SweepAsync(), Is.EqualTo(1));

        var file = Directory.GetFiles(Path.Combine(app.DataPath, "mail-pickup"), "*.eml").Single();
        var message = await MimeMessage.LoadAsync(file);
        Assert.That(message.Subject, Is.EqualTo("【待办】审核申请 — 审核"));
        var sent = (await (await client.GetAsync("/api/outbox?status=sent")).ReadJsonAsync()).AsArray().Single()!;
        Assert.That(sent["serverResponse"]!.GetValue<string>(), Does.StartWith("pickup:"));
        Assert.That(smtp.Messages(), Is.Empty);
    }
}
