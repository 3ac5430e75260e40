using System.Net;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Browser;

/// <summary>
/// Every page as every role sees it, on a phone-sized screen (390 px) in headless Chromium: the header's menu lists
/// exactly the role's entries, nothing is wider than the screen, the header keeps to two short lines, and the browser's
/// console shows no error (failed requests included) — signed out too.
/// </summary>
public sealed class NavigationTests
{
    private const int PhoneWidth = 390;

    private static readonly string[] Everybody = ["待办", "我发起的", "已办", "发起流程"];
    private static readonly string[] Overseer = [.. Everybody, "台账", "合规概况", "值班", "年度报告"];
    private static readonly string[] UnitMenu = [.. Everybody, "台账", "值班"];

    /// <summary>The last entry of every signed-in menu.</summary>
    private const string Account = "账户";

    /// <summary>The administration pages (the designer and the form editor scroll inside their boxes on a phone).</summary>
    private static readonly string[] AdminPages =
    [
        "/admin", "/admin/definitions", "/admin/definitions/incident-report", "/admin/definitions/incident-report/edit", "/admin/definitions/new",
        "/admin/forms", "/admin/forms/incident-report-start/edit", "/admin/units", "/admin/role-mailboxes", "/admin/calendar", "/admin/evaluation-periods",
        "/admin/users",
    ];

