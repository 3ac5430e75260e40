namespace Zzut.Workflows.Domain.Hosting;

/// <summary>A physical server hosted in the data center (托管服务器备案登记表, Att. 8).</summary>
public sealed class HostedServerRecord : IUnitLedgerRecord
{
    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <summary>托管单位.</summary>
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>申请人姓名.</summary>
    public string Applicant { get; set; } = string.Empty;

    /// <summary>申请人联系方式.</summary>
    public string ApplicantContact { get; set; } = string.Empty;

    /// <summary>服务器配置.</summary>
    public string ServerConfiguration { get; set; } = string.Empty;

    /// <summary>网络安全设备情况.</summary>
    public string SecurityDevices { get; set; } = string.Empty;

    /// <summary>托管周期 from.</summary>
    public DateOnly HostingFrom { get; set; }

    /// <summary>托管周期 to.</summary>
    public DateOnly HostingTo { get; set; }

    /// <summary>服务器用途.</summary>
    public string Purpose { get; set; } = string.Empty;

    /// <summary>备注.</summary>
    public string? Remarks { get; set; }

    /// <summary>安全责任人 (Att. 7).</summary>
    public string SecurityOfficer { get; set; } = string.Empty;

    /// <summary>安全责任人联系电话.</summary>
    public string SecurityOfficerPhone { get; set; } = string.Empty;

    /// <summary>系统管理员 (Att. 7).</summary>
    public string SystemAdministrator { get; set; } = string.Empty;

    /// <summary>系统管理员联系电话.</summary>
    public string SystemAdministratorPhone { get; set; } = string.Empty;

    /// <summary>The signed hosting security responsibility letter (Att. 7).</summary>
    public bool ResponsibilityLetterSigned { get; set; }

    /// <summary>Expert opinion on the special hardware need (Art. 19).</summary>
    public string? ExpertOpinion { get; set; }

    /// <summary>服务器名称.</summary>
    public string? ServerName { get; set; }

    /// <summary>IP 地址.</summary>
    public string? IpAddress { get; set; }

    /// <summary>经办人.</summary>
    public string? Handler { get; set; }

    /// <summary>负责人 (the center's).</summary>
    public string? CenterResponsible { get; set; }

    /// <summary>Where the server stands.</summary>
    public HostedServerStatus Status { get; set; } = HostedServerStatus.Applying;

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Status.ToWire();

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(ServerConfiguration), "serverConfiguration", LedgerRules.Required);
        errors.Check(HostingTo > HostingFrom, "hostingTo", "托管周期结束须晚于开始 (the hosting period must end after it starts).");
        errors.Check(!string.IsNullOrWhiteSpace(Purpose), "purpose", LedgerRules.Required);
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<HostedServerStatus>());
    }
}
