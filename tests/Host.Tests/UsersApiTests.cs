using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// The users API against the real host and its SQLite files: accounts created with a one-time password that signs in
/// once, changes that end sessions, disabling, unlocking, resetting, the list's filters and pages, the CSV import's
/// preview and all-or-nothing commit, and the security history of every change.
/// </summary>
public sealed class UsersApiTests
{
    private WorkflowApplication app = null!;
    private HttpClient admin = null!;

    [SetUp]
    public async Task SetUp()
    {
        app = new WorkflowApplication();
        admin = await app.AdminClientAsync();
    }

    [TearDown]
    public void TearDown()
    {
        admin.Dispose();
        app.Dispose();
    }

    [Test]
    public async Task AUnitUsersOneTimePasswordSignsInOnceAndTheirOwnPasswordReplacesIt()
    {
        var (user, password) = await CreateAsync("wxy-anquan", "王安全", "wxy", "unit");
        Assert.That((user["unitCode"]!.GetValue<string>(), user["mustChangePassword"]!.GetValue<bool>(), user["enabled"]!.GetValue<bool>()), Is.EqualTo(("wxy", true, true)));

        using var first = await SignInAsync("wxy-anquan", password);
        var me = await (await first.GetAsync("/api/auth/me")).ReadJsonAsync();
        Assert.That(me["mustChangePassword"]!.GetValue<bool>(), Is.True);
        Assert.That(me["unitCode"]!.GetValue<string>(), Is.EqualTo("wxy"));
        Assert.That((await LoginAsync("wxy-anquan", password)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a one-time password signs in once");

        // Choosing one's own: a weak password is refused by field; a good one ends the session and signs in from then on.
        var weak = await first.PostJsonAsync("/api/auth/password", new { currentPassword = password, newPassword = "short" });
        Assert.That(weak.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await weak.ReadJsonAsync())["errors"]!["newPassword"]![0]!.GetValue<string>(), Does.StartWith("密码须至少 12 个字符"));
        var wrong = await first.PostJsonAsync("/api/auth/password", new { currentPassword = "not-it", newPassword = "Wang-Anquan-2026" });
        Assert.That((await wrong.ReadJsonAsync())["errors"]!["currentPassword"], Is.Not.Null);
        Assert.That((await first.PostJsonAsync("/api/auth/password", new { currentPassword = password, newPassword = "Wang-Anquan-2026" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await first.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "changing the password ends the account's sessions");

        using var again = await SignInAsync("wxy-anquan", "Wang-Anquan-2026");
        Assert.That((await (await again.GetAsync("/api/auth/me")).ReadJsonAsync())["mustChangePassword"]!.GetValue<bool>(), Is.False);
        using var second = await SignInAsync("wxy-anquan", "Wang-Anquan-2026");
        Assert.That((await second.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "one's own password signs in again and again");
    }

    [Test]
    public async Task DisablingAnAccountEndsItsSessionAtOnceAndEnablingLetsItSignInAgain()
    {
        var (user, password) = await CreateAsync("wxy-anquan", "王安全", "wxy", "unit");
        using var session = await SignInAsync("wxy-anquan", password);
        await ChangeOwnPasswordAsync(session, password, "Wang-Anquan-2026");
        using var signedIn = await SignInAsync("wxy-anquan", "Wang-Anquan-2026");
        Assert.That((await signedIn.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var disabled = await admin.PostAsync($"/api/users/{user["id"]}/disable", null);
        Assert.That((await disabled.ReadJsonAsync())["user"]!["enabled"]!.GetValue<bool>(), Is.False);
        Assert.That((await signedIn.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the next request after disabling");
        Assert.That((await LoginAsync("wxy-anquan", "Wang-Anquan-2026")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await admin.PostAsync($"/api/users/{user["id"]}/unlock", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a disabled account is enabled, not unlocked");

        Assert.That((await admin.PostAsync($"/api/users/{user["id"]}/enable", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var back = await SignInAsync("wxy-anquan", "Wang-Anquan-2026");
        Assert.That((await back.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AResetPasswordReplacesTheOldOneAndSignsInOnce()
    {
        var (user, password) = await CreateAsync("wxy-anquan", "王安全", "wxy", ["unit"], "anquan@wxy.zzut.edu.cn");
        using var session = await SignInAsync("wxy-anquan", password);
        await ChangeOwnPasswordAsync(session, password, "Wang-Anquan-2026");
        using var signedIn = await SignInAsync("wxy-anquan", "Wang-Anquan-2026");

        var reset = await (await admin.PostJsonAsync($"/api/users/{user["id"]}/reset-password", new { delivery = "show" })).ReadJsonAsync();
        var oneTime = reset["oneTimePassword"]!.GetValue<string>();
        Assert.That((await signedIn.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "resetting ends the sessions");
        Assert.That((await LoginAsync("wxy-anquan", "Wang-Anquan-2026")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the old password is gone");
        Assert.That((await LoginAsync("wxy-anquan", oneTime)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await LoginAsync("wxy-anquan", oneTime)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "once");

        // E-mailed instead: not in the answer, in the outbox to the account's address.
        var mailed = await (await admin.PostJsonAsync($"/api/users/{user["id"]}/reset-password", new { delivery = "email" })).ReadJsonAsync();
        Assert.That(mailed["oneTimePassword"], Is.Null);
        Assert.That(await OutboxAsync(), Has.One.EqualTo(("anquan@wxy.zzut.edu.cn", "【网络信息安全工作流】一次性密码")));
        var bad = await admin.PostJsonAsync($"/api/users/{user["id"]}/reset-password", new { delivery = "pigeon" });
        Assert.That((await bad.ReadJsonAsync())["errors"]!["delivery"], Is.Not.Null);
    }

    [Test]
    public async Task ChangingRolesOrUnitEndsTheSessionAndBadFieldsAreNamedInChinese()
    {
        var (user, password) = await CreateAsync("wxy-anquan", "王安全", "wxy", "unit");
        using var session = await SignInAsync("wxy-anquan", password);

        var refused = await admin.PutAsJsonAsync($"/api/users/{user["id"]}", new { realName = "", email = "not-mail", unitCode = "nowhere", roles = new[] { "unit", "superuser" } });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await refused.ReadJsonAsync())["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "realName", "email", "unitCode", "roles" }));
        Assert.That(errors["unitCode"]![0]!.GetValue<string>(), Does.StartWith("未知单位"));
        Assert.That((await admin.PutAsJsonAsync($"/api/users/{user["id"]}", new { realName = "王安全", roles = new[] { "unit" } })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a unit user needs a unit");
        Assert.That((await session.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a refused change changes nothing");

        var changed = await admin.PutAsJsonAsync($"/api/users/{user["id"]}", new { realName = "王安全", email = "w@wxy.zzut.edu.cn", unitCode = "jsj", roles = new[] { "unit", "expert" } });
        var answer = (await changed.ReadJsonAsync())["user"]!;
        Assert.That((answer["unitCode"]!.GetValue<string>(), string.Join(",", answer["roles"]!.AsArray().Select(r => r!.GetValue<string>()))), Is.EqualTo(("jsj", "expert,unit")));
        Assert.That((await session.GetAsync("/api/tasks")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a new unit and roles end the old session");
        Assert.That((await admin.GetAsync($"/api/users/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AnAdministratorCannotDisableThemselvesOrDropTheirOwnAdminRole()
    {
        var self = (await (await admin.GetAsync("/api/users?q=admin")).ReadJsonAsync()).AsArray().Single(u => u!["userName"]!.GetValue<string>() == "admin")!;
        Assert.That((await admin.PostAsync($"/api/users/{self["id"]}/disable", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await admin.PutAsJsonAsync($"/api/users/{self["id"]}", new { realName = "管理员", roles = new[] { "center" } })).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await admin.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still an administrator");
    }

    [Test]
    public async Task TheListFiltersByUnitRoleAndTextAndPagesWithTheTotal()
    {
        for (var i = 1; i <= 7; i++)
        {
            await CreateAsync($"wxy-{i:00}", $"外语{i}", "wxy", "unit");
        }

        await CreateAsync("jsj-zhao", "赵专家", "jsj", "unit", "expert");
        // Paged like every list: skip and take, the page as an array, the number of matches in X-Total-Count.
        var wxy = await admin.GetAsync("/api/users?unitCode=wxy&take=3&skip=3");
        Assert.That(TotalOf(wxy), Is.EqualTo(7));
        Assert.That((await wxy.ReadJsonAsync()).AsArray().Select(u => u!["userName"]!.GetValue<string>()), Is.EqualTo(new[] { "wxy-04", "wxy-05", "wxy-06" }));
        var experts = await (await admin.GetAsync("/api/users?role=expert")).ReadJsonAsync();
        Assert.That(experts.AsArray().Select(u => u!["userName"]!.GetValue<string>()), Is.EqualTo(new[] { "jsj-zhao" }));
        Assert.That(TotalOf(await admin.GetAsync("/api/users?q=外语7")), Is.EqualTo(1));

        var bad = await admin.GetAsync("/api/users?take=0&skip=-1");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await bad.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "skip", "take" }));
    }

    [Test]
    public async Task ACsvImportPreviewsEveryRowAndCreatesAllRowsOrNone()
    {
        await CreateAsync("wxy-taken", "已有", "wxy", "unit");
        const string broken = "用户名,姓名,邮箱,单位代码,角色\nwxy-li,李老师,li@wxy.zzut.edu.cn,,二级单位\nwxy-taken,重名,,,\nwxy-zhou,,zhou@,xyz,管理员\n";
        var preview = await (await ImportAsync(broken, commit: false)).ReadJsonAsync();
        var rows = preview["rows"]!.AsArray();
        Assert.That(rows.Select(r => r!["line"]!.GetValue<int>()), Is.EqualTo(new[] { 2, 3, 4 }));
        Assert.That(rows[0]!["errors"]!.AsObject(), Is.Empty, "the unit comes from ?unitCode");
        Assert.That(rows[1]!["errors"]!["userName"]![0]!.GetValue<string>(), Does.Contain("已被使用"));
        Assert.That(rows[2]!["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "realName", "email", "unitCode", "roles" }));

        var refused = await ImportAsync(broken, commit: true);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await refused.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "line3", "line4" }));
        Assert.That(TotalOf(await admin.GetAsync("/api/users?unitCode=wxy")), Is.EqualTo(1), "nothing was imported");

        const string good = "userName,realName,email,unitCode,roles\r\nwxy-li,李老师,li@wxy.zzut.edu.cn,,二级单位\r\n\"wxy-zhou\",\"周老师, 副院长\",zhou@wxy.zzut.edu.cn,wxy,二级单位;专家\r\n";
        var imported = await (await ImportAsync(good, commit: true, delivery: "email")).ReadJsonAsync();
        Assert.That(imported["created"]!.AsArray().Select(c => (c!["user"]!["realName"]!.GetValue<string>(), c["oneTimePassword"] is null)),
            Is.EqualTo(new[] { ("李老师", true), ("周老师, 副院长", true) }));
        var zhou = (await (await admin.GetAsync("/api/users?q=wxy-zhou")).ReadJsonAsync())[0]!;
        Assert.That(zhou["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "expert", "unit" }));
        Assert.That((await OutboxAsync()).Select(m => m.To), Is.EquivalentTo(new[] { "li@wxy.zzut.edu.cn", "zhou@wxy.zzut.edu.cn" }));

        Assert.That((await (await ImportAsync("姓名\n李老师\n", commit: false)).ReadJsonAsync())["problem"]!.GetValue<string>(), Does.StartWith("首行须为表头"));
    }

    [Test]
    public async Task UnlockingEndsALockoutAndTheHistoryShowsEveryChangeWithWhoMadeIt()
    {
        var (user, password) = await CreateAsync("wxy-anquan", "王安全", "wxy", "unit");
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync("wxy-anquan", "wrong-" + i);
        }

        // Five wrong passwords from one address pause the name there (the account itself locks after many more from
        // everywhere); the right password is refused too until the pause ends or an administrator unlocks.
        Assert.That((await LoginAsync("wxy-anquan", password)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "paused after five wrong passwords");
        Assert.That((await admin.PostAsync($"/api/users/{user["id"]}/unlock", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await LoginAsync("wxy-anquan", password)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "unlocked before the lockout ends");
        await admin.PostAsync($"/api/users/{user["id"]}/disable", null);

        var history = await (await admin.GetAsync($"/api/users/{user["id"]}/history")).ReadJsonAsync();
        Assert.That(history["chainIntact"]!.GetValue<bool>(), Is.True);
        var entries = history["entries"]!.AsArray().Select(e => (Type: e!["type"]!.GetValue<string>(), Actor: e["actor"]?.GetValue<string>())).ToList();
        Assert.That(entries.Select(e => e.Type).Distinct(), Is.EqualTo(new[] { "user.created", "signin.failed", "signin.locked-out", "user.unlocked", "signin.succeeded", "user.disabled" }));
        Assert.That(entries.Where(e => e.Type.StartsWith("user.", StringComparison.Ordinal)).Select(e => e.Actor).Distinct(), Is.EqualTo(new[] { "admin" }));
        Assert.That((await app.Services.GetRequiredService<SecurityAudit>().VerifyAsync()).Intact, Is.True);
    }

    private async Task<(JsonNode User, string Password)> CreateAsync(string userName, string realName, string? unitCode, params string[] roles) =>
        await CreateAsync(userName, realName, unitCode, roles, null);

    private static int TotalOf(HttpResponseMessage response) => int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<List<(string To, string Subject)>> OutboxAsync() =>
        [.. (await (await admin.GetAsync("/api/outbox")).ReadJsonAsync()).AsArray().Select(m => (m!["to"]!.GetValue<string>(), m["subject"]!.GetValue<string>()))];

    private async Task<(JsonNode User, string Password)> CreateAsync(string userName, string realName, string? unitCode, string[] roles, string? email)
    {
        var response = await admin.PostJsonAsync("/api/users", new { userName, realName, email, unitCode, roles, delivery = "show" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var answer = await response.ReadJsonAsync();
        return (answer["user"]!, answer["oneTimePassword"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> LoginAsync(string userName, string password) =>
        app.CreateClient().PostJsonAsync("/api/auth/login", new { userName, password });

    private async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var response = await LoginAsync(userName, password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.ReadJsonAsync())["accessToken"]!.GetValue<string>());
        return client;
    }

    private static async Task ChangeOwnPasswordAsync(HttpClient client, string current, string next) =>
        Assert.That((await client.PostJsonAsync("/api/auth/password", new { currentPassword = current, newPassword = next })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

    private async Task<HttpResponseMessage> ImportAsync(string csv, bool commit, string delivery = "show")
    {
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        return await admin.PostAsync($"/api/users/import?commit={(commit ? "true" : "false")}&delivery={delivery}&unitCode=wxy", content);
    }
}