    [Test]
    public async Task EveryRoleSeesItsMenuOnEveryPageThatFitsAPhoneWithoutConsoleErrors()
    {
        using var app = Chromium.StartHost(out var port);
        var baseUrl = $"http://127.0.0.1:{port}";
        using var admin = await app.AdminClientAsync();
        using var unit = await app.ClientAsync("jsj-anquan", Roles.Unit, "jsj");
        using var center = await app.ClientAsync("zhongxin", Roles.Center);
        foreach (var (user, role) in new[] { ("lingdao", Roles.LeadingGroup), ("bangongshi", Roles.Office), ("zhuanjia", Roles.Expert), ("gongsi", Roles.Vendor) })
        {
            (await app.ClientAsync(user, role)).Dispose();
        }

        (await app.ClientAsync("jsj-fuzeren", Roles.UnitHead, "jsj")).Dispose();

        // Something on every page: an incident (its tasks, its instance, its ledger row) and a system.
        var started = await unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "incident-report",
            variables = new
            {
                unitCode = "jsj", title = "主页被篡改", occurredAt = "2026-03-02T08:45:00+08:00", discoveredAt = "2026-03-02T08:50:00+08:00",
                category = "network-attack", description = "学院网站主页被篡改，首页出现非法链接。",
            },
        });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        var instanceId = (await started.ReadJsonAsync())["id"]!.GetValue<string>();
        var taskId = (await (await unit.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync()).AsArray()[0]!["id"]!.GetValue<string>();
        Assert.That((await center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = "一卡通系统很长的名称用来检验窄屏上的表格不会撑宽页面", proposedLevel = 3, approvedLevel = 3, status = "accepted", lastEvaluationDate = "2026-01-10" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var missing = "/no-such-page";
        var instance = $"/instances/{instanceId}";
        string[] lists = ["/started", "/done"];
        string[] operations = ["/admin/instances", $"/admin/instances/{instanceId}", "/admin/incidents"];
        var roles = new (string User, string? Password, string[] Menu, string[] Pages)[]
        {
            ("admin", WorkflowApplication.AdminPassword, [.. Overseer, "运维", "管理", Account], ["/", "/?tab=group", .. lists, "/start", "/start/incident-report", instance, "/ledgers", "/compliance", "/duty", "/reports", "/reports/2026", .. operations, "/admin/outbox", "/admin/jobs", .. AdminPages, "/account", missing]),
            ("lingdao", null, [.. Overseer, Account], ["/", .. lists, "/start", instance, "/ledgers", "/compliance", "/duty", "/reports", "/account", missing]),
            ("bangongshi", null, [.. Overseer, Account], ["/", .. lists, "/start", "/start/incident-report", instance, "/ledgers", "/compliance", "/duty", "/reports", missing]),
            ("zhongxin", null, [.. Overseer, "运维", Account], ["/", "/?tab=group", .. lists, "/start", "/start/incident-report", instance, "/ledgers", "/compliance", "/duty", "/reports", .. operations, missing]),
            ("jsj-anquan", null, [.. UnitMenu, Account], ["/", "/?tab=group", .. lists, "/start", "/start/incident-report", $"/tasks/{taskId}", instance, "/ledgers", "/duty", "/account", missing]),
            ("jsj-fuzeren", null, [.. UnitMenu, Account], ["/", .. lists, "/start", "/start/incident-tip", "/ledgers", "/duty", "/account", missing]),
            ("zhuanjia", null, [.. Everybody, Account], ["/", .. lists, "/start", "/start/incident-tip", "/account", missing]),
            ("gongsi", null, [.. Everybody, Account], ["/", .. lists, "/start", "/start/incident-tip", missing]),
        };

        using var browser = Chromium.Start(PhoneWidth, 844);
        var failures = new List<string>();

        // Signed out: every page sends the browser to sign in; the sign-in page itself is clean and fits.
        await Chromium.OpenAsync(browser, $"{baseUrl}/ledgers");
        Assert.That(browser.Url, Does.EndWith("/login?returnUrl=%2Fledgers"));
        Assert.That(browser.FindElement(By.Id("sign-in-required")).Text, Does.Contain("请先登录"));
        Assert.That(Chromium.Script<long>(browser, "return window.innerWidth"), Is.EqualTo(PhoneWidth), "the window is a phone's width");
        Check(browser, "signed out: /login", [], failures);

        foreach (var (user, password, menu, pages) in roles)
        {
            await Chromium.SignInAsync(browser, port, user, "/", password);
            foreach (var page in pages)
            {
                await Chromium.OpenAsync(browser, baseUrl + page);
                Check(browser, $"{user}: {page}", menu, failures, allowedErrors: page == missing ? 1 : 0);
                Chromium.Screenshot(browser, $"phone-{user}-{page.Trim('/').Replace('/', '-')}");
            }

            // The folded menu opens on a phone.
            Assert.That(browser.FindElement(By.Id("menu")).Displayed, Is.False, "folded behind 菜单 on a phone");
            browser.FindElement(By.Id("menu-toggle")).Click();
            Assert.That(browser.FindElements(By.CssSelector("#menu a")).Select(a => a.Text), Is.EqualTo(menu));
            browser.FindElement(By.Id("sign-out")).Click();
            new WebDriverWait(browser, TimeSpan.FromSeconds(20)).Until(d => d.Url.Contains("/login", StringComparison.Ordinal));
        }

        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));
    }

    [Test]
    public async Task TheMenuMarksTheCurrentSectionAndErrorPagesSpeakChinese()
    {
        using var app = Chromium.StartHost(out var port);
        var baseUrl = $"http://127.0.0.1:{port}";
        (await app.ClientAsync("jsj-anquan", Roles.Unit, "jsj")).Dispose();
        using var browser = Chromium.Start();
        await Chromium.SignInAsync(browser, port, "jsj-anquan", "/");
        var failures = new List<string>();

        await Chromium.OpenAsync(browser, $"{baseUrl}/start");
        Assert.That(browser.FindElement(By.CssSelector("#menu a[aria-current='page']")).Text, Is.EqualTo("发起流程"));
        Assert.That(browser.FindElement(By.Id("menu")).Displayed, Is.True, "the menu is open on a wide screen");
        Check(browser, "/start", [.. UnitMenu, Account], failures);

        foreach (var (path, title) in new[] { ("/tasks", "页面不存在"), ("/instances/not-a-guid", "页面不存在"), ("/admin/no-such-page", "页面不存在"), ("/compliance", "无权访问"), ("/hangfire", "无权访问"), ("/admin", "无权访问"), ("/admin/definitions/incident-report/edit", "无权访问") })
        {
            await Chromium.OpenAsync(browser, baseUrl + path);
            Assert.That(browser.FindElement(By.Id("status-title")).Text, Is.EqualTo(title), path);
            Assert.That(browser.Title, Does.StartWith(title));
            var logged = Check(browser, path, [.. UnitMenu, Account], failures, allowedErrors: 1);
            Assert.That(logged, Has.Some.Contains("status of " + (title == "无权访问" ? 403 : 404)), $"{path}: the console log is read (it shows the page's own status)");
        }

        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));

        // An anonymous visitor of the dashboard gets the sign-in page, and the dashboard after signing in as administrator.
        browser.FindElement(By.Id("sign-out")).Click();
        new WebDriverWait(browser, TimeSpan.FromSeconds(20)).Until(d => d.Url.Contains("/login", StringComparison.Ordinal));
        await Chromium.OpenAsync(browser, $"{baseUrl}/hangfire");
        Assert.That(browser.Url, Does.EndWith("/login?returnUrl=%2Fhangfire"));
        await Chromium.SignInAsync(browser, port, "admin", "/hangfire", WorkflowApplication.AdminPassword);
        new WebDriverWait(browser, TimeSpan.FromSeconds(20)).Until(d => d.Url.EndsWith("/hangfire", StringComparison.Ordinal) && d.Title.Contains("ZzutWorkflows jobs", StringComparison.Ordinal));
    }

    /// <summary>
    /// The page's menu is exactly <paramref name="menu"/>, it is no wider than the window, its header is at most two
    /// lines high, and the console shows no error (a 404 or 403 page may show the one of its own status).
    /// </summary>
    private static List<string> Check(ChromeDriver browser, string what, string[] menu, List<string> failures, int allowedErrors = 0)
    {
        var entries = Chromium.Script<IReadOnlyCollection<object>>(browser, "return Array.from(document.querySelectorAll('#menu a')).map(a => a.textContent)").Cast<string>().ToArray();
        if (!entries.SequenceEqual(menu))
        {
            failures.Add($"{what}: menu [{string.Join(", ", entries)}], expected [{string.Join(", ", menu)}]");
        }

        var width = Chromium.Script<long>(browser, "return document.documentElement.scrollWidth");
        var window = Chromium.Script<long>(browser, "return window.innerWidth");
        if (width > window)
        {
            failures.Add($"{what}: the page is {width} px wide in a {window} px window");
        }

        var header = Chromium.Script<long>(browser, "return Math.round(document.querySelector('header.top').getBoundingClientRect().height)");
        if (header > 100)
        {
            failures.Add($"{what}: the header is {header} px high");
        }

        var errors = Chromium.ConsoleErrors(browser);
        var own = errors.Where(e => e.Contains("status of 404", StringComparison.Ordinal) || e.Contains("status of 403", StringComparison.Ordinal)).Take(allowedErrors).ToList();
        foreach (var error in errors.Except(own))
        {
            failures.Add($"{what}: console error {error}");
        }

        return errors;
    }
}
