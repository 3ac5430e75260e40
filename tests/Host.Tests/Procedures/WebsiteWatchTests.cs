using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>
/// Art. 26: website-watch against a real HTTPS server on a loopback port (its certificates issued by a test "campus CA"
/// the watch is configured to trust): up, down three times, back with a certificate close to expiry.
/// </summary>
public sealed class WebsiteWatchTests
{
    private const string Officer = "anquan@jsj.zzut.edu.cn";

    [Test]
    public async Task TheUnitsTaskOpensOnceAfterThreeFailuresAndClosesWhenTheSiteRecovers()
    {
        var folder = Directory.CreateTempSubdirectory("zzut-watch-").FullName;
        try
        {
            var start = WorkflowApplication.Start;
            using var ca = CampusCa(start);
            var caPath = Path.Combine(folder, "campus-ca.pem");
            await File.WriteAllTextAsync(caPath, ca.ExportCertificatePem());
            using var healthy = SiteCertificate(ca, start.AddDays(-30), start.AddDays(365));
            using var expiring = SiteCertificate(ca, start.AddDays(-300), start.AddDays(5));
            var port = LoopbackPort.Free();
            using var s = await Scenario.CreateAsync(settings: new() { ["Workflows:WebsiteWatch:TrustedRootCertificates"] = caPath });
            var created = await s.Center.PostJsonAsync("/api/websites", new
            {
                unitCode = "jsj", unitName = "计算机与人工智能学院", domain = "ai.zzut.edu.cn", watchUrl = $"https://127.0.0.1:{port}/", adminName = "李安全",
                adminEmail = Officer, buildMethod = "site-cluster", status = "online", openingDate = "2026-01-10",
            });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            var sitePath = $"/api/websites/{(await created.ReadJsonAsync())["id"]}";

            await using (await TestSite.StartAsync(port, healthy))
            {
                await s.RunJobAsync("website-watch");
            }

            var site = await s.GetAsync(s.Unit, sitePath);
            Assert.That((site["lastCheckOutcome"]!.GetValue<string>(), site["lastStatusCode"]!.GetValue<int>(), site["consecutiveFailures"]!.GetValue<int>()), Is.EqualTo(("ok", 200, 0)));
            Assert.That(site["certificateExpiresAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(start.AddDays(365)).Within(TimeSpan.FromSeconds(1)));

            // Down: three failing checks an hour apart open the unit's task, once; the fourth opens nothing more.
            for (var check = 1; check <= 4; check++)
            {
                s.App.Clock.Advance(TimeSpan.FromHours(1));
                await s.RunJobAsync("website-watch");
                Assert.That(await s.InstancesAsync("website-anomaly"), Has.Count.EqualTo(check < 3 ? 0 : 1), $"after failing check {check}");
            }

            site = await s.GetAsync(s.Unit, sitePath);
            Assert.That((site["lastCheckOutcome"]!.GetValue<string>(), site["consecutiveFailures"]!.GetValue<int>(), site["anomalyOpen"]!.GetValue<bool>()), Is.EqualTo(("failing", 4, true)));
            Assert.That(site["lastCheckProblem"]!.GetValue<string>(), Does.StartWith("无法访问"));
            var anomaly = (await s.InstancesAsync("website-anomaly")).Single()!;
            var id = anomaly["id"]!.GetValue<string>();
            Assert.That(anomaly["businessKey"]!.GetValue<string>(), Does.StartWith($"website:{site["id"]}:anomaly:"));
            await s.TaskAsync(s.Unit, id, "Task_Handle");
            var alert = (await s.EmailsAsync(id)).Single(e => e.Subject == "【网站运行异常】ai.zzut.edu.cn");
            Assert.That((alert.To, alert.Cc), Is.EqualTo((Officer, "center@zzut.edu.cn")), "the unit handles it, the center is told");
            var failing = (await s.GetAsync(s.Office, "/api/compliance"))["duties"]!["websitesFailing"]!.AsArray().Single()!;
            Assert.That((failing["domain"]!.GetValue<string>(), failing["failures"]!.GetValue<int>()), Is.EqualTo(("ai.zzut.edu.cn", 4)));
            var runs = (await s.GetAsync(s.Admin, "/api/jobs/website-watch/runs")).AsArray();
            Assert.That(runs.Select(r => r!["started"]!.GetValue<int>()), Is.EqualTo(new[] { 0, 1, 0, 0, 0 }), "newest first: only the third failure opened one");

            // Back, with a certificate that expires in five days: the task closes, the unit explains; the certificate is told once.
            await using (await TestSite.StartAsync(port, expiring))
            {
                s.App.Clock.Advance(TimeSpan.FromHours(1));
                await s.RunJobAsync("website-watch");
                Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_Explain" }), "the handling task closed when the site recovered");
                s.App.Clock.Advance(TimeSpan.FromHours(1));
                await s.RunJobAsync("website-watch");
            }

            site = await s.GetAsync(s.Unit, sitePath);
            Assert.That((site["lastCheckOutcome"]!.GetValue<string>(), site["consecutiveFailures"]!.GetValue<int>(), site["anomalyOpen"]!.GetValue<bool>()), Is.EqualTo(("warning", 0, false)));
            Assert.That(site["lastCheckProblem"]!.GetValue<string>(), Does.Contain("证书将于"));
            var all = await s.AllEmailsAsync();
            Assert.That(all.Count(e => e.Subject == "【证书即将到期】ai.zzut.edu.cn"), Is.EqualTo(1));
            Assert.That((await s.EmailsAsync(id)).Select(e => e.Subject), Does.Contain("【网站已恢复】ai.zzut.edu.cn"));
            Assert.That(await s.InstancesAsync("website-anomaly"), Has.Count.EqualTo(1));
            Assert.That((await s.GetAsync(s.Office, "/api/compliance"))["duties"]!["websitesFailing"]!.AsArray(), Is.Empty);

            Assert.That(await s.RefuseAsync(s.Unit, id, "Task_Explain", new { cause = "服务器重启" }), Is.EqualTo(new[] { "measures" }));
            var done = await s.CompleteAsync(s.Unit, id, "Task_Explain", new { cause = "服务器内核升级后未自动启动 Web 服务", measures = "设置开机自启并加入巡检" });
            Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            site = await s.GetAsync(s.Center, sitePath);
            Assert.That((site["lastAnomalyCause"]!.GetValue<string>(), site["lastAnomalyMeasures"]!.GetValue<string>()), Is.EqualTo(("服务器内核升级后未自动启动 Web 服务", "设置开机自启并加入巡检")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static X509Certificate2 CampusCa(DateTimeOffset start)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ZZUT Test Campus CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(start.AddDays(-400), start.AddDays(3650));
    }

    private static X509Certificate2 SiteCertificate(X509Certificate2 ca, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ai.zzut.edu.cn", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("ai.zzut.edu.cn");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A campus website: Kestrel over HTTPS on a loopback port, answering 200.</summary>
    private sealed class TestSite(WebApplication app) : IAsyncDisposable
    {
        public static async Task<TestSite> StartAsync(int port, X509Certificate2 certificate)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
            var app = builder.Build();
            app.MapGet("/", () => Results.Text("计算机与人工智能学院", "text/html; charset=utf-8"));
            await app.StartAsync();
            return new TestSite(app);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
