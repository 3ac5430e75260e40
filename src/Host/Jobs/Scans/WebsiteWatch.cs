using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities.Email;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Websites;
using Zzut.Workflows.Messaging;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Jobs.Scans;

/// <summary>Checks one website: HTTP status, certificate, response time.</summary>
public interface IWebsiteProbe
{
    /// <summary>What a GET of <paramref name="uri"/> found (never throws for the site's faults: they are the probe's <c>Error</c>).</summary>
    Task<WebsiteProbe> ProbeAsync(Uri uri, CancellationToken cancellationToken = default);
}

/// <summary>
/// The probe over HTTP(S): a GET without following redirects (a redirect answers), within the configured timeout. The
/// server certificate is judged by the system's roots and the configured extra roots (the campus CA), at the
/// <see cref="TimeProvider"/>'s time; its end of validity is reported.
/// </summary>
public sealed class HttpWebsiteProbe(IOptionsMonitor<WebsiteWatchOptions> options, TimeProvider time) : IWebsiteProbe
{
    /// <inheritdoc />
    public async Task<WebsiteProbe> ProbeAsync(Uri uri, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        X509Certificate2? certificate = null;
        string? certificateProblem = null;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = settings.Timeout,
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
#pragma warning disable CA5359 // The watch only looks: it sends nothing secret, and a bad certificate is its finding (Judge), recorded as a failing check.
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                {
                    if (presented is not null)
                    {
                        certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
                        certificateProblem = Judge(certificate, errors, settings);
                    }

                    // The site answers either way; what is wrong with its certificate is the check's finding.
                    return true;
                },
#pragma warning restore CA5359
            },
        };
        using var client = new HttpClient(handler) { Timeout = settings.Timeout };
        var started = time.GetTimestamp();
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new WebsiteProbe((int)response.StatusCode, time.GetElapsedTime(started), Expiry(certificate), certificateProblem, null);
        }
        catch (HttpRequestException ex)
        {
            return new WebsiteProbe(null, null, Expiry(certificate), certificateProblem, ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "域名无法解析",
                HttpRequestError.ConnectionError => "无法连接",
                HttpRequestError.SecureConnectionError => "安全连接（TLS）失败",
                _ => "请求失败",
            } + $" ({ex.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebsiteProbe(null, null, Expiry(certificate), certificateProblem, $"超时（{settings.Timeout.TotalSeconds:0} 秒无响应）");
        }
        finally
        {
            certificate?.Dispose();
        }
    }

    private static DateTimeOffset? Expiry(X509Certificate2? certificate) => certificate is null ? null : new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>What is wrong with the certificate's chain or name, judged now; null when nothing.</summary>
    private string? Judge(X509Certificate2 certificate, SslPolicyErrors errors, WebsiteWatchOptions settings)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return "证书与域名不符";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "未提供证书";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        var roots = ExtraRoots(settings);
        if (roots.Count > 0)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        }

        // The end of validity is judged by the watch itself (expired, or expiring soon), so only the chain counts here.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        if (chain.Build(certificate) || (roots.Count > 0 && BuildWithSystemRoots(certificate)))
        {
            return null;
        }

        return "证书链不受信任";
    }

    private bool BuildWithSystemRoots(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        return chain.Build(certificate);
    }

    private static X509Certificate2Collection ExtraRoots(WebsiteWatchOptions settings)
    {
        var roots = new X509Certificate2Collection();
        foreach (var path in (settings.TrustedRootCertificates ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = File.ReadAllText(path);
            roots.Add(text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(path));
        }

        return roots;
    }
}

