using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Email;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Browser;

/// <summary>
/// Everyday use in Chromium: the inbox tells cases apart by their titles and group tasks are claimed before they are
/// done; forms keep minutes, take Chinese phone numbers and refuse bad addresses, and a start whose end is before its
/// start is refused at the field with nothing started; the operations console finds an incident by its title and
/// retries it after a variable is fixed, and re-queues a failed e-mail.
/// </summary>
public sealed class EverydayUseTests
{
    private const string GroupWork = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
          <bpmn:process id="group-work" name="中心值班处置" isExecutable="true" camunda:candidateStarterGroups="role:center">
            <bpmn:extensionElements><camunda:properties><camunda:property name="title" value="${'值班：' + subject}" /></camunda:properties></bpmn:extensionElements>
            <bpmn:startEvent id="Start" camunda:formRef="group-work-start" />
            <bpmn:userTask id="Handle" name="值班处置" camunda:candidateGroups="role:center" camunda:formRef="group-work-note" />
            <bpmn:exclusiveGateway id="Check" default="F4" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Handle" />
            <bpmn:sequenceFlow id="F2" sourceRef="Handle" targetRef="Check" />
            <bpmn:endEvent id="Rejected" />
            <bpmn:sequenceFlow id="F3" sourceRef="Check" targetRef="End"><bpmn:conditionExpression>${decision.approved == true}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="F4" sourceRef="Check" targetRef="Rejected" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Test]
    public async Task TheInboxShowsTwoIncidentsByTitleAndAGroupTaskIsClaimedThenCompleted()
    {
        using var app = Chromium.StartHost(out var port);
        var baseUrl = $"http://127.0.0.1:{port}";
        using var unit = await app.ClientAsync("jsj-anquan", Roles.Unit, "jsj");
        foreach (var title in new[] { "主页被篡改", "邮件服务器中毒" })
        {
            var started = await unit.PostJsonAsync("/api/instances", new
            {
                definitionKey = "incident-report",
                variables = new { unitCode = "jsj", title, occurredAt = "2026-03-02T08:45:00+08:00", discoveredAt = "2026-03-02T08:50:00+08:00", category = "network-attack", description = "学院网站出现异常。" },
            });
            Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        }

        using var center = await app.ClientAsync("zhongxin", Roles.Center);
        using var colleague = await app.ClientAsync("zhongxin2", Roles.Center);
        var instanceId = await StartGroupWorkAsync(app, center);
        var taskId = (await (await center.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray().Single()!["id"]!.GetValue<string>();

        using var browser = Chromium.Start();
        var wait = Wait(browser);
        await Chromium.SignInAsync(browser, port, "jsj-anquan", "/");
        // Each incident gives the unit two tasks (the oral and the written report): four rows, told apart by title.
        wait.Until(d => d.FindElements(By.CssSelector("#tasks tbody tr")).Count == 4);
        var rows = browser.FindElements(By.CssSelector("#tasks tbody tr")).Select(r => r.Text).ToList();
        Assert.That(rows, Has.Exactly(2).Contains("主页被篡改").And.Exactly(2).Contains("邮件服务器中毒"));
        Assert.That(rows, Has.All.Contains("网络信息安全突发事件报告与处置").And.All.Contains("计算机与人工智能学院"), "the procedure and the unit by their names");
        Assert.That(rows, Has.None.Contains("incident-report"));
        Assert.That(browser.FindElement(By.Id("count-mine")).Text, Is.EqualTo("4"));
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);

        // The center: the group task is claimed in the browser, so it is the claimer's alone, and then completed.
        browser.FindElement(By.Id("sign-out")).Click();
        wait.Until(d => d.Url.Contains("/login", StringComparison.Ordinal));
        await Chromium.SignInAsync(browser, port, "zhongxin", "/?tab=group");
        wait.Until(d => d.FindElements(By.CssSelector($"#tasks tr[data-task-id='{taskId}'] .claim-button")).Count == 1);
        Assert.That(browser.FindElement(By.CssSelector($"#tasks tr[data-task-id='{taskId}']")).Text, Does.Contain("值班：机房空调告警"));
        browser.FindElement(By.CssSelector($"#tasks tr[data-task-id='{taskId}'] .claim-button")).Click();
        wait.Until(d => d.FindElement(By.CssSelector($"#tasks tr[data-task-id='{taskId}']")).Text.Contains("已由我认领", StringComparison.Ordinal));

        var taken = await colleague.PostJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { note = "我来" } });
        Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a claimed task is the claimer's");
        Assert.That((await colleague.PostAsync($"/api/tasks/{taskId}/claim", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        browser.FindElement(By.CssSelector($"#tasks tr[data-task-id='{taskId}'] a")).Click();
        wait.Until(d => d.FindElements(By.CssSelector(".fjs-form-field textarea")).Count == 1);
        browser.FindElement(By.CssSelector(".fjs-form-field textarea")).SendKeys("已联系物业恢复空调");
        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => d.FindElement(By.Id("done")).Displayed);
        var task = await (await center.GetAsync($"/api/tasks/{taskId}")).ReadJsonAsync();
        Assert.That((task["status"]!.GetValue<string>(), task["completedBy"]!.GetValue<string>()), Is.EqualTo(("completed", "zhongxin")));
        var history = (await (await center.GetAsync($"/api/instances/{instanceId}/history")).ReadJsonAsync()).AsArray();
        Assert.That(history.Select(h => (h!["type"]!.GetValue<string>(), h["actor"]?.GetValue<string>())), Does.Contain(("task.claimed", "zhongxin")));

        // 已办 lists it.
        await Chromium.OpenAsync(browser, $"{baseUrl}/done");
        Assert.That(browser.FindElement(By.CssSelector($"#tasks tr[data-task-id='{taskId}']")).Text, Does.Contain("值班处置").And.Contain("值班：机房空调告警"));
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);
    }

    [Test]
    public async Task FormsKeepMinutesTakeChinesePhoneNumbersAndRefuseABadAddress()
    {
        using var app = Chromium.StartHost(out var port);
        using var admin = await app.AdminClientAsync();
        var form = JsonNode.Parse("""
            { "id": "field-check", "type": "default", "components": [
              { "type": "datetime", "key": "at", "subtype": "datetime", "dateLabel": "日期", "timeLabel": "时间", "validate": { "required": true } },
              { "type": "textfield", "key": "mobile", "label": "手机", "validate": { "validationType": "phone", "required": true } },
              { "type": "textfield", "key": "office", "label": "办公电话", "validate": { "validationType": "phone", "required": true } },
              { "type": "textfield", "key": "address", "label": "IP 地址", "validate": { "required": true }, "properties": { "format": "ip" } } ] }
            """)!;
        Assert.That((await admin.PutAsJsonAsync("/api/forms/field-check", form)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await admin.DeployAsync("""
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
              <bpmn:process id="field-check" name="字段检查" isExecutable="true" camunda:candidateStarterGroups="role:center">
                <bpmn:startEvent id="Start" camunda:formRef="field-check" />
                <bpmn:userTask id="Work" name="办理" camunda:candidateGroups="role:center" />
                <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Work" />
              </bpmn:process>
            </bpmn:definitions>
            """)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var center = await app.ClientAsync("zhongxin", Roles.Center);

        // The server holds the same formats as the browser.
        var refused = await center.PostJsonAsync("/api/instances", new { definitionKey = "field-check", variables = new { at = "2026-03-02T05:13:00+08:00", mobile = "13800138000", office = "0371-12345678", address = "999.1.1.1" } });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await refused.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "address" }));
        var badPhone = await center.PostJsonAsync("/api/instances", new { definitionKey = "field-check", variables = new { at = "2026-03-02T05:13:00+08:00", mobile = "12345", office = "371-1234", address = "2001:db8::1" } });
        Assert.That((await badPhone.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "mobile", "office" }));

        using var browser = Chromium.Start();
        var wait = Wait(browser);
        await Chromium.SignInAsync(browser, port, "zhongxin", "/start/field-check");
        wait.Until(d => d.FindElements(By.CssSelector(".fjs-form-field input")).Count >= 5);
        var date = Input(browser, "日期");
        Assert.That(date.GetAttribute("placeholder"), Is.EqualTo("yyyy-mm-dd"), "dates are typed yyyy-MM-dd");
        date.SendKeys("2026-03-02" + Keys.Enter);
        var time = Input(browser, "时间");
        time.SendKeys("05:13");
        time.SendKeys(Keys.Tab);
        Input(browser, "手机").SendKeys("13800138000");
        Input(browser, "办公电话").SendKeys("0371-12345678");
        Input(browser, "IP 地址").SendKeys("999.1.1.1");
        browser.FindElement(By.Id("submit")).Click();
        Chromium.Screenshot(browser, "forms-refused");
        wait.Until(d => d.FindElement(By.Id("errors")).Displayed);
        Assert.That(time.GetAttribute("value"), Is.EqualTo("05:13"), "one-minute precision: 05:13 stays 05:13");
        var fieldErrors = browser.FindElements(By.CssSelector(".fjs-form-field-error")).Select(e => e.Text).Where(t => t.Length > 0).ToList();
        Assert.That(fieldErrors, Is.EqualTo(new[] { "须为 IPv4 或 IPv6 地址，如 10.0.0.1 或 2001:db8::1。" }), "only the address is refused, in Chinese");

        Chromium.Replace(Input(browser, "IP 地址"), "10.1.1.1");
        // Submitting clears the earlier message at once; the page then shows either the new instance or the server's refusal.
        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => d.FindElement(By.Id("done")).Displayed || d.FindElement(By.Id("errors")).Displayed);
        Assert.That(browser.FindElement(By.Id("done")).Displayed, Is.True, browser.FindElement(By.Id("errors")).Text);
        var instanceId = browser.FindElement(By.Id("done")).GetAttribute("data-instance-id");
        Assert.That(browser.FindElement(By.Id("new-instance")).GetAttribute("href"), Does.EndWith($"/instances/{instanceId}"));
        Assert.That(browser.FindElement(By.Id("first-task")).Text, Does.Contain("办理"), "the start links its first task");
        var variables = (await (await center.GetAsync($"/api/instances/{instanceId}")).ReadJsonAsync())["variables"]!;
        Assert.That(variables["at"]!.GetValue<string>(), Does.StartWith("2026-03-02T05:13"), "the minute typed is the minute stored (in the browser's time zone)");
        Assert.That((variables["mobile"]!.GetValue<string>(), variables["office"]!.GetValue<string>(), variables["address"]!.GetValue<string>()), Is.EqualTo(("13800138000", "0371-12345678", "10.1.1.1")));
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);
    }

    [Test]
    public async Task AVmApplicationEndingBeforeItStartsIsRefusedAtTheFieldAndNothingStarts()
    {
        using var app = Chromium.StartHost(out var port);
        using var admin = await app.AdminClientAsync();
        (await app.ClientAsync("jsj-anquan", Roles.Unit, "jsj")).Dispose();

        using var browser = Chromium.Start();
        var wait = Wait(browser);
        await Chromium.SignInAsync(browser, port, "jsj-anquan", "/start/vm-application");
        wait.Until(d => d.FindElements(By.CssSelector(".fjs-form-field")).Count > 10);
        var unitField = Field(browser, "单位");
        Assert.That(unitField.Text + string.Join(" ", unitField.FindElements(By.CssSelector("input")).Select(i => i.GetAttribute("value"))), Does.Contain("计算机与人工智能学院"), "the unit is chosen from the directory, by name");
        Input(browser, "申请人姓名").SendKeys("张老师");
        Input(browser, "申请人联系方式").SendKeys("13800138000");
        Field(browser, "所选择虚拟机类型").FindElement(By.CssSelector(".fjs-select-display, input")).Click();
        wait.Until(d => d.FindElements(By.CssSelector(".fjs-dropdownlist-item")).Count > 0);
        browser.FindElements(By.CssSelector(".fjs-dropdownlist-item")).First(i => i.Text == "CentOS 7 64bit").Click();
        Input(browser, "vCPU（核）").SendKeys("4");
        Input(browser, "vMem（GB）").SendKeys("8");
        Input(browser, "vHD（GB）").SendKeys("100");
        Input(browser, "开通周期（起）").SendKeys("2026-06-01" + Keys.Enter);
        Input(browser, "开通周期（止）").SendKeys("2026-03-01" + Keys.Enter);
        Field(browser, "服务器用途").FindElement(By.CssSelector("textarea")).SendKeys("课程实验平台");
        Input(browser, "安全责任人").SendKeys("李老师");
        Input(browser, "安全责任人联系电话").SendKeys("0371-12345678");
        Input(browser, "系统管理员").SendKeys("王老师");
        Input(browser, "系统管理员联系电话").SendKeys("13900139000");
        Field(browser, "已签署云服务（虚拟机）使用安全责任书（附件 5）").FindElement(By.CssSelector("input")).Click();
        browser.FindElement(By.Id("submit")).Click();

        wait.Until(d => d.FindElement(By.Id("errors")).Displayed && d.FindElement(By.Id("errors")).Text.Contains("开通周期（止）", StringComparison.Ordinal));
        Assert.That(browser.FindElement(By.Id("errors")).Text, Does.Contain("开通周期（止）：不能早于「开通周期（起）」").And.Not.Contain("serviceTo"));
        Assert.That(Field(browser, "开通周期（止）").Text, Does.Contain("不能早于「开通周期（起）」"), "the error is shown at the field");
        var instances = (await (await admin.GetAsync("/api/instances?definitionKey=vm-application")).ReadJsonAsync()).AsArray();
        Assert.That(instances, Is.Empty, "nothing was started");
        Assert.That(Chromium.ConsoleErrors(browser), Has.All.Contains("status of 400"), "the refused start is the only error the console shows");
    }

    [Test]
    public async Task ALevelEvaluationStartsOnAPhoneWithTheSystemChosenFromTheLedgerNotTyped()
    {
        using var app = Chromium.StartHost(out var port);
        using var center = await app.ClientAsync("zhongxin", Roles.Center);
        var ids = new Dictionary<string, string>();
        foreach (var (unitCode, name) in new[] { ("jsj", "教务系统"), ("wxy", "外语平台") })
        {
            var created = await center.PostJsonAsync("/api/systems", new { unitCode, name, proposedLevel = 3, approvedLevel = 3, status = "accepted", lastEvaluationDate = "2025-06-30" });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            ids[name] = (await created.ReadJsonAsync())["id"]!.GetValue<string>();
        }

        using var browser = Chromium.Start(width: 390);
        var wait = Wait(browser);
        await Chromium.SignInAsync(browser, port, "zhongxin", "/start/level-evaluation");
        wait.Until(d => d.FindElements(By.CssSelector(".fjs-form-field")).Count >= 2);
        Assert.That(browser.FindElement(By.TagName("body")).Text, Does.Not.Contain("台账 id"));
        Field(browser, "信息系统").FindElement(By.CssSelector(".fjs-select-display, input")).Click();
        wait.Until(d => d.FindElements(By.CssSelector(".fjs-dropdownlist-item")).Count > 0);
        var offered = browser.FindElements(By.CssSelector(".fjs-dropdownlist-item")).Select(i => i.Text).ToList();
        Assert.That(offered, Is.EquivalentTo(new[] { "教务系统（计算机与人工智能学院，3级）", "外语平台（外国语学院，3级）" }), "every system the center may see, by name, unit and level");
        browser.FindElements(By.CssSelector(".fjs-dropdownlist-item")).First(i => i.Text.StartsWith("教务系统", StringComparison.Ordinal)).Click();
        var labels = browser.FindElements(By.CssSelector(".fjs-form-field label")).Select(l => l.Text).ToList();
        Assert.That(labels, Has.None.Contains("单位").And.None.Contains("系统名称").And.None.Contains("等级"), "the chosen system determines its unit, name and level");
        Input(browser, "应测评日期").SendKeys("2026-06-30" + Keys.Enter);
        browser.FindElement(By.Id("submit")).Click();

        wait.Until(d => d.FindElement(By.Id("done")).Displayed || d.FindElement(By.Id("errors")).Displayed);
        Assert.That(browser.FindElement(By.Id("done")).Displayed, Is.True, browser.FindElement(By.Id("errors")).Text);
        var instanceId = browser.FindElement(By.Id("done")).GetAttribute("data-instance-id");
        var variables = (await (await center.GetAsync($"/api/instances/{instanceId}")).ReadJsonAsync())["variables"]!;
        Assert.That(variables["systemId"]!.GetValue<string>(), Is.EqualTo(ids["教务系统"]), "the id of the system chosen by name");
        Assert.That((variables["systemName"]!.GetValue<string>(), variables["unitCode"]!.GetValue<string>(), variables["level"]!.GetValue<int>()), Is.EqualTo(("教务系统", "jsj", 3)), "name, unit and level read from the ledger row");
        Assert.That(Chromium.Script<long>(browser, "return document.documentElement.scrollWidth;"), Is.LessThanOrEqualTo(390));
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);
    }

    [Test]
    public async Task PagesNameTheChosenSystemTheConsoleLabelsVariablesAndNobodyIsAskedToTypeAnId()
    {
        using var app = Chromium.StartHost(out var port);
        using var center = await app.ClientAsync("zhongxin", Roles.Center);
        using var unit = await app.ClientAsync("jsj-anquan", Roles.Unit, "jsj");
        var created = await center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = "一卡通系统", proposedLevel = 3, approvedLevel = 3, status = "accepted" });
        var systemId = (await created.ReadJsonAsync())["id"]!.GetValue<string>();
        var started = await unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "network-access",
            variables = new { unitCode = "jsj", systemId, classified = "no", accessPurpose = "对校内师生提供服务", requestedServices = "HTTPS 443", contactName = "李安全", contactPhone = "0371-61910001" },
        });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var id = (await started.ReadJsonAsync())["id"]!.GetValue<string>();

        using var browser = Chromium.Start(width: 390);
        var wait = Wait(browser);
        await Chromium.SignInAsync(browser, port, "zhongxin", $"/admin/instances/{id}");
        wait.Until(d => d.FindElements(By.CssSelector("#variables tr[data-name='systemId']")).Count == 1);
        string[] Cells(string name) => [.. browser.FindElements(By.CssSelector($"#variables tr[data-name='{name}'] td")).Select(c => c.GetAttribute("textContent")!.Trim())];
        Assert.That(Cells("systemId"), Is.EqualTo(new[] { "信息系统", "一卡通系统", "填写：申请接入校园网", "systemId" }), "the form's label, the system's name, the step that asked for it, the variable's name");
        Assert.That(Cells("classified"), Is.EqualTo(new[] { "是否涉密信息系统", "否", "填写：申请接入校园网", "classified" }), "a choice by its label");
        Assert.That(Cells("unitCode")[1], Is.EqualTo("计算机与人工智能学院（jsj）"));
        Assert.That(browser.FindElement(By.Id("variables")).GetAttribute("textContent"), Does.Not.Contain(systemId), "no id shown");
        Assert.That(Chromium.Script<long>(browser, "return document.documentElement.scrollWidth;"), Is.LessThanOrEqualTo(390));

        // The name links to the system's row in the ledger.
        browser.FindElement(By.CssSelector("#variables tr[data-name='systemId'] a.reference-link")).Click();
        wait.Until(d => d.FindElements(By.Id($"systems-{systemId}")).Count == 1);
        Assert.That(browser.FindElement(By.Id($"systems-{systemId}")).GetAttribute("class"), Does.Contain("target"));

        // The instance's timeline names it too.
        browser.Navigate().GoToUrl($"http://127.0.0.1:{port}/instances/{id}");
        wait.Until(d => d.FindElements(By.CssSelector("#timeline dd[data-key='systemId']")).Count == 1);
        var value = browser.FindElement(By.CssSelector("#timeline dd[data-key='systemId']"));
        Assert.That(value.Text, Is.EqualTo("一卡通系统"));
        Assert.That(value.FindElement(By.TagName("a")).GetAttribute("href"), Does.EndWith($"/ledgers#systems-{systemId}"));

        // A procedure only procedures start asks nobody for a typed id.
        browser.Navigate().GoToUrl($"http://127.0.0.1:{port}/start/security-warning-response");
        wait.Until(d => d.FindElement(By.TagName("main")).Text.Contains("无法发起该流程", StringComparison.Ordinal));
        Assert.That(browser.FindElements(By.CssSelector(".fjs-form-field")), Is.Empty);
        Assert.That(browser.FindElement(By.TagName("body")).Text, Does.Not.Contain("单位预警处置"), "not among the procedures one may start");
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);
    }

    [Test]
    public async Task TheConsoleFindsAnIncidentByTitleRetriesItAfterAFixAndRequeuesAFailedEmail()
    {
        using var app = Chromium.StartHost(out var port, a =>
        {
            a.Settings["Workflows:Smtp:Host"] = "127.0.0.1";
            a.Settings["Workflows:Smtp:Port"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
            a.Settings["Workflows:Smtp:Security"] = "None";
            a.Settings["Workflows:Smtp:MaxAttempts"] = "1";
            a.Settings["Workflows:Recipients:Entries:0:Name"] = "role:center";
            a.Settings["Workflows:Recipients:Entries:0:Addresses"] = "nic@zzut.edu.cn";
        });
        var baseUrl = $"http://127.0.0.1:{port}";
        using var admin = await app.AdminClientAsync();
        using var center = await app.ClientAsync("zhongxin", Roles.Center);
        await StartGroupWorkAsync(app, center, "机房断电告警");
        var other = await StartGroupWorkAsync(app, center, "交换机端口故障");
        var instanceId = await StartGroupWorkAsync(app, center, "配电柜维修");

        // The task of the last one is done without a decision: the gateway's condition fails, an incident.
        var taskId = (await (await center.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray().Single()!["id"]!.GetValue<string>();
        Assert.That((await center.PostJsonAsync($"/api/tasks/{taskId}/complete", new { variables = new { note = "等待审批" } })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await (await admin.GetAsync($"/api/instances/{instanceId}")).ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("incident"));

        // The e-mails of the tasks cannot be delivered (nobody listens on the SMTP port): after their one attempt they failed.
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(app.Clock.GetUtcNow());
        }

        var failed = (await (await admin.GetAsync("/api/outbox?status=failed")).ReadJsonAsync()).AsArray();
        Assert.That(failed, Has.Count.EqualTo(3));

        using var browser = Chromium.Start();
        var wait = Wait(browser);
        await Chromium.SignInAsync(browser, port, "admin", "/admin/instances", WorkflowApplication.AdminPassword);
        wait.Until(d => d.FindElement(By.Id("total")).Text == "共 3 项");
        browser.FindElement(By.Id("search-title")).SendKeys("配电");
        browser.FindElement(By.Id("search-submit")).Click();
        wait.Until(d => d.FindElement(By.Id("total")).Text == "共 1 项");
        var row = browser.FindElement(By.CssSelector("#instances tbody tr"));
        Assert.That(row.Text, Does.Contain("值班：配电柜维修").And.Contain("故障待处理").And.Contain("中心值班处置"));
        Assert.That(browser.Url, Does.Contain("title=%E9%85%8D%E7%94%B5"), "the search is in the address, to share or reload");
        row.FindElement(By.CssSelector("a")).Click();

        wait.Until(d => d.FindElements(By.CssSelector("#incidents tbody tr")).Count == 1);
        Assert.That(browser.FindElement(By.CssSelector("#incidents tbody tr")).Text, Does.Contain("Check"));
        browser.FindElement(By.Id("variable-name")).SendKeys("decision");
        browser.FindElement(By.Id("variable-value")).SendKeys("{\"approved\": true}");
        browser.FindElement(By.Id("variable-save")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#variables tr[data-name='decision']")).Count == 1);
        browser.FindElement(By.CssSelector("#incidents .retry-button")).Click();
        wait.Until(d => d.FindElement(By.Id("status")).Text == "已完成");
        var history = (await (await admin.GetAsync($"/api/instances/{instanceId}/history")).ReadJsonAsync()).AsArray();
        Assert.That(history.Select(h => (h!["type"]!.GetValue<string>(), h["actor"]?.GetValue<string>())), Does.Contain(("variables.updated", "admin")).And.Contain(("incident.resolved", "admin")));
        Assert.That((await (await admin.GetAsync($"/api/instances/{other}")).ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("active"), "the others are untouched");

        // The outbox: a failed e-mail is re-queued.
        await Chromium.OpenAsync(browser, $"{baseUrl}/admin/outbox");
        Assert.That(browser.FindElements(By.CssSelector("#messages tbody tr")), Has.Count.EqualTo(3));
        var messageId = browser.FindElement(By.CssSelector("#messages tbody tr")).GetAttribute("data-message-id");
        browser.FindElement(By.CssSelector($"#messages tr[data-message-id='{messageId}'] .requeue-button")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#messages tbody tr")).Count == 2);
        var pending = (await (await admin.GetAsync("/api/outbox?status=pending")).ReadJsonAsync()).AsArray();
        Assert.That(pending.Select(m => m!["id"]!.GetValue<string>()), Is.EqualTo(new[] { messageId }));
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);
    }

    private static async Task<string> StartGroupWorkAsync(WorkflowApplication app, HttpClient center, string subject = "机房空调告警")
    {
        using var admin = await app.AdminClientAsync();
        if ((await admin.GetAsync("/api/forms/group-work-note")).StatusCode == HttpStatusCode.NotFound)
        {
            // A start carries exactly the fields of its form: the subject is the start form's one field.
            var start = JsonNode.Parse("""{ "id": "group-work-start", "type": "default", "components": [ { "type": "textfield", "key": "subject", "label": "事由", "validate": { "required": true } } ] }""")!;
            Assert.That((await admin.PutAsJsonAsync("/api/forms/group-work-start", start)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            var form = JsonNode.Parse("""{ "id": "group-work-note", "type": "default", "components": [ { "type": "textarea", "key": "note", "label": "处置说明", "validate": { "required": true } } ] }""")!;
            Assert.That((await admin.PutAsJsonAsync("/api/forms/group-work-note", form)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            var deployed = await admin.DeployAsync(GroupWork);
            Assert.That(deployed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await deployed.Content.ReadAsStringAsync());
        }

        var started = await center.PostJsonAsync("/api/instances", new { definitionKey = "group-work", variables = new { subject } });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        return (await started.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    /// <summary>A wait that looks again when the page re-rendered under it.</summary>
    private static WebDriverWait Wait(ChromeDriver browser)
    {
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        return wait;
    }

    /// <summary>The form field whose label is <paramref name="label"/> (a required field's label ends in *).</summary>
    private static IWebElement Field(ChromeDriver browser, string label) =>
        browser.FindElement(By.XPath($"//div[contains(concat(' ', normalize-space(@class), ' '), ' fjs-form-field ')][.//label[normalize-space(.)='{label}' or normalize-space(.)='{label}*' or normalize-space(.)='{label} *']]"));

    /// <summary>The input a label is for (a date-time field has one for its date and one for its time).</summary>
    private static IWebElement Input(ChromeDriver browser, string label) =>
        browser.FindElement(By.Id(browser.FindElement(By.XPath($"//div[contains(@class,'fjs-form-field')]//label[normalize-space(.)='{label}' or normalize-space(.)='{label}*' or normalize-space(.)='{label} *']")).GetAttribute("for")!));
}
