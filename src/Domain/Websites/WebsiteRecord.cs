using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Websites;

/// <summary>Where a website stands in its go-live filing (P3).</summary>
[JsonConverter(typeof(WireEnumConverter<WebsiteStatus>))]
public enum WebsiteStatus
{
    /// <summary>Filed by the unit, awaiting its head and the center.</summary>
    [JsonStringEnumMemberName("applying")]
    Applying,

    /// <summary>The center's security check.</summary>
    [JsonStringEnumMemberName("checking")]
    Checking,

    /// <summary>开通: online.</summary>
    [JsonStringEnumMemberName("online")]
    Online,

    /// <summary>关闭.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>A campus website (校内网站备案登记表, Att. 4) and what the center adds.</summary>
public sealed partial class WebsiteRecord : IUnitLedgerRecord
{
    /// <summary>The build methods of Att. 4.</summary>
    public static readonly string[] BuildMethods = ["site-cluster", "own-with-database"];

    /// <summary>The results of a security check.</summary>
    public static readonly string[] SecurityCheckResults = ["passed", "failed"];

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>单位名称.</summary>
    public string UnitName { get; set; } = string.Empty;

    /// <summary>责任领导.</summary>
    public string ResponsibleLeader { get; set; } = string.Empty;

    /// <summary>责任领导联系电话.</summary>
    public string LeaderPhone { get; set; } = string.Empty;

    /// <summary>网站域名.</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>网站类型: programming language.</summary>
    public string SiteLanguage { get; set; } = string.Empty;

    /// <summary>网站类型: runtime environment.</summary>
    public string Runtime { get; set; } = string.Empty;

    /// <summary>网站类型: database type.</summary>
    public string? DatabaseType { get; set; }

    /// <summary>网站主要栏目.</summary>
    public string MainColumns { get; set; } = string.Empty;

    /// <summary>服务器放置地点 (campus machine room).</summary>
    public string ServerLocation { get; set; } = string.Empty;

    /// <summary>建站方式: <c>site-cluster</c> (利用网站群建站) or <c>own-with-database</c> (带有后台数据库的网站).</summary>
    public string BuildMethod { get; set; } = string.Empty;

    /// <summary>管理员姓名.</summary>
    public string AdminName { get; set; } = string.Empty;

    /// <summary>管理员联系电话.</summary>
    public string AdminPhone { get; set; } = string.Empty;

    /// <summary>管理员 E-mail.</summary>
    public string AdminEmail { get; set; } = string.Empty;

    /// <summary>管理员移动电话.</summary>
    public string AdminMobile { get; set; } = string.Empty;

    /// <summary>申请日期.</summary>
    public DateOnly? ApplicationDate { get; set; }

    /// <summary>The signed website security responsibility letter (Att. 3).</summary>
    public bool ResponsibilityLetterSigned { get; set; }

    /// <summary>所在单位意见.</summary>
    public string? UnitOpinion { get; set; }

    /// <summary>网络信息中心意见.</summary>
    public string? CenterOpinion { get; set; }

    /// <summary>IP地址 (filled by the center).</summary>
    public string? IpAddress { get; set; }

    /// <summary>IP对外开放.</summary>
    public bool? IpOpenToOutside { get; set; }

    /// <summary>服务类型 (HTTP, HTTPS, FTP …), comma-separated.</summary>
    public string? ServiceTypes { get; set; }

    /// <summary>Last security check result: <c>passed</c> or <c>failed</c>.</summary>
    public string? SecurityCheckResult { get; set; }

    /// <summary>Findings of the last security check.</summary>
    public string? SecurityCheckFindings { get; set; }

    /// <summary>How many security checks were run.</summary>
    public int SecurityCheckCount { get; set; }

    /// <summary>Where the website stands.</summary>
    public WebsiteStatus Status { get; set; } = WebsiteStatus.Applying;

    /// <summary>开通日期.</summary>
    public DateOnly? OpeningDate { get; set; }

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Status.ToWire();

    /// <summary>Whether it waits for the unit's head or the center's security check (not yet online, not closed).</summary>
    [JsonIgnore]
    public bool IsAwaitingCheck => Status is WebsiteStatus.Applying or WebsiteStatus.Checking;

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(LedgerRules.IsHostName(Domain), "domain", "须为域名 (must be a host name such as www.zzut.edu.cn).");
        errors.Check(!string.IsNullOrWhiteSpace(UnitName), "unitName", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(AdminName), "adminName", LedgerRules.Required);
        errors.Check(LedgerRules.IsEmail(AdminEmail), "adminEmail", "须为电子邮箱 (must be an e-mail address).");
        errors.Check(BuildMethods.Contains(BuildMethod), "buildMethod", WireNames.OneOf(BuildMethods));
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<WebsiteStatus>());
        errors.Check(SecurityCheckResult is null || SecurityCheckResults.Contains(SecurityCheckResult), "securityCheckResult", WireNames.OneOf(SecurityCheckResults));
        ValidateWatch(errors);
    }
}
