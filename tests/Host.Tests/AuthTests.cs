using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>Accounts, sign-in, lockout, the sign-in limiter, token validation and the security history.</summary>
public sealed class AuthTests
{
    private const string AdminPassword = "Admin-Passw0rd-2026";
    private WorkflowApplication app = null!;
    private HttpClient client = null!;

    [SetUp]
    public void SetUp()
    {
        app = new WorkflowApplication();
        app.Settings["Bootstrap:AdminPassword"] = AdminPassword;
        app.Settings["Workflows:Auth:SignInPermitLimit"] = "30";
        app.Settings["Workflows:Auth:TokenLifetime"] = "01:00:00";
        client = app.CreateClient();
    }

    [TearDown]
    public void TearDown()
    {
        client.Dispose();
        app.Dispose();
    }

    private async Task<HttpResponseMessage> LoginAsync(string user, string password) =>
        await client.PostJsonAsync("/api/auth/login", new { userName = user, password });

    private async Task<HttpResponseMessage> MeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private async Task CreateUserAsync(string userName, string password, string role, string? unit = null)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AccountUser>>();
        var user = new AccountUser { UserName = userName, RealName = "测试用户", UnitCode = unit };
        Assert.That((await users.CreateAsync(user, password)).Succeeded, Is.True);
        await users.AddToRoleAsync(user, role);
    }

    [Test]
    public async Task TheBootstrapAdministratorSignsInAndGetsABearerToken()
    {
        var response = await LoginAsync("admin", AdminPassword);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.ReadJsonAsync();
        Assert.That(body["tokenType"]!.GetValue<string>(), Is.EqualTo("Bearer"));
        Assert.That(body["expiresIn"]!.GetValue<int>(), Is.EqualTo(3600));

        var me = await (await MeAsync(body["accessToken"]!.GetValue<string>())).ReadJsonAsync();
        Assert.That(me["userName"]!.GetValue<string>(), Is.EqualTo("admin"));
        Assert.That(me["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "admin" }));
        Assert.That((await client.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "no token, no cookie");
    }

    [Test]
    public async Task UnitUsersCarryTheirUnitAndTheCookieSignInWorksForTheBrowser()
    {
        await CreateUserAsync("jsj-anquan", "Unit-Passw0rd-2026", Roles.Unit, "jsj");
        var cookie = await client.PostJsonAsync("/api/auth/cookie", new { userName = "jsj-anquan", password = "Unit-Passw0rd-2026" });
        Assert.That(cookie.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var setCookie = cookie.Headers.GetValues("Set-Cookie").Single();
        Assert.That(setCookie, Does.StartWith("zzut.auth=").And.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", setCookie.Split(';')[0]);
        var me = await (await client.SendAsync(request)).ReadJsonAsync();
        Assert.That(me["unitCode"]!.GetValue<string>(), Is.EqualTo("jsj"));
        Assert.That(me["roles"]![0]!.GetValue<string>(), Is.EqualTo("unit"));
    }

    [Test]
    public async Task WrongPasswordsPauseSignInFromThatAddressAndTheRightOneIsRefusedUntilThePauseEnds()
    {
        await CreateUserAsync("zhongxin", "Center-Passw0rd-2026", Roles.Center);
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await LoginAsync("zhongxin", "wrong-password-" + i)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var paused = await LoginAsync("zhongxin", "Center-Passw0rd-2026");
        Assert.That(paused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await paused.ReadJsonAsync())["detail"]!.GetValue<string>(), Is.EqualTo(Apis.AuthApi.RefusedMessage), "the same words as a wrong password");

        var audit = await app.Services.GetRequiredService<SecurityAudit>().ReadAsync();
        Assert.That(audit.Count(a => a.Type == "signin.failed" && a.Actor == "zhongxin"), Is.EqualTo(5));
        Assert.That(audit.Count(a => a.Type == "signin.locked-out" && a.Actor == "zhongxin"), Is.EqualTo(1), "the right password during the pause");
        Assert.That((await app.Services.GetRequiredService<SecurityAudit>().VerifyAsync()).Intact, Is.True, "the security history is a chain too");

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.That((await LoginAsync("zhongxin", "Center-Passw0rd-2026")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the pause has ended");
    }

    [Test]
    public async Task TwentyWrongPasswordsFromOneAddressAreCutOffBy429()
    {
        using var strict = new WorkflowApplication();
        strict.Settings["Bootstrap:AdminPassword"] = AdminPassword;
        strict.Settings["Workflows:Auth:SignInPermitLimit"] = "10";
        using var strictClient = strict.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            codes.Add((await strictClient.PostJsonAsync("/api/auth/login", new { userName = "admin", password = "guess-" + i })).StatusCode);
        }

        Assert.That(codes.Take(10), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(codes.Skip(10), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
        var right = await strictClient.PostJsonAsync("/api/auth/login", new { userName = "admin", password = AdminPassword });
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the limiter refuses even the right password in the window");
    }

    [Test]
    public async Task BehindAKnownProxyEachClientIsCountedUnderItsOwnAddressAndNobodyElseMayChooseOne()
    {
        using var proxied = new WorkflowApplication { ClientAddressesFromHeader = true };
        proxied.Settings["Bootstrap:AdminPassword"] = AdminPassword;
        proxied.Settings["Workflows:Auth:SignInPermitLimit"] = "3";
        proxied.Settings["Workflows:Proxy:KnownProxies:0"] = "10.0.0.0/24";
        using var client = proxied.CreateClient();
        async Task<HttpStatusCode> SignInAsync(string connectedFrom, string? forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = System.Net.Http.Json.JsonContent.Create(new { userName = "admin", password = "wrong-guess" }) };
            request.Headers.Add(WorkflowApplication.ClientAddressHeader, connectedFrom);
            if (forwardedFor is not null)
            {
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            }

            return (await client.SendAsync(request)).StatusCode;
        }

        // Through the proxy: one client's guesses are limited, another client behind the same proxy is not.
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            first.Add(await SignInAsync("10.0.0.5", "203.0.113.7"));
        }

        Assert.That(first, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.That(await SignInAsync("10.0.0.5", "203.0.113.8"), Is.EqualTo(HttpStatusCode.Unauthorized), "a second client behind the proxy has its own count");
        Assert.That(await SignInAsync("10.0.0.6", "198.51.100.9, 203.0.113.7"), Is.EqualTo(HttpStatusCode.TooManyRequests), "only the address the proxy saw counts, not what the client wrote before it");

        // Not from the proxy: the header is ignored, so changing it does not reset the count.
        var direct = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            direct.Add(await SignInAsync("192.0.2.50", $"203.0.113.{100 + i}"));
        }

        Assert.That(direct[3], Is.EqualTo(HttpStatusCode.TooManyRequests));
        var audit = await proxied.Services.GetRequiredService<SecurityAudit>().ReadAsync();
        Assert.That(audit.Where(a => a.Type == "signin.failed").Select(a => a.Data?["address"]?.GetValue<string>()).Distinct(),
            Is.EquivalentTo(new[] { "203.0.113.7", "203.0.113.8", "192.0.2.50" }), "the audit names the client, never the proxy");
    }

    [TestCase("203.0.113.7", 64, "203.0.113.7")]
    [TestCase("::ffff:203.0.113.7", 64, "203.0.113.7")]
    [TestCase("64:ff9b::203.0.113.7", 64, "203.0.113.7")]
    [TestCase("2001:db8:1:2:a:b:c:d", 64, "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:2::1", 64, "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:3::1", 64, "2001:db8:1:3::/64")]
    [TestCase("2001:db8:1:2ff::1", 56, "2001:db8:1:200::/56")]
    [TestCase("2001:db8:1:2:a:b:c:d", 128, "2001:db8:1:2:a:b:c:d")]
    [TestCase("::1", 64, "::1")]
    [TestCase("fe80::1%2", 64, "fe80::1%2")]
    public void ASignInLimitCountsAGlobalIPv6ClientByItsNetworkAndAnIPv4ClientByItsAddress(string address, int prefixLength, string expected) =>
        Assert.That(SignInGuard.ClientKeyOf(IPAddress.Parse(address), prefixLength), Is.EqualTo(expected));

    [Test]
    public async Task AnIPv6GuesserCannotEscapeTheLimitByChangingAddressesWithinItsSlash64()
    {
        using var limited = new WorkflowApplication { ClientAddressesFromHeader = true };
        limited.Settings["Bootstrap:AdminPassword"] = AdminPassword;
        limited.Settings["Workflows:Auth:SignInPermitLimit"] = "3";
        using var limitedClient = limited.CreateClient();
        async Task<HttpStatusCode> GuessAsync(string from)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = System.Net.Http.Json.JsonContent.Create(new { userName = "admin", password = "wrong-guess" }) };
            request.Headers.Add(WorkflowApplication.ClientAddressHeader, from);
            return (await limitedClient.SendAsync(request)).StatusCode;
        }

        var codes = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            codes.Add(await GuessAsync($"2001:db8:7:7::{i:x}"));
        }

        Assert.That(codes, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }),
            "four addresses of one /64 share one limit");
        Assert.That(await GuessAsync("2001:db8:7:8::1"), Is.EqualTo(HttpStatusCode.Unauthorized), "the next /64 has its own");
        var audit = await limited.Services.GetRequiredService<SecurityAudit>().ReadAsync();
        Assert.That(audit.Where(a => a.Type == "signin.failed").Select(a => a.Data?["address"]?.GetValue<string>()),
            Is.EquivalentTo(new[] { "2001:db8:7:7::1", "2001:db8:7:7::2", "2001:db8:7:7::3", "2001:db8:7:8::1" }), "the history keeps each full address");
    }

    [Test]
    public void AProxyEntryThatIsNeitherAnAddressNorANetworkStopsTheStart()
    {
        using var misconfigured = new WorkflowApplication();
        misconfigured.Settings["Workflows:Proxy:KnownProxies:0"] = "nginx.local";
        var error = Assert.Catch(() => misconfigured.CreateClient());
        Assert.That(error!.ToString(), Does.Contain("Workflows:Proxy:KnownProxies").And.Contain("nginx.local"));
    }

    [Test]
    public async Task ExpiredTamperedAndWrongAudienceTokensAre401()
    {
        var token = (await (await LoginAsync("admin", AdminPassword)).ReadJsonAsync())["accessToken"]!.GetValue<string>();
        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var parts = token.Split('.');
        var tamperedPayload = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("\"admin\"", "\"root\"", StringComparison.Ordinal));
        Assert.That((await MeAsync($"{parts[0]}.{tamperedPayload}.{parts[2]}")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "tampered");

        var key = app.Services.GetRequiredService<SigningKeyProvider>().Key;
        var wrongAudience = new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            "zzut-workflows", "some-other-api", [new Claim("name", "admin"), new Claim("role", "admin")],
            WorkflowApplication.Start.UtcDateTime, WorkflowApplication.Start.AddHours(1).UtcDateTime, new SigningCredentials(key, SecurityAlgorithms.HmacSha256)));
        Assert.That((await MeAsync(wrongAudience)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "wrong audience");

        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        Assert.That((await MeAsync(token)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "expired");
    }

    [Test]
    public async Task ResponsesCarrySecurityHeaders()
    {
        var response = await client.GetAsync("/health");
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'"));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False, "CORS stays closed");
    }

    [Test]
    public async Task ACookieSignedInBrowserMustSendTheAntiforgeryTokenWithStateChangingRequests()
    {
        // This client keeps cookies, like a browser.
        Assert.That((await client.PostJsonAsync("/api/auth/cookie", new { userName = "admin", password = AdminPassword })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var refused = await client.PostAsync("/api/timers/fire-due", null);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await refused.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("X-XSRF-TOKEN"));

        var token = (await (await client.GetAsync("/api/auth/antiforgery")).ReadJsonAsync())["token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/timers/fire-due");
        request.Headers.Add("X-XSRF-TOKEN", token);
        Assert.That((await client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync("/api/timers")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads need no token");
    }

    [Test]
    public async Task CampusSignInAnswers404WhileItIsNotConfigured()
    {
        var response = await client.GetAsync("/api/auth/external");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("Oidc:Authority"));
    }

    [Test]
    public void CampusClaimsBecomeUserNameUnitAndMappedRoles()
    {
        var options = new OidcOptions { RoleMap = { ["xxzx-staff"] = Roles.Center, ["dept-security-officer"] = Roles.Unit, ["root"] = "superuser" } };
        var external = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim("preferred_username", "20230123"), new Claim("name", "王安全"), new Claim("unit", "jsj"),
            new Claim("roles", "dept-security-officer"), new Claim("roles", "library-reader"), new Claim("roles", "root"),
        ], "oidc"));

        var mapped = ExternalClaims.Map(external, options)!;
        var caller = Caller.From(mapped);
        Assert.Multiple(() =>
        {
            Assert.That(caller.UserName, Is.EqualTo("20230123"));
            Assert.That(mapped.FindFirstValue("real_name"), Is.EqualTo("王安全"));
            Assert.That(caller.Roles, Is.EquivalentTo(new[] { Roles.Unit }), "unmapped values and unknown roles give nothing");
            Assert.That(caller.Groups, Is.EquivalentTo(new[] { "role:unit", "unit:jsj", "signed-in" }), "everybody signed in is also in signed-in (incident-tip)");
        });
        Assert.That(ExternalClaims.Map(new ClaimsPrincipal(new ClaimsIdentity([new Claim("name", "nobody")], "oidc")), options), Is.Null);
    }
}