/// <summary>
/// <c>website-watch</c> (Art. 26): checks every online website of the ledger (HTTP status, certificate, response time;
/// hourly by default) and records the last check on its row. <c>FailureThreshold</c> failing checks in a row open one
/// <c>website-anomaly</c> for the unit (the center is told) — once per run of failures; when the site answers again, the
/// open anomaly is told (<c>website-recovered</c>), which closes the unit's handling task. A certificate about to expire
/// is told to the unit once. A run's "started" are the anomalies it opened.
/// </summary>
public sealed class WebsiteWatchJob(
    ScanRunner runner, IServiceScopeFactory scopes, IWebsiteProbe probe, IWorkflowEngine engine, IOptionsMonitor<WebsiteWatchOptions> options,
    IRecipientDirectory recipients, EmailTemplates templates) : ScanJob(runner)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "website-watch";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Checks every online website (status, certificate, response time); repeated failures open website-anomaly for the unit.";

    /// <inheritdoc />
    public override string DefaultCron => "0 * * * *";

    /// <inheritdoc />
    public override async Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        List<(WebsiteRecord Site, string Key)> toOpen = [];
        List<(WebsiteRecord Site, string Key)> recovered = [];
        await using (var scope = scopes.CreateAsyncScope())
        {
            var sites = await scope.ServiceProvider.GetRequiredService<DutyLedger>().WatchedWebsitesAsync(cancellationToken);
            var probes = new WebsiteProbe[sites.Count];
            await Parallel.ForAsync(0, sites.Count, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken }, async (i, token) =>
                probes[i] = await probe.ProbeAsync(sites[i].CheckUri(), token));

            var messages = new List<OutgoingMessage>();
            for (var i = 0; i < sites.Count; i++)
            {
                var site = sites[i];
                var anomalyKey = site.AnomalyBusinessKey();
                var check = site.RecordCheck(probes[i], settings, now);
                if (check.Transition == WatchTransition.OpenAnomaly)
                {
                    toOpen.Add((site, site.AnomalyBusinessKey()));
                }
                else if (check.Transition == WatchTransition.Recovered)
                {
                    recovered.Add((site, anomalyKey));
                }

                if (check.WarnOfCertificate && await EmailAsync(site, $"【证书即将到期】{site.Domain}",
                    $"网站 {site.Domain} 的 HTTPS 证书将于 {site.CertificateExpiresAt!.Value.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} 到期，请在到期前更换证书，以免网站无法正常访问。", cancellationToken) is { } warning)
                {
                    messages.Add(warning);
                    site.CertificateWarned(now);
                }
            }

            // The checks (and the certificate warnings with their marks) commit together.
            await scope.ServiceProvider.GetRequiredService<IOutbox>().EnqueueAsync(messages, cancellationToken);
        }

        var opened = new List<Guid>();
        foreach (var (site, key) in toOpen)
        {
            opened.Add(await OpenAnomalyAsync(site, key, now, cancellationToken));
        }

        foreach (var (site, key) in recovered)
        {
            await engine.CorrelateMessageAsync(Procedures.WebsiteRecoveredMessage, key, new JsonObject { ["recoveredAt"] = Local(now) }, cancellationToken);
        }

        return new ScanOutcome(opened, 0);
    }

    /// <summary>Starts the unit's anomaly (or finds the one a crashed run started) and records it on the row.</summary>
    private async Task<Guid> OpenAnomalyAsync(WebsiteRecord site, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Guid instanceId;
        try
        {
            var variables = new JsonObject
            {
                ["websiteId"] = site.Id.ToString(),
                ["unitCode"] = site.UnitCode,
                ["domain"] = site.Domain,
                ["failingSince"] = site.FailingSince is { } since ? Local(since) : null,
                ["failures"] = site.ConsecutiveFailures,
                ["problem"] = site.LastCheckProblem,
            };
            instanceId = (await engine.StartAsync(new StartInstanceRequest(Procedures.WebsiteAnomaly, null, key, variables, "scan:" + Name), cancellationToken)).Id;
        }
        catch (WorkflowConflictException)
        {
            instanceId = (await engine.QueryInstancesAsync(new InstanceQuery(Procedures.WebsiteAnomaly, null, key), cancellationToken))[0].Id;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var row = await db.Websites.FindAsync([site.Id], cancellationToken);
        row?.AnomalyOpened(instanceId, now);
        await db.SaveChangesAsync(cancellationToken);
        return instanceId;
    }

    /// <summary>An instant as a process variable holds it (a form's datetime): ISO 8601 in Beijing time.</summary>
    private static string Local(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private async Task<OutgoingMessage?> EmailAsync(WebsiteRecord site, string subject, string body, CancellationToken cancellationToken)
    {
        var to = await recipients.ResolveAsync([$"unit:{site.UnitCode}"], cancellationToken);
        if (to.Count == 0)
        {
            return null;
        }

        var cc = await recipients.ResolveAsync(["role:center"], cancellationToken);
        var email = await templates.RenderAsync("notice", new JsonObject { ["body"] = body }, subject);
        return email.ToMessage(to, cc);
    }
}
