using System.Net;
using System.Net.Http.Headers;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Browser;

/// <summary>
/// The users pages in headless Chromium against the real host: an administrator creates a unit user, who signs in with
/// the one-time password, chooses a password on 账户 and sees only their unit's tasks; disabling ends that user's
/// session, a reset password works once, the security history shows it all; a CSV import is previewed row by row and
/// committed all or nothing; the list filters and pages; a locked account is unlocked.
/// </summary>
public sealed class UsersPagesTests
{
    [Test]
    public async Task AnAdministratorCreatesAWxyUserWhoChoosesAPasswordSeesOnlyWxysTasksAndLosesTheSessionWhenDisabled()
    {
        using var app = Chromium.StartHost(out var port);
        var baseUrl = $"http://127.0.0.1:{port}";
        using var jsj = await app.ClientAsync("jsj-anquan", Roles.Unit, "jsj");
        using var wxy = await app.ClientAsync("wxy-anquan", Roles.Unit, "wxy");
        var jsjTasks = await StartIncidentAsync(jsj, "jsj");
        var wxyTasks = await StartIncidentAsync(wxy, "wxy");
        Assert.That(jsjTasks.Intersect(wxyTasks), Is.Empty);

        using var browser = Chromium.Start(1280, 1100);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        await Chromium.SignInAsync(browser, port, "admin", "/admin/users", WorkflowApplication.AdminPassword);
        wait.Until(d => d.FindElements(By.CssSelector("#users tr[data-user='admin']")).Count == 1);
        Assert.That(browser.FindElement(By.CssSelector("#users tr[data-user='admin']")).Text, Does.Contain("系统管理员").And.Contain("正常"));

        // A new account for wxy: a wrong e-mail address is refused under its Chinese label, and nothing is created.
        browser.FindElement(By.Id("add-user")).Click();
        var dialog = wait.Until(d => d.FindElement(By.Id("user-dialog")));
        dialog.FindElement(By.CssSelector("input[name='userName']")).SendKeys("wxy-li");
        dialog.FindElement(By.CssSelector("input[name='realName']")).SendKeys("李老师");
        dialog.FindElement(By.CssSelector("input[name='email']")).SendKeys("li-at-wxy");
        dialog.FindElement(By.CssSelector("select[name='unitCode'] option[value='wxy']")).Click();
        Assert.That(dialog.FindElement(By.CssSelector("input[name='roles'][value='unit']")).Selected, Is.True, "a new account is a unit user unless changed");
        dialog.FindElement(By.CssSelector("button.primary")).Click();
        wait.Until(d => d.FindElement(By.Id("user-errors")).Displayed);
        Assert.That(browser.FindElement(By.Id("user-errors")).Text, Does.Contain("电子邮箱：须为电子邮箱"));
        Assert.That(browser.FindElements(By.CssSelector("#users tr[data-user='wxy-li']")), Is.Empty);
        dialog = wait.Until(d => d.FindElement(By.Id("user-dialog")));
        Chromium.Replace(dialog.FindElement(By.CssSelector("input[name='email']")), "li@wxy.zzut.edu.cn");
        dialog.FindElement(By.CssSelector("button.primary")).Click();

        // The one-time password is shown once.
        var shown = wait.Until(d => d.FindElement(By.Id("password-dialog")));
        var oneTime = shown.FindElement(By.Id("one-time-password")).Text.Trim();
        Assert.That(oneTime, Has.Length.GreaterThanOrEqualTo(16));
        Chromium.Screenshot(browser, "desktop-users-one-time-password");
        shown.FindElement(By.CssSelector("button.primary")).Click();
        var row = wait.Until(d => d.FindElement(By.CssSelector("#users tr[data-user='wxy-li']")));
        Assert.That(row.Text, Does.Contain("李老师").And.Contain("外国语学院").And.Contain("二级单位").And.Contain("待设置密码"));
        Assert.That(Chromium.ConsoleErrors(browser), Has.All.Contains("status of 400"), "only the refused creation");

        // The user signs in with it, is sent to 账户 to choose a password, and signs in with that.
        SignOut(browser);
        await Chromium.SignInAsync(browser, port, "wxy-li", "/", oneTime);
        wait.Until(d => d.Url.EndsWith("/account", StringComparison.Ordinal) && d.FindElements(By.Id("must-change")).Count == 1);
        Assert.That(browser.FindElement(By.Id("me")).Text, Does.Contain("外国语学院").And.Contain("二级单位"));
        browser.FindElement(By.Id("current-password")).SendKeys(oneTime);
        browser.FindElement(By.Id("new-password")).SendKeys("Li-Laoshi-2026x");
        browser.FindElement(By.Id("repeat-password")).SendKeys("Li-Laoshi-2026");
        browser.FindElement(By.Id("change-password")).Click();
        wait.Until(d => d.FindElement(By.Id("status")).Text.Contains("两次输入的新密码不一致", StringComparison.Ordinal));
        Chromium.Replace(browser.FindElement(By.Id("repeat-password")), "Li-Laoshi-2026x");
        browser.FindElement(By.Id("change-password")).Click();
        wait.Until(d => d.Url.Contains("/login", StringComparison.Ordinal));
        await Chromium.SignInAsync(browser, port, "wxy-li", "/", "Li-Laoshi-2026x");
        wait.Until(d => d.FindElement(By.Id("summary")).Text.StartsWith('共'));
        Assert.That(browser.FindElements(By.CssSelector("#tasks tbody tr")).Select(r => r.GetAttribute("data-task-id")), Is.EquivalentTo(wxyTasks), "wxy's tasks and no others");
        Assert.That(Chromium.ConsoleErrors(browser), Has.All.Contains("status of 401"), "at most the signed-out moments");

        // While the user works (a session of their own), the administrator disables the account: the next request is 401.
        using var session = await SignInAsync(app, "wxy-li", "Li-Laoshi-2026x");
        Assert.That((await session.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        SignOut(browser);
        await Chromium.SignInAsync(browser, port, "admin", "/admin/users", WorkflowApplication.AdminPassword);
        Click(wait, "wxy-li", "disable");
        wait.Until(d => d.FindElement(By.Id("status")).Text.Contains("已停用 wxy-li", StringComparison.Ordinal));
        Assert.That(browser.FindElement(By.CssSelector("#users tr[data-user='wxy-li']")).Text, Does.Contain("已停用"));
        Assert.That((await session.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "disabling ends the session");
        Assert.That((await LoginAsync(app, "wxy-li", "Li-Laoshi-2026x")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        // Enabled again and its password reset: the new one-time password signs in once.
        Click(wait, "wxy-li", "enable");
        wait.Until(d => d.FindElement(By.Id("status")).Text.Contains("已启用 wxy-li", StringComparison.Ordinal));
        Click(wait, "wxy-li", "reset");
        wait.Until(d => d.FindElement(By.Id("reset-dialog"))).FindElement(By.CssSelector("button.primary")).Click();
        shown = wait.Until(d => d.FindElement(By.Id("password-dialog")));
        var reset = shown.FindElement(By.Id("one-time-password")).Text.Trim();
        shown.FindElement(By.CssSelector("button.primary")).Click();
        Assert.That(reset, Is.Not.EqualTo(oneTime));
        Assert.That((await LoginAsync(app, "wxy-li", "Li-Laoshi-2026x")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the old password is gone");
        Assert.That((await LoginAsync(app, "wxy-li", reset)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await LoginAsync(app, "wxy-li", reset)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a reset password works once");

        // Every step is in the account's security history, in Chinese, with who did it.
        Click(wait, "wxy-li", "history");
        var history = wait.Until(d => d.FindElement(By.Id("history-dialog")));
        Assert.That(history.Text, Does.Contain("安全记录的哈希链完整"));
        var events = history.FindElements(By.CssSelector("#user-history tbody tr")).Select(r => r.Text).ToList();
        Assert.That(events, Has.Some.Contains("创建账户").And.Contains("admin"));
        Assert.That(events, Has.Some.Contains("修改密码").And.Some.Contains("停用").And.Some.Contains("启用").And.Some.Contains("重置密码").And.Some.Contains("一次性密码再次使用（已拒绝）"));
        Chromium.Screenshot(browser, "desktop-users-history");
        history.FindElement(By.CssSelector("button.primary")).Click();
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);
    }

    [Test]
    public async Task ACsvImportIsPreviewedRowByRowCommittedAllOrNothingThenFilteredPagedAndUnlocked()
    {
        // The account itself locks after this many wrong passwords from anywhere (50 by default; a pause of one address
        // is not an account lock and not listed).
        using var app = Chromium.StartHost(out var port, a => a.Settings["Workflows:Auth:AccountMaxFailedAttempts"] = "5");
        using var admin = await app.AdminClientAsync();
        using var browser = Chromium.Start(1280, 1100);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        await Chromium.SignInAsync(browser, port, "admin", "/admin/users", WorkflowApplication.AdminPassword);
        wait.Until(d => d.FindElements(By.CssSelector("#users tr[data-user='admin']")).Count == 1);

        // 22 people of wxy, one of them twice: the preview marks the row, and nothing can be committed.
        var people = Enumerable.Range(1, 22).Select(i => $"wxy-{i:00},外语{i},p{i}@wxy.zzut.edu.cn,,{(i == 7 ? "二级单位、专家" : "二级单位")}").ToList();
        var csv = "用户名,姓名,邮箱,单位代码,角色\n" + string.Join("\n", people);
        SetCsv(browser, csv + "\nwxy-03,重名,x@wxy.zzut.edu.cn,,二级单位");
        browser.FindElement(By.CssSelector("#import-unit option[value='wxy']")).Click();
        browser.FindElement(By.CssSelector("#import-delivery option[value='email']")).Click();
        browser.FindElement(By.Id("import-preview")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#import-rows tr.has-errors")).Count == 1);
        Assert.That(browser.FindElement(By.Id("import-summary")).Text, Is.EqualTo("23 行中有 1 行有错误，改正后才能导入。"));
        Assert.That(browser.FindElement(By.CssSelector("#import-rows tr.has-errors")).GetAttribute("data-line"), Is.EqualTo("24"));
        Assert.That(browser.FindElement(By.CssSelector("#import-rows tr.has-errors")).Text, Does.Contain("用户名：用户名 'wxy-03' 已被使用"));
        Assert.That(browser.FindElement(By.CssSelector("#import-rows tr[data-line='8']")).Text, Does.Contain("外国语学院").And.Contain("二级单位、专家"));
        Assert.That(browser.FindElement(By.Id("import-commit")).Enabled, Is.False);
        Chromium.Screenshot(browser, "desktop-users-import-preview");

        // Corrected, it is committed whole; the one-time passwords go out by e-mail.
        SetCsv(browser, csv);
        browser.FindElement(By.Id("import-preview")).Click();
        wait.Until(d => d.FindElements(By.Id("import-summary")).Count == 1 && d.FindElement(By.Id("import-summary")).Text == "22 行均可导入。");
        browser.FindElement(By.Id("import-commit")).Click();
        wait.Until(d => d.FindElements(By.Id("import-done")).Count == 1);
        Assert.That(browser.FindElement(By.Id("import-done")).Text, Is.EqualTo("已导入 22 个账户。"));
        var outbox = (await (await admin.GetAsync("/api/outbox")).ReadJsonAsync()).AsArray();
        Assert.That(outbox.Count(m => m!["subject"]!.GetValue<string>().EndsWith("一次性密码", StringComparison.Ordinal)), Is.EqualTo(22));

        // The list by unit, a page at a time.
        browser.FindElement(By.CssSelector("#unit-filter option[value='wxy']")).Click();
        wait.Until(d => d.FindElement(By.Id("page-info")).Text == "第 1–20 个，共 22 个账户");
        Assert.That(browser.FindElements(By.CssSelector("#users tbody tr")), Has.Count.EqualTo(20));
        browser.FindElement(By.Id("next-page")).Click();
        wait.Until(d => d.FindElement(By.Id("page-info")).Text == "第 21–22 个，共 22 个账户");
        Assert.That(browser.FindElements(By.CssSelector("#users tbody tr")).Select(r => r.GetAttribute("data-user")), Is.EqualTo(new[] { "wxy-21", "wxy-22" }));
        Assert.That(browser.FindElement(By.Id("next-page")).Enabled, Is.False);
        browser.FindElement(By.CssSelector("#role-filter option[value='expert']")).Click();
        wait.Until(d => d.FindElement(By.Id("page-info")).Text == "第 1–1 个，共 1 个账户");
        Assert.That(browser.FindElement(By.CssSelector("#users tbody tr")).GetAttribute("data-user"), Is.EqualTo("wxy-07"));

        // Five wrong passwords lock the account (the threshold set above); the page shows it and unlocks it.
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(app, "wxy-07", "wrong-" + i);
        }

        await Chromium.OpenAsync(browser, $"http://127.0.0.1:{port}/admin/users");
        browser.FindElement(By.Id("search")).SendKeys("wxy-07" + Keys.Enter);
        wait.Until(d => d.FindElement(By.Id("page-info")).Text == "第 1–1 个，共 1 个账户");
        Assert.That(browser.FindElement(By.CssSelector("#users tr[data-user='wxy-07']")).Text, Does.Contain("锁定至"));
        Click(wait, "wxy-07", "unlock");
        wait.Until(d => d.FindElement(By.Id("status")).Text.Contains("已解锁 wxy-07", StringComparison.Ordinal));
        Assert.That(browser.FindElement(By.CssSelector("#users tr[data-user='wxy-07']")).Text, Does.Contain("待设置密码").And.Not.Contain("锁定至"));
        Assert.That(Chromium.ConsoleErrors(browser), Is.Empty);
    }

    [Test]
    public async Task OnAPhoneTheAccountsAreCardsAndTheirDialogsFitTheScreen()
    {
        const int phone = 390;
        using var app = Chromium.StartHost(out var port);
        using var browser = Chromium.Start(phone, 844);
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        await Chromium.SignInAsync(browser, port, "admin", "/admin/users", WorkflowApplication.AdminPassword);
        var row = wait.Until(d => d.FindElement(By.CssSelector("#users tr[data-user='admin']")));
        Assert.That(Chromium.Script<long>(browser, "return Math.round(document.querySelector(\"#users tr[data-user='admin']\").getBoundingClientRect().right)"), Is.LessThanOrEqualTo(phone));
        Assert.That(row.FindElement(By.CssSelector("td[data-label='角色']")).Displayed, Is.True);

        // The edit dialog opens from the card and fits the screen; its fields are reachable.
        row.FindElement(By.CssSelector("button[data-action='edit']")).Click();
        var dialog = wait.Until(d => d.FindElement(By.Id("user-dialog")));
        Assert.That(Chromium.Script<long>(browser, "return Math.round(document.getElementById('user-dialog').getBoundingClientRect().right)"), Is.LessThanOrEqualTo(phone));
        Assert.That(dialog.FindElement(By.CssSelector("input[name='userName']")).Enabled, Is.False, "the user name stays");
        Assert.That(dialog.FindElement(By.CssSelector("input[name='roles'][value='admin']")).Selected, Is.True);
        dialog.FindElement(By.CssSelector("button[data-value='false']")).Click();
        wait.Until(d => d.FindElements(By.Id("user-dialog")).Count == 0);
        Assert.That(Chromium.Script<long>(browser, "return document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(phone));

        // 账户 on a phone: the password form fits and answers in Chinese.
        await Chromium.OpenAsync(browser, $"http://127.0.0.1:{port}/account");
        browser.FindElement(By.Id("current-password")).SendKeys("not-the-password");
        browser.FindElement(By.Id("new-password")).SendKeys("Admin-Passw0rd-2027");
        browser.FindElement(By.Id("repeat-password")).SendKeys("Admin-Passw0rd-2027");
        browser.FindElement(By.Id("change-password")).Click();
        wait.Until(d => d.FindElement(By.Id("status")).Text.Contains("当前密码：当前密码不正确", StringComparison.Ordinal));
        Assert.That(Chromium.Script<long>(browser, "return document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(phone));
        Assert.That(Chromium.ConsoleErrors(browser), Has.All.Contains("status of 400"), "only the refused change");
    }

    /// <summary>Clicks a row's action; the list may be re-rendered meanwhile, so a stale button is found again.</summary>
    private static void Click(WebDriverWait wait, string user, string action) =>
        wait.Until(d =>
        {
            d.FindElement(By.CssSelector($"#users tr[data-user='{user}'] button[data-action='{action}']")).Click();
            return true;
        });

    private static void SetCsv(ChromeDriver browser, string csv) =>
        browser.ExecuteScript("document.getElementById('import-csv').value = arguments[0];", csv);

    private static void SignOut(ChromeDriver browser)
    {
        browser.FindElement(By.Id("sign-out")).Click();
        new WebDriverWait(browser, TimeSpan.FromSeconds(20)).Until(d => d.Url.Contains("/login", StringComparison.Ordinal));
    }

    private static async Task<List<string>> StartIncidentAsync(HttpClient unit, string unitCode)
    {
        var started = await unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "incident-report",
            variables = new
            {
                unitCode, title = "主页被篡改", occurredAt = "2026-03-02T08:45:00+08:00", discoveredAt = "2026-03-02T08:50:00+08:00",
                category = "network-attack", description = "学院网站主页被篡改，首页出现非法链接。",
            },
        });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        var instanceId = (await started.ReadJsonAsync())["id"]!.GetValue<string>();
        List<string> tasks = [.. (await (await unit.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray().Select(t => t!["id"]!.GetValue<string>())];
        Assert.That(tasks, Is.Not.Empty);
        return tasks;
    }

    private static Task<HttpResponseMessage> LoginAsync(WorkflowApplication app, string userName, string password) =>
        app.CreateClient().PostJsonAsync("/api/auth/login", new { userName, password });

    private static async Task<HttpClient> SignInAsync(WorkflowApplication app, string userName, string password)
    {
        var response = await LoginAsync(app, userName, password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.ReadJsonAsync())["accessToken"]!.GetValue<string>());
        return client;
    }
}
