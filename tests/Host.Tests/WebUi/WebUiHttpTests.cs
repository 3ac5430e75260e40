using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Tests.Support;
using Zzut.Workflows.Host.WebUi;

namespace Zzut.Workflows.Host.Tests.WebUi;

/// <summary>
/// What the host answers a browser, over HTTP: pages (no-cache) and the fingerprinted bundle (immutable, pre-compressed
/// brotli or gzip when accepted), JSON compressed, Chinese HTML pages for 404 and 403 and the sign-in redirect where an
/// API client keeps its ProblemDetails, and the menu table's consistency with the page table.
/// </summary>
public sealed class WebUiHttpTests
{
    private static readonly MediaTypeWithQualityHeaderValue Html = new("text/html");

    [Test]
    public async Task FingerprintedAssetsAreImmutableAndSentPrecompressedToClientsThatAcceptIt()
    {
        using var app = new WorkflowApplication();
        using var client = app.CreateClient();
        var (script, style) = ShellAssets();
        foreach (var (coding, asset) in new[] { ("br", script), ("gzip", script), ("br", style) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.AcceptEncoding.ParseAdd(coding);
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), asset);
            Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { coding }), asset);
            Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
            Assert.That(response.Headers.Vary, Does.Contain("Accept-Encoding"));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(asset.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/css"));
            var original = await File.ReadAllBytesAsync(RepositoryFiles.PathOf("src/Host/wwwroot" + asset));
            Assert.That(Decompress(coding, await response.Content.ReadAsByteArrayAsync()), Is.EqualTo(original), "the twin holds the same file");
        }

        using var plain = await client.GetAsync(script);
        Assert.That((plain.Content.Headers.ContentEncoding, plain.Headers.CacheControl?.ToString()), Is.EqualTo((Array.Empty<string>(), "public, max-age=31536000, immutable")));
        Assert.That((await client.GetAsync(script + ".br")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "twins are not addressable");
    }

    [Test]
    public async Task JsonAndPagesAreCompressedAndPagesAreNeverCachedUnchecked()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/forms/incident-report-start");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var json = await admin.SendAsync(request);
        Assert.That((json.StatusCode, json.Content.Headers.ContentEncoding.SingleOrDefault()), Is.EqualTo((HttpStatusCode.OK, "gzip")));

        using var page = await admin.GetAsync("/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(page.Headers.CacheControl?.NoCache, Is.True);
        using var login = await app.CreateClient().GetAsync("/login");
        Assert.That((login.StatusCode, login.Headers.CacheControl?.NoCache), Is.EqualTo((HttpStatusCode.OK, true)));
    }

    [Test]
    public async Task TheFaviconIsThereForEverybody()
    {
        using var app = new WorkflowApplication();
        using var response = await app.CreateClient().GetAsync("/favicon.ico");
        Assert.That((response.StatusCode, response.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.OK, "image/x-icon")));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(bytes.Take(4), Is.EqualTo(new byte[] { 0, 0, 1, 0 }), "an ICO file");
    }

    [TestCase("/tasks")]
    [TestCase("/instances")]
    [TestCase("/admin/no-such-page")]
    [TestCase("/instances/not-a-guid")]
    public async Task AnUnknownPageIsAChineseHtmlPageWithTheMenuWhileTheApiKeepsProblemDetails(string path)
    {
        using var app = new WorkflowApplication();
        using var center = await app.ClientAsync("zhongxin", Roles.Center);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(Html);
        using var page = await center.SendAsync(request);
        Assert.That((page.StatusCode, page.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.NotFound, "text/html")));
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("页面不存在").And.Contain("id=\"menu\"").And.Contain(">合规概况</a>"));

        using var api = await center.GetAsync("/api/no-such-thing");
        Assert.That((api.StatusCode, api.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.NotFound, "application/problem+json")));
    }

    [Test]
    public async Task ABrowserIsSentToSignInAndAnApiClientGetsA401()
    {
        using var app = new WorkflowApplication();
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var (path, returnUrl) in new[] { ("/", "%2F"), ("/compliance", "%2Fcompliance"), ("/hangfire", "%2Fhangfire"), ("/tasks/" + Guid.Empty, "%2Ftasks%2F" + Guid.Empty) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(Html);
            using var response = await browser.SendAsync(request);
            Assert.That((response.StatusCode, response.Headers.Location?.ToString()), Is.EqualTo((HttpStatusCode.Found, "/login?returnUrl=" + returnUrl)), path);
        }

        using var api = await browser.GetAsync("/hangfire");
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "without Accept: text/html, no redirect");
    }

    [Test]
    public async Task APageOrTheDashboardTheRoleMayNotOpenIsAChinese403Page()
    {
        using var app = new WorkflowApplication();
        using var unit = await app.ClientAsync("jsj-anquan", Roles.Unit, "jsj");
        using var expert = await app.ClientAsync("zhuanjia", Roles.Expert);
        foreach (var (client, path, says) in new[] { (unit, "/compliance", "「合规概况」仅"), (expert, "/ledgers", "「台账」仅"), (unit, "/hangfire", "无权访问"), (expert, "/admin/definitions", "「流程定义」仅系统管理员") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(Html);
            using var response = await client.SendAsync(request);
            Assert.That((response.StatusCode, response.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.Forbidden, "text/html")), path);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("无权访问").And.Contain(says));
        }
    }

    [Test]
    public async Task EveryAdministrationPageIsAChinese403PageForEveryOtherRole()
    {
        using var app = new WorkflowApplication();
        var others = new[] { (Roles.LeadingGroup, (string?)null), (Roles.Office, null), (Roles.Center, null), (Roles.Expert, null), (Roles.Unit, "jsj") };
        var pages = WebPages.All.Where(p => p.Roles == WebAudience.Administrators).Select(p => p.Path.Replace("{key}", "incident-report", StringComparison.Ordinal).Replace("{id}", "incident-report-start", StringComparison.Ordinal)).ToList();
        Assert.That(pages, Does.Contain("/admin/definitions/incident-report/edit").And.Contain("/admin/forms/incident-report-start/edit"));
        foreach (var (role, unit) in others)
        {
            using var client = await app.ClientAsync("user-" + role, role, unit);
            foreach (var path in pages)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Accept.Add(Html);
                using var response = await client.SendAsync(request);
                Assert.That((response.StatusCode, response.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.Forbidden, "text/html")), $"{role}: {path}");
                Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("无权访问").And.Contain("仅系统管理员"), $"{role}: {path}");
            }
        }
    }

    [Test]
    public void EveryMenuEntryLeadsToAPageForTheSameRolesOrToTheDashboard()
    {
        foreach (var entry in WebPages.Menu)
        {
            var page = WebPages.All.SingleOrDefault(p => p.Path == entry.Path);
            if (page is null)
            {
                Assert.That(entry.Path, Is.EqualTo("/hangfire"), $"{entry.Label}: a menu entry needs its page");
                continue;
            }

            Assert.That(page.Roles, Is.EqualTo(entry.Roles), $"{entry.Label}: the menu shows the entry to exactly who may open the page");
        }
    }

    private static (string Script, string Style) ShellAssets()
    {
        var shell = File.ReadAllText(RepositoryFiles.PathOf("src/Host/wwwroot/shell.html"));
        return (Regex.Match(shell, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value, Regex.Match(shell, "href=\"(/assets/[^\"]+\\.css)\"").Groups[1].Value);
    }

    private static byte[] Decompress(string coding, byte[] body)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = coding == "br"
            ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
