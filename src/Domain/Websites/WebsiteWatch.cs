using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Websites;

/// <summary>What one check of a website found.</summary>
[JsonConverter(typeof(WireEnumConverter<WatchOutcome>))]
public enum WatchOutcome
{
    /// <summary>Answering, certificate fine, fast enough.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>Answering, but its certificate expires soon or it answered slowly.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>Not answering, an error status, or an expired or untrusted certificate.</summary>
    [JsonStringEnumMemberName("failing")]
    Failing,
}

/// <summary>What a probe of a website measured.</summary>
/// <param name="StatusCode">The HTTP status, when it answered.</param>
/// <param name="ResponseTime">How long the answer took.</param>
/// <param name="CertificateExpiresAt">The server certificate's end of validity (HTTPS).</param>
/// <param name="CertificateProblem">What is wrong with the certificate's chain or name, if anything (HTTPS).</param>
/// <param name="Error">Why it could not be reached (connection refused, timeout, TLS failure).</param>
public sealed record WebsiteProbe(int? StatusCode, TimeSpan? ResponseTime, DateTimeOffset? CertificateExpiresAt, string? CertificateProblem, string? Error);

/// <summary>How checks are judged (section <c>Workflows:WebsiteWatch</c>; the job's interval is its Cron schedule).</summary>
public sealed class WebsiteWatchOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:WebsiteWatch";

    /// <summary>Failing checks in a row that open a <c>website-anomaly</c> task for the unit.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>How long a check waits for an answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An answer slower than this is a warning.</summary>
    public TimeSpan SlowResponse { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A certificate that expires within this many days is a warning (the unit is told once per certificate).</summary>
    public int CertificateWarningDays { get; set; } = 14;

    /// <summary>
    /// Extra trusted root certificates (PEM or DER file paths, comma-separated), for sites with certificates of the campus
    /// CA; the system's roots are always trusted.
    /// </summary>
    public string? TrustedRootCertificates { get; set; }

    /// <summary>Checks run at the same time.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>Whether the values are usable.</summary>
    public bool IsValid() =>
        FailureThreshold is >= 1 and <= 100 && Timeout > TimeSpan.Zero && Timeout <= TimeSpan.FromMinutes(5)
        && SlowResponse > TimeSpan.Zero && CertificateWarningDays is >= 0 and <= 365 && Parallelism is >= 1 and <= 64;
}

/// <summary>A recorded check: its outcome, what it means for the procedure, and whether the unit must hear of its certificate.</summary>
/// <param name="Outcome">What the check found.</param>
/// <param name="Transition">What follows for the anomaly procedure.</param>
/// <param name="WarnOfCertificate">The certificate expires soon and the unit was not warned of this one yet.</param>
public sealed record WatchCheck(WatchOutcome Outcome, WatchTransition Transition, bool WarnOfCertificate);

/// <summary>What a recorded check means for the procedure.</summary>
public enum WatchTransition
{
    /// <summary>Nothing to do.</summary>
    None,

    /// <summary>Failing often enough in a row: open a <c>website-anomaly</c> for the unit.</summary>
    OpenAnomaly,

    /// <summary>Answering again while an anomaly is open: tell its instance the site recovered.</summary>
    Recovered,
}

/// <summary>The website watch (Art. 26: 组织专人对网站进行监测，发现网站运行异常及时处置): each check's outcome and the anomaly it opens.</summary>
public sealed partial class WebsiteRecord
{
    /// <summary>The address the watch checks; empty: <c>https://{domain}/</c>.</summary>
    public string? WatchUrl { get; set; }

    /// <summary>When it was last checked.</summary>
    public DateTimeOffset? LastCheckedAt { get; set; }

    /// <summary>What the last check found.</summary>
    public WatchOutcome? LastCheckOutcome { get; set; }

    /// <summary>The HTTP status of the last check.</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>The response time of the last check, in milliseconds.</summary>
    public int? LastResponseMs { get; set; }

    /// <summary>What was wrong at the last check, in Chinese.</summary>
    public string? LastCheckProblem { get; set; }

    /// <summary>The end of validity of its certificate at the last check.</summary>
    public DateTimeOffset? CertificateExpiresAt { get; set; }

    /// <summary>The certificate end the unit was warned of (one warning per certificate).</summary>
    public DateTimeOffset? CertificateWarnedFor { get; set; }

    /// <summary>Failing checks in a row.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>When the current run of failures began.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    /// <summary>The anomaly instance opened for the current run of failures (cleared when the site recovers).</summary>
    public Guid? AnomalyInstanceId { get; set; }

    /// <summary>Whether that anomaly is still being handled by the unit.</summary>
    public bool AnomalyOpen { get; set; }

    /// <summary>The cause the unit gave for its last anomaly.</summary>
    public string? LastAnomalyCause { get; set; }

    /// <summary>The measures the unit took for its last anomaly.</summary>
    public string? LastAnomalyMeasures { get; set; }

