using System.Net;
using System.Net.Http.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Browser;

/// <summary>
/// The pages in a real browser (Debian's headless Chromium through ChromeDriver) against the real host on a loopback
/// port: the link in a task e-mail (sign in, the form, a missing field, completion), the inbox, a start form, an
/// instance's diagram, timeline and history, the compliance overview and the ledgers.
/// </summary>
public sealed class WebUiTests
{
    [Test]
    public async Task AUnitHeadFollowsTheTaskLinkSignsInAndCompletesTheFormInTheBrowser()
    {
        using var app = Chromium.StartHost(out var port);
        var baseUrl = $"http://127.0.0.1:{port}";
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");
        var started = await unit.PostJsonAsync("/api/instances", new { definitionKey = "website-go-live", variables = Filing() });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        var instanceId = (await started.ReadJsonAsync())["id"]!.GetValue<string>();
        using var head = await app.ClientAsync("jsj-fuzeren", "unit-head", "jsj");
        var task = (await (await head.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray().Single()!;
        var taskId = task["id"]!.GetValue<string>();

        using var browser = Chromium.Start();
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await browser.Navigate().GoToUrlAsync($"{baseUrl}/tasks/{taskId}");

        // Not signed in: the page sends the browser to sign in, and back.
        // The sign-in page draws its form after its module loads.
        wait.Until(d => d.Url.Contains("/login", StringComparison.Ordinal) && d.FindElements(By.Id("userName")).Count == 1);
        browser.FindElement(By.Id("userName")).SendKeys("jsj-fuzeren");
        browser.FindElement(By.Id("password")).SendKeys("wrong-password");
        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => d.FindElement(By.Id("error")).Displayed);
        Assert.That(browser.FindElement(By.Id("error")).Text, Does.Contain("用户名或密码错误"));
        browser.FindElement(By.Id("password")).Clear();
        browser.FindElement(By.Id("password")).SendKeys("jsj-fuzeren-Passw0rd-2026");
        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => d.Url.EndsWith($"/tasks/{taskId}", StringComparison.Ordinal));

        // The task and its form (the same schema the server validates against).
        wait.Until(d => d.FindElement(By.Id("title")).Text == "所在单位负责人审核");
        wait.Until(d => d.FindElements(By.CssSelector(".fjs-form-field")).Count >= 2);
        Assert.That(browser.FindElement(By.Id("form")).Text, Does.Contain("审核结论").And.Contain("所在单位意见"));
        Assert.That(browser.FindElement(By.Id("user")).Text, Does.Contain("jsj-fuzeren"));

        // Submitting without the required fields is stopped in the browser; nothing reaches the server.
        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => d.FindElement(By.Id("errors")).Displayed);
        Assert.That(browser.FindElements(By.CssSelector(".fjs-form-field-error")), Is.Not.Empty);
        Assert.That((await (await head.GetAsync($"/api/tasks/{taskId}")).ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("open"));

        browser.FindElement(By.XPath("//div[contains(@class,'fjs-form-field-radio')]//label[normalize-space()='同意']")).Click();
        browser.FindElement(By.CssSelector("textarea")).SendKeys("同意上线");
        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => d.FindElement(By.Id("done")).Displayed);
        Assert.That(browser.FindElement(By.Id("done")).Text, Does.Contain("任务完成"));

