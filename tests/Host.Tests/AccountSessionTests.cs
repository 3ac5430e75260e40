using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// Tokens and cookies end when their account changes (security stamp checked on each request, kept 30 s), one's own
/// password can be changed, a refusal tells nothing about which names exist, and sign-in failures are counted per
/// account and address with a much higher per-account threshold.
/// </summary>
public sealed class AccountSessionTests
{
    private const string Password = "Center-Passw0rd-2026";
    private WorkflowApplication app = null!;
    private HttpClient anonymous = null!;
    private HttpClient admin = null!;

    [SetUp]
    public async Task SetUp()
    {
        app = new WorkflowApplication { ClientAddressesFromHeader = true };
        app.Settings["Workflows:Auth:AccountMaxFailedAttempts"] = "12";
        anonymous = app.CreateClient();
        admin = await app.AdminClientAsync();
        var created = await admin.PostJsonAsync("/api/accounts", new { userName = "zhongxin", realName = "中心值班员", roles = new[] { "center" }, password = Password });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
    }

    [TearDown]
    public void TearDown()
    {
        admin.Dispose();
        anonymous.Dispose();
        app.Dispose();
    }

    [Test]
    public async Task ATokenEndsWhenItsAccountIsDisabledAndWorksAgainOnlyAfterANewSignIn()
    {
        var token = await TokenAsync("zhongxin", Password);
        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await admin.PatchAsJsonAsync("/api/accounts/zhongxin", new { enabled = false })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "at once");
        Assert.That((await SignInAsync("zhongxin", Password)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await admin.PatchAsJsonAsync("/api/accounts/zhongxin", new { enabled = true })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the old token stays ended");
        Assert.That((await MeAsync(await TokenAsync("zhongxin", Password))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ATokenEndsWhenItsRolesChange()
    {
        var token = await TokenAsync("zhongxin", Password);
        Assert.That((await GetAsync(token, "/api/compliance")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "center may read the overview");

        Assert.That((await admin.PatchAsJsonAsync("/api/accounts/zhongxin", new { roles = new[] { "expert" } })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await GetAsync(token, "/api/compliance")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the token that says center is gone");
        Assert.That((await GetAsync(await TokenAsync("zhongxin", Password), "/api/compliance")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task ATokenEndsWhenItsAccountLocksAndAChangeMadeElsewhereIsSeenWithinThirtySeconds()
    {
        var token = await TokenAsync("zhongxin", Password);
        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // Another node locks the account: this node reads the account again at most 30 s later.
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AccountUser>>();
            var user = (await users.FindByNameAsync("zhongxin"))!;
            await users.SetLockoutEndDateAsync(user, app.Clock.GetUtcNow().AddHours(1));
        }

        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "within the 30 s it is still trusted");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "after 30 s it is not");
    }

    [Test]
    public async Task SigningOutEndsTheCookieAndEveryTokenOfTheAccountEvenReplayed()
    {
        var token = await TokenAsync("zhongxin", Password);
        var cookie = await CookieAsync("zhongxin", Password);
        Assert.That((await CookieGetAsync(cookie, "/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The browser signs out with its antiforgery token, as the page does.
        using var antiforgeryRequest = new HttpRequestMessage(HttpMethod.Get, "/api/auth/antiforgery");
        antiforgeryRequest.Headers.Add("Cookie", cookie);
        var antiforgery = await anonymous.SendAsync(antiforgeryRequest);
        var xsrf = (await antiforgery.ReadJsonAsync())["token"]!.GetValue<string>();
        var xsrfCookie = antiforgery.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("zzut.xsrf=", StringComparison.Ordinal)).Split(';')[0];
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add("Cookie", $"{cookie}; {xsrfCookie}");
        logout.Headers.Add("X-XSRF-TOKEN", xsrf);
        Assert.That((await anonymous.SendAsync(logout)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await CookieGetAsync(cookie, "/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the copied cookie no longer works");
        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "nor the account's bearer token");
        var audit = await app.Services.GetRequiredService<SecurityAudit>().ReadAsync();
        Assert.That(audit.Count(a => a.Type == "signout" && a.Actor == "zhongxin"), Is.EqualTo(1));
    }

    [Test]
    public async Task AUserChangesTheirOwnPasswordAndTheirOldSessionsEnd()
    {
        var token = await TokenAsync("zhongxin", Password);

        var wrongCurrent = await PostAsync(token, "/api/auth/password", new { currentPassword = "not-it", newPassword = "Brand-New-Passw0rd" });
        Assert.That((await wrongCurrent.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "currentPassword" }));
        var weak = await PostAsync(token, "/api/auth/password", new { currentPassword = Password, newPassword = "short" });
        Assert.That((weak.StatusCode, (await weak.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Single()), Is.EqualTo((HttpStatusCode.BadRequest, "newPassword")));

        Assert.That((await PostAsync(token, "/api/auth/password", new { currentPassword = Password, newPassword = "Brand-New-Passw0rd" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the session that changed it ends too");
        Assert.That((await SignInAsync("zhongxin", Password)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await MeAsync(await TokenAsync("zhongxin", "Brand-New-Passw0rd"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AnAdministratorResetsAnExistingAccountsPasswordAndItsOldSessionsEnd()
    {
        var token = await TokenAsync("zhongxin", Password);

        var weak = await admin.PostJsonAsync("/api/accounts/zhongxin/password", new { newPassword = "1e400" });
        Assert.That((weak.StatusCode, (await weak.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Single()), Is.EqualTo((HttpStatusCode.BadRequest, "newPassword")));
        Assert.That((await admin.PostJsonAsync("/api/accounts/zhongxin/password", new { newPassword = "Reset-By-Admin-2026" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the old session ends");
        Assert.That((await SignInAsync("zhongxin", Password)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await MeAsync(await TokenAsync("zhongxin", "Reset-By-Admin-2026"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task UnknownAndExistingNamesGetTheSameAnswerForTheSameWork()
    {
        using var counted = new WorkflowApplication();
        var hasher = new CountingPasswordHasher();
        counted.TestServices = services => services.AddScoped<IPasswordHasher<AccountUser>>(_ => hasher);
        using var client = counted.CreateClient();
        await counted.ClientAsync("zhongxin", "center");

        var answers = new List<string>();
        foreach (var name in new[] { "zhongxin", "no-such-user" })
        {
            var before = hasher.Verifications;
            var response = await client.PostJsonAsync("/api/auth/login", new { userName = name, password = "wrong-password" });
            answers.Add($"{(int)response.StatusCode} {(await response.ReadJsonAsync())["detail"]}");
            Assert.That(hasher.Verifications - before, Is.EqualTo(1), $"one password hash check for '{name}'");
        }

        Assert.That(answers[0], Is.EqualTo(answers[1]));
        Assert.That(answers[0], Does.StartWith("401 ").And.Contain("用户名或密码错误"));
    }

    [Test]
    public async Task OneAddressCannotLockAnAccountForEveryone()
    {
        for (var i = 0; i < 8; i++)
        {
            Assert.That((await SignInAsync("zhongxin", "guess-" + i, "203.0.113.7")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        Assert.That((await SignInAsync("zhongxin", Password, "203.0.113.7")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the guessing address is paused");
        Assert.That((await SignInAsync("zhongxin", Password, "198.51.100.20")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the owner, elsewhere, signs in");
    }

    [Test]
    public async Task GuessingFromManyAddressesLocksTheAccountAndEndsItsSessions()
    {
        var token = await TokenAsync("zhongxin", Password, "198.51.100.20");
        for (var i = 0; i < 12; i++)
        {
            await SignInAsync("zhongxin", "guess-" + i, $"203.0.113.{i + 1}");
        }

        Assert.That((await SignInAsync("zhongxin", Password, "198.51.100.21")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the account is locked everywhere");
        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "and its session ended");
        var account = (await (await admin.GetAsync("/api/accounts")).ReadJsonAsync()).AsArray().Single(a => a!["userName"]!.GetValue<string>() == "zhongxin")!;
        Assert.That(account["lockedUntil"]!.GetValue<DateTimeOffset>(), Is.EqualTo(app.Clock.GetUtcNow().AddMinutes(15)));

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.That((await SignInAsync("zhongxin", Password, "198.51.100.21")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<HttpResponseMessage> SignInAsync(string userName, string password, string? address = null, string path = "/api/auth/login")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { userName, password }) };
        if (address is not null)
        {
            request.Headers.Add(WorkflowApplication.ClientAddressHeader, address);
        }

        return await anonymous.SendAsync(request);
    }

    private async Task<string> TokenAsync(string userName, string password, string? address = null)
    {
        var response = await SignInAsync(userName, password, address);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["accessToken"]!.GetValue<string>();
    }

    private async Task<string> CookieAsync(string userName, string password)
    {
        var response = await SignInAsync(userName, password, path: "/api/auth/cookie");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("zzut.auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    private async Task<HttpResponseMessage> CookieGetAsync(string cookie, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await anonymous.SendAsync(request);
    }

    private Task<HttpResponseMessage> MeAsync(string token) => GetAsync(token, "/api/auth/me");

    private async Task<HttpResponseMessage> GetAsync(string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await anonymous.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await anonymous.SendAsync(request);
    }

    /// <summary>The accounts' hasher, counting verifications.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<AccountUser>
    {
        private readonly PasswordHasher<AccountUser> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(AccountUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AccountUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