    /// <summary>The watch's own rule: a watch address is an absolute http or https address.</summary>
    private void ValidateWatch(LedgerErrors errors) =>
        errors.Check(
            string.IsNullOrEmpty(WatchUrl) || (Uri.TryCreate(WatchUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
            "watchUrl",
            "须为 http 或 https 地址 (must be an http or https address).");

    /// <summary>The address to check.</summary>
    public Uri CheckUri() => Uri.TryCreate(WatchUrl, UriKind.Absolute, out var uri) ? uri : new Uri($"https://{Domain}/");

    /// <summary>The business key of the anomaly of the current run of failures: <c>website:{id}:anomaly:{yyyyMMddHHmm}</c>.</summary>
    public string AnomalyBusinessKey() => $"website:{Id}:anomaly:{FailingSince:yyyyMMddHHmm}";

    /// <summary>
    /// Records a check at <paramref name="at"/>: its outcome and measurements, the run of failures, and what follows —
    /// the threshold reached with no anomaly yet for this run opens one; a site answering again while its anomaly is open
    /// has recovered; a certificate about to expire is to be told to the unit once.
    /// </summary>
    public WatchCheck RecordCheck(WebsiteProbe probe, WebsiteWatchOptions policy, DateTimeOffset at)
    {
        var problems = new List<string>();
        var failing = false;
        if (probe.Error is not null)
        {
            failing = true;
            problems.Add($"无法访问：{probe.Error}");
        }
        else if (probe.StatusCode is not (>= 200 and < 400))
        {
            failing = true;
            problems.Add($"HTTP 状态 {probe.StatusCode}");
        }

        if (probe.CertificateExpiresAt is { } expires && expires <= at)
        {
            failing = true;
            problems.Add($"证书已于 {expires.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd} 过期");
        }

        if (probe.CertificateProblem is not null)
        {
            failing = true;
            problems.Add($"证书不受信任：{probe.CertificateProblem}");
        }

        var warning = false;
        var expiringSoon = false;
        if (!failing && probe.CertificateExpiresAt is { } soon && soon <= at.AddDays(policy.CertificateWarningDays))
        {
            warning = true;
            expiringSoon = true;
            problems.Add($"证书将于 {soon.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd} 过期");
        }

        if (!failing && probe.ResponseTime > policy.SlowResponse)
        {
            warning = true;
            problems.Add($"响应缓慢（{probe.ResponseTime.Value.TotalMilliseconds:0} 毫秒）");
        }

        var outcome = failing ? WatchOutcome.Failing : warning ? WatchOutcome.Warning : WatchOutcome.Ok;
        LastCheckedAt = at;
        LastCheckOutcome = outcome;
        LastStatusCode = probe.StatusCode;
        LastResponseMs = probe.ResponseTime is { } time ? (int)Math.Min(int.MaxValue, time.TotalMilliseconds) : null;
        LastCheckProblem = problems.Count == 0 ? null : string.Join("；", problems);
        CertificateExpiresAt = probe.CertificateExpiresAt ?? CertificateExpiresAt;
        this.Touch(at);

        if (failing)
        {
            ConsecutiveFailures++;
            FailingSince ??= at;
            return new WatchCheck(outcome, ConsecutiveFailures >= policy.FailureThreshold && AnomalyInstanceId is null ? WatchTransition.OpenAnomaly : WatchTransition.None, false);
        }

        var recovered = AnomalyInstanceId is not null && AnomalyOpen;
        ConsecutiveFailures = 0;
        FailingSince = null;
        AnomalyInstanceId = null;
        AnomalyOpen = false;
        return new WatchCheck(outcome, recovered ? WatchTransition.Recovered : WatchTransition.None, expiringSoon && CertificateWarnedFor != CertificateExpiresAt);
    }

    /// <summary>The anomaly of the current run of failures was opened.</summary>
    public void AnomalyOpened(Guid instanceId, DateTimeOffset at)
    {
        AnomalyInstanceId = instanceId;
        AnomalyOpen = true;
        this.Touch(at);
    }

    /// <summary>The unit handled the anomaly: its cause and measures; the watch opens no other for this run of failures.</summary>
    public void AnomalyHandled(string cause, string measures, DateTimeOffset at)
    {
        var errors = new LedgerErrors();
        errors.Check(!string.IsNullOrWhiteSpace(cause), "cause", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(measures), "measures", LedgerRules.Required);
        errors.ThrowIfAny();
        AnomalyOpen = false;
        LastAnomalyCause = cause;
        LastAnomalyMeasures = measures;
        this.Touch(at);
    }

    /// <summary>The unit was warned of the current certificate's end.</summary>
    public void CertificateWarned(DateTimeOffset at)
    {
        CertificateWarnedFor = CertificateExpiresAt;
        this.Touch(at);
    }

    /// <summary>Whether it fails the watch now (online, last check failing).</summary>
    [JsonIgnore]
    public bool IsFailingWatch => Status == WebsiteStatus.Online && LastCheckOutcome == WatchOutcome.Failing;
}