        var completed = await (await head.GetAsync($"/api/tasks/{taskId}")).ReadJsonAsync();
        Assert.That((completed["status"]!.GetValue<string>(), completed["completedBy"]!.GetValue<string>()), Is.EqualTo(("completed", "jsj-fuzeren")));
        var instance = await (await unit.GetAsync($"/api/instances/{instanceId}")).ReadJsonAsync();
        Assert.That(instance["activeElementIds"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "Task_CenterReview" }));
        Assert.That(instance["variables"]!["unitOpinion"]!.GetValue<string>(), Is.EqualTo("同意上线"));

        // The instance page: the diagram with the completed and the active element marked, and the intact history.
        browser.FindElement(By.Id("instance-link")).Click();
        wait.Until(d => d.FindElements(By.CssSelector(".djs-element.zzut-active")).Count > 0);
        Assert.That(browser.FindElements(By.CssSelector(".djs-element.zzut-active")).Select(e => e.GetAttribute("data-element-id")), Is.EqualTo(new[] { "Task_CenterReview" }));
        Assert.That(browser.FindElements(By.CssSelector(".djs-element.zzut-done")).Select(e => e.GetAttribute("data-element-id")), Does.Contain("Task_HeadApproval").And.Contain("Task_Register"));
        // The timeline: the start and the decision, who and the submitted values by their form labels.
        var decision = browser.FindElements(By.CssSelector("#timeline li[data-type='task.completed']")).Single();
        Assert.That(decision.Text, Does.Contain("所在单位负责人审核").And.Contain("jsj-fuzeren").And.Contain("审核结论").And.Contain("同意").And.Contain("所在单位意见").And.Contain("同意上线"));
        Assert.That(decision.Text, Does.Not.Contain("approve"), "choices by their labels");
        Assert.That(browser.FindElement(By.CssSelector("#timeline li[data-type='instance.started']")).Text, Does.Contain("发起流程").And.Contain("网站域名").And.Contain("jsj.zzut.edu.cn"));

        Chromium.Screenshot(browser, "desktop-instance");

        // The element-level history and its chain check, one click away.
        Assert.That(browser.FindElement(By.Id("history")).Displayed, Is.False);
        browser.FindElement(By.CssSelector("#history-details summary")).Click();
        wait.Until(d => d.FindElement(By.Id("verify")).Text.Length > 0);
        Assert.That(browser.FindElement(By.Id("verify")).Text, Does.Contain("哈希链完整"));
        Assert.That(browser.FindElements(By.CssSelector("#history tbody tr")).Any(r => r.Text.Contains("完成任务", StringComparison.Ordinal) && r.Text.Contains("jsj-fuzeren", StringComparison.Ordinal)), Is.True);

        // Back in the inbox the task is gone; opening its link again says it was done.
        await browser.Navigate().GoToUrlAsync($"{baseUrl}/");
        wait.Until(d => d.FindElement(By.Id("summary")).Text == "没有待办任务。");
        await browser.Navigate().GoToUrlAsync($"{baseUrl}/tasks/{taskId}");
        wait.Until(d => d.FindElement(By.Id("done")).Displayed);
        Assert.That(browser.FindElement(By.Id("done")).Text, Does.Contain("jsj-fuzeren"));
    }

    [TestCase(390, 844, TestName = "TheExpertReviewingAHostedServerFilingOnAPhoneSeesTheApplicationAndTheHeadsOpinionReadOnlyAndAnEmptyDecision")]
    [TestCase(1280, 1600, TestName = "TheExpertReviewingAHostedServerFilingOnADesktopSeesTheApplicationAndTheHeadsOpinionReadOnlyAndAnEmptyDecision")]
    public async Task TheExpertReviewingAHostedServerFilingSeesTheApplicationAndTheHeadsOpinionReadOnlyAndAnEmptyDecision(int width, int height)
    {
        using var app = Chromium.StartHost(out var port);
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");
        using var expert = await app.ClientAsync("zhuanjia", "expert");
        var started = await unit.PostJsonAsync("/api/instances", new { definitionKey = "hosted-server-filing", variables = Procedures.HostedServerFilingTests.Filing() });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        var instanceId = (await started.ReadJsonAsync())["id"]!.GetValue<string>();
        using var unitHead = await app.ClientAsync("jsj-fuzeren", "unit-head", "jsj");
        var head = (await (await unitHead.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray().Single()!;
        var approved = await unitHead.PostJsonAsync($"/api/tasks/{head["id"]}/complete", new { variables = new { decision = "approve", unitOpinion = "同意托管，确需 GPU" } });
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        var review = (await (await expert.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray().Single()!;

        using var browser = Chromium.Start(width, height);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await Chromium.SignInAsync(browser, port, "zhuanjia", $"/tasks/{review["id"]}");
        wait.Until(d => d.FindElements(By.CssSelector("#case article.case-entry")).Count == 2);
        wait.Until(d => d.FindElements(By.CssSelector(".fjs-form-field-radio input[type=radio]")).Count == 2);

        // The case, newest first and read-only: the head's opinion, then the application.
        var entries = browser.FindElements(By.CssSelector("#case article.case-entry"));
        Assert.That(entries.Select(e => e.GetAttribute("data-element-id")), Is.EqualTo(new[] { "Task_HeadApproval", "Start" }));
        Assert.That(entries[0].Text, Does.Contain("负责人审核").And.Contain("审核结论").And.Contain("同意").And.Contain("同意托管，确需 GPU").And.Contain("jsj-fuzeren"));
        Assert.That(entries[1].Text, Does.Contain("申请托管服务器").And.Contain("计算机与人工智能学院（jsj）").And.Contain("服务器配置").And.Contain("2×GPU, 256 GB").And.Contain("深度学习训练平台"));
        Assert.That(browser.FindElements(By.CssSelector("#case input, #case textarea, #case select")), Is.Empty, "nothing in the case can be edited");
        Assert.That(entries[1].Text, Does.Not.Contain("responsibilityLetterSigned").And.Not.Contain("true"), "fields by their labels, 是/否 for a tick");

        // The case comes before the decision form, and on a phone nothing is wider than the screen.
        Assert.That(browser.FindElement(By.Id("case")).Location.Y, Is.LessThan(browser.FindElement(By.Id("form")).Location.Y));
        Assert.That(Chromium.Script<long>(browser, "return document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(width));
        Chromium.Screenshot(browser, $"{(width < 500 ? "phone" : "desktop")}-task-case");

        // The expert's own decision starts empty: nothing is ticked, the opinion is blank.
        Assert.That(browser.FindElements(By.CssSelector(".fjs-form-field-radio input[type=radio]")).Where(r => r.Selected), Is.Empty);
        Assert.That(browser.FindElement(By.CssSelector("#form textarea")).GetAttribute("value"), Is.Empty);

        // Submitting without choosing does not approve: the browser stops it, and the task stays open.
        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => d.FindElement(By.Id("errors")).Displayed);
        Assert.That((await (await expert.GetAsync($"/api/tasks/{review["id"]}")).ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("open"));
    }

    [Test]
    public async Task AnExpertReviewingASystemApplicationOpensTheGradingReportFromItsLink()
    {
        using var app = Chromium.StartHost(out var port);
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");
        using var expert = await app.ClientAsync("zhuanjia", "expert");
        const string report = "https://pan.zzut.edu.cn/s/jwxt-grading-2026.pdf";
        var application = Procedures.SystemGradingFilingTests.Application(3) with { gradingReport = report };
        var started = await unit.PostJsonAsync("/api/instances", new { definitionKey = "system-grading-filing", variables = application });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        var instanceId = (await started.ReadJsonAsync())["id"]!.GetValue<string>();
        using var unitHead = await app.ClientAsync("jsj-fuzeren", "unit-head", "jsj");
        var headTask = (await (await unitHead.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray().Single()!;
        var approved = await unitHead.PostJsonAsync($"/api/tasks/{headTask["id"]}/complete", new { variables = new { decision = "approve", headOpinion = "同意申报" } });
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approved.Content.ReadAsStringAsync());
        var review = (await (await expert.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray().Single()!;

        using var browser = Chromium.Start(390, 844);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await Chromium.SignInAsync(browser, port, "zhuanjia", $"/tasks/{review["id"]}");
        wait.Until(d => d.FindElements(By.CssSelector("#case article.case-entry")).Count == 2);

        // The application is the oldest entry, after the head's approval.
        var entry = browser.FindElement(By.CssSelector("#case article.case-entry[data-element-id='Start']"));
        Assert.That(entry.Text, Does.Contain("定级报告（摘要或文档链接）").And.Contain("教务管理系统").And.Contain("学生选课与成绩管理"));
        var link = entry.FindElement(By.CssSelector("dd[data-key='gradingReport'] a"));
        Assert.That((link.Text, link.GetAttribute("href"), link.GetAttribute("rel")), Is.EqualTo((report, report, "noopener noreferrer")));
        // A text that only mentions an address stays text: only a whole http(s) address becomes a link.
        Assert.That(entry.FindElements(By.CssSelector("dd[data-key='businessNeed'] a")), Is.Empty);
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);
    }

    [Test]
    public async Task TheInstancePageOfACallMarksTheCallAndLinksToTheCalledInstance()
    {
        using var app = Chromium.StartHost(out var port);
        using var admin = await app.AdminClientAsync();
        Assert.That((await admin.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await admin.DeployAsync(Fixtures.Caller("api-review"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var started = await admin.PostJsonAsync("/api/instances", new { definitionKey = "api-caller", variables = new { unitCode = "jsj" } });
        var parentId = (await started.ReadJsonAsync())["id"]!.GetValue<string>();
        var childId = (await (await admin.GetAsync($"/api/instances/{parentId}")).ReadJsonAsync())["calledInstances"]![0]!["id"]!.GetValue<string>();

        using var browser = Chromium.Start();
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await Chromium.SignInAsync(browser, port, "admin", $"/instances/{parentId}", WorkflowApplication.AdminPassword);
        wait.Until(d => d.FindElements(By.CssSelector(".djs-element.zzut-active")).Count > 0);
        Assert.That(browser.FindElements(By.CssSelector(".djs-element.zzut-active")).Select(e => e.GetAttribute("data-element-id")), Is.EqualTo(new[] { "call" }));
        Assert.That(browser.FindElement(By.CssSelector("#timeline li[data-type='call.started']")).Text, Does.Contain("启动子流程"));

        Assert.That(browser.FindElement(By.CssSelector("#called-instances a.called-link")).GetAttribute("href"), Does.EndWith($"/instances/{childId}"));
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);
    }

    [Test]
    public async Task TheInboxListsOnlyTheSignedInUsersTasksWithLinks()
    {
        using var app = Chromium.StartHost(out var port);
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");
        using var other = await app.ClientAsync("wxy-anquan", "unit", "wxy");
        await unit.PostJsonAsync("/api/instances", new { definitionKey = "website-go-live", variables = Filing() });
        await other.PostJsonAsync("/api/instances", new { definitionKey = "website-go-live", variables = Filing() with { unitCode = "wxy", domain = "wxy.zzut.edu.cn" } });
        (await app.ClientAsync("wxy-fuzeren", "unit-head", "wxy")).Dispose();

        using var browser = Chromium.Start();
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await Chromium.SignInAsync(browser, port, "wxy-fuzeren", "/");
        wait.Until(d => d.FindElement(By.Id("summary")).Text.StartsWith('共'));
        var rows = browser.FindElements(By.CssSelector("#tasks tbody tr"));
        Assert.That(rows, Has.Count.EqualTo(1), "only the task of wxy's head");
        var link = rows[0].FindElement(By.CssSelector("a"));
        Assert.That((link.Text, link.GetAttribute("href")), Is.EqualTo(("所在单位负责人审核", $"http://127.0.0.1:{port}/tasks/{rows[0].GetAttribute("data-task-id")}")));
    }

    [Test]
    public async Task AUnitStartsAProcedureFromItsStartFormAndSeesTheServersFieldErrors()
    {
        using var app = Chromium.StartHost(out var port);
        using var admin = await app.AdminClientAsync();
        var form = new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "browser-start-form",
            ["type"] = "default",
            ["components"] = System.Text.Json.Nodes.JsonNode.Parse("""
                [ { "type": "textfield", "key": "title", "label": "事项", "validate": { "required": true } },
                  { "type": "textfield", "key": "unitCode", "label": "单位代码", "validate": { "required": true }, "properties": { "ref": "unit" } } ]
                """),
        };
        Assert.That((await admin.PutAsJsonAsync("/api/forms/browser-start-form", form)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var deployed = await admin.DeployAsync("""
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
              <bpmn:process id="browser-start" name="浏览器发起" isExecutable="true" camunda:candidateStarterGroups="role:unit">
                <bpmn:startEvent id="Start" camunda:formRef="browser-start-form" />
                <bpmn:userTask id="Work" name="办理" camunda:candidateGroups="${'unit:' + unitCode}" />
                <bpmn:endEvent id="End" />
                <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Work" />
                <bpmn:sequenceFlow id="F2" sourceRef="Work" targetRef="End" />
              </bpmn:process>
            </bpmn:definitions>
            """);
        Assert.That(deployed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await deployed.Content.ReadAsStringAsync());
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");

        using var browser = Chromium.Start();
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await Chromium.SignInAsync(browser, port, "jsj-anquan", "/");
        browser.FindElement(By.CssSelector("#menu a[href='/start']")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#startable a")).Any(a => a.Text == "浏览器发起"));
        browser.FindElements(By.CssSelector("#startable a")).Single(a => a.Text == "浏览器发起").Click();
        wait.Until(d => d.FindElements(By.CssSelector(".fjs-form-field input")).Count == 2);
        var inputs = browser.FindElements(By.CssSelector(".fjs-form-field input"));
        Assert.That(inputs[1].GetAttribute("value"), Is.EqualTo("计算机与人工智能学院"), "the unit is filled in for a unit user, chosen from the directory by name");

        // The browser checks what the form says (required); the unit is chosen from the directory, by name.
        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => d.FindElement(By.Id("errors")).Displayed);
        Assert.That(browser.FindElements(By.CssSelector(".fjs-form-field-error")).Select(e => e.Text), Has.Some.EqualTo("必填。"), "form-js speaks Chinese");
        inputs[0].SendKeys("网站备案材料");
        Assert.That((await (await admin.GetAsync("/api/instances?definitionKey=browser-start")).ReadJsonAsync()).AsArray(), Is.Empty, "nothing was started");

        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => d.FindElement(By.Id("done")).Displayed);
        var instanceId = browser.FindElement(By.Id("done")).GetAttribute("data-instance-id");
        var instance = await (await unit.GetAsync($"/api/instances/{instanceId}")).ReadJsonAsync();
        Assert.That((instance["variables"]!["title"]!.GetValue<string>(), instance["variables"]!["unitCode"]!.GetValue<string>()), Is.EqualTo(("网站备案材料", "jsj")));
        Assert.That(instance["activeElementIds"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("Work"));
    }

    [Test]
    public async Task TheLeadingGroupReadsTheComplianceOverviewAndAUnitOnlyItsOwnLedgers()
    {
        using var app = Chromium.StartHost(out var port);
        using var center = await app.ClientAsync("zhongxin", "center");
        await app.ClientAsync("lingdao", "leading-group");
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");
        Assert.That((await center.PostJsonAsync("/api/systems", new { unitCode = "wxy", name = "外语平台", proposedLevel = 2 })).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        // The standing duties: 计算机与人工智能学院 held a training this year; the others did not.
        var training = await unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "security-training",
            variables = new { unitCode = "jsj", trainingDate = "2026-02-20", topic = "钓鱼邮件防范", trainer = "张工", attendees = "李雷、韩梅梅", attendeeCount = 2 },
        });
        Assert.That(training.StatusCode, Is.EqualTo(HttpStatusCode.Created), await training.Content.ReadAsStringAsync());
        foreach (var (name, level, last) in new[] { ("门户网站", 2, "2024-01-10"), ("一卡通", 3, "2026-01-10") })
        {
            var created = await center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name, proposedLevel = level, approvedLevel = level, status = "accepted", lastEvaluationDate = last });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var browser = Chromium.Start();
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await Chromium.SignInAsync(browser, port, "lingdao", "/");
        browser.FindElement(By.CssSelector("#menu a[href='/compliance']")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#systems-by-level tbody tr")).Count == 2);
        Assert.That(browser.FindElements(By.CssSelector("#systems-by-level tbody tr")).Select(r => r.Text), Is.EqualTo(new[] { "第二级 2 0 1 0 1", "第三级 1 0 1 0 0" }));
        Assert.That(browser.FindElement(By.CssSelector("#overdue-evaluations tbody")).Text, Does.Contain("门户网站").And.Contain("计算机与人工智能学院").And.Contain("2026-01-10"));
        Assert.That(browser.FindElement(By.CssSelector("a[download]")).GetAttribute("href"), Does.EndWith("/api/compliance?format=csv"));

        // The duties' lines, in Chinese: units by name, never by code.
        Assert.That(browser.FindElement(By.Id("duties-summary")).Text, Does.Contain("本年应急演练 0 次（最近一次：无）").And.Contain("本年开展安全培训的单位 1/5"));
        var untrained = browser.FindElement(By.CssSelector("#untrained tbody")).Text;
        Assert.That(untrained, Does.Contain("外国语学院").And.Not.Contain("计算机与人工智能学院").And.Not.Contain("wxy"));
        Assert.That(browser.FindElements(By.CssSelector("#letters-missing tbody tr")), Has.Count.EqualTo(5), "no unit has a letter 一 in force");
        Assert.That(browser.FindElement(By.CssSelector("#letters-missing tbody")).Text, Does.Contain("计算机与人工智能学院").And.Not.Contain("jsj"));
        Chromium.Screenshot(browser, "desktop-compliance");

        browser.FindElement(By.Id("sign-out")).Click();
        wait.Until(d => d.Url.Contains("/login", StringComparison.Ordinal));
        await Chromium.SignInAsync(browser, port, "jsj-anquan", "/compliance");
        wait.Until(d => d.FindElements(By.Id("status-title")).Count == 1);
        Assert.That(browser.FindElement(By.Id("status-title")).Text, Is.EqualTo("无权访问"));
        Assert.That(browser.FindElement(By.Id("status-message")).Text, Does.Contain("「合规概况」仅"));
        Assert.That(browser.FindElements(By.CssSelector("a[download]")), Is.Empty, "no CSV link for those who may not download it");

        // The unit reads its own ledger rows instead; its menu has no 合规概况.
        Assert.That(browser.FindElements(By.CssSelector("#menu a")).Select(a => a.GetAttribute("href")), Has.None.EndsWith("/compliance"));
        browser.FindElement(By.CssSelector("#menu a[href='/ledgers']")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#systems tbody tr")).Count == 2);
        Assert.That(browser.FindElement(By.Id("meta")).Text, Does.Contain("本单位（计算机与人工智能学院）"));
        Assert.That(browser.FindElement(By.CssSelector("#systems tbody")).Text, Does.Contain("门户网站").And.Contain("一卡通").And.Contain("已验收").And.Contain("第三级"));
        Assert.That(browser.FindElement(By.CssSelector("#systems tbody")).Text, Does.Not.Contain("accepted"));
        Chromium.Screenshot(browser, "desktop-ledgers-unit");
    }

    private sealed record FilingVariables(
        string unitCode, string unitName, string responsibleLeader, string leaderPhone, string domain, string siteLanguage, string runtime,
        string mainColumns, string serverLocation, string buildMethod, string adminName, string adminPhone,
        string adminEmail, string adminMobile, string applicationDate, bool responsibilityLetterSigned);

    private static FilingVariables Filing() => new(
        "jsj", "计算机与人工智能学院", "王院长", "0371-61910001", "jsj.zzut.edu.cn", "Java", "Tomcat 9", "学院概况、新闻动态",
        "校园网络机房", "site-cluster", "张管理", "0371-61910009", "webmaster@jsj.zzut.edu.cn", "13800000000", "2026-03-02", true);
}
