using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Incidents;

/// <summary>Where a tip stands.</summary>
[JsonConverter(typeof(WireEnumConverter<IncidentTipStatus>))]
public enum IncidentTipStatus
{
    /// <summary>Received by the center, awaiting its triage.</summary>
    [JsonStringEnumMemberName("received")]
    Received,

    /// <summary>The center turned it into an incident report of the unit concerned.</summary>
    [JsonStringEnumMemberName("opened")]
    Opened,

    /// <summary>The center closed it, with its reason.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>
/// A security incident reported to the center by anybody (Art. 33: 学校各单位或师生员工均有义务及时向信息与网络管理中心报告),
/// a vendor included (Att. 2 §8: within 24 hours, naming its company). The center triages it: an incident report for the
/// unit concerned (<c>incident-report</c>), or closed with a reason.
/// </summary>
public sealed class IncidentTipRecord : ILedgerRow
{
    /// <summary>A vendor reports an incident it found within this time (Att. 2 §8: 24 小时内向相关主管部门报告).</summary>
    public static readonly TimeSpan VendorReportWithin = TimeSpan.FromHours(24);

    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The account that reported it.</summary>
    public string? ReportedBy { get; set; }

    /// <summary>报告人姓名.</summary>
    public string ReporterName { get; set; } = string.Empty;

    /// <summary>报告人联系电话.</summary>
    public string ReporterPhone { get; set; } = string.Empty;

    /// <summary>报告人电子邮箱 (for the answer), if given.</summary>
    public string? ReporterEmail { get; set; }

    /// <summary>The vendor's company (公司名称) when a vendor reports.</summary>
    public string? Company { get; set; }

    /// <summary>The unit concerned: as the reporter names it, then as the center decides when opening.</summary>
    public string? UnitCode { get; set; }

    /// <summary>When it happened, as far as the reporter knows.</summary>
    public DateTimeOffset? OccurredAt { get; set; }

    /// <summary>What was seen.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>When the center received it.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Where it stands.</summary>
    public IncidentTipStatus Status { get; set; } = IncidentTipStatus.Received;

    /// <summary>Who triaged it.</summary>
    public string? TriagedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset? TriagedAt { get; set; }

    /// <summary>Why the center closed it.</summary>
    public string? CloseReason { get; set; }

    /// <summary>The incident-report instance it became.</summary>
    public Guid? IncidentInstanceId { get; set; }

    /// <summary>The tip's own instance.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>Incremented on every change.</summary>
    public int Revision { get; set; }

    /// <summary>When the row last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether a vendor (a company) reported it.</summary>
    [JsonIgnore]
    public bool IsVendorReport => !string.IsNullOrWhiteSpace(Company);

    /// <summary>Whether a vendor reported it more than 24 hours after it happened (Att. 2 §8).</summary>
    public bool VendorReportLate => IsVendorReport && OccurredAt is { } occurred && ReceivedAt - occurred > VendorReportWithin;

    /// <summary>A tip received at the act's time from the act's person.</summary>
    public static IncidentTipRecord Receive(string reporterName, string reporterPhone, string? reporterEmail, string? company, string? unitCode, DateTimeOffset? occurredAt, string description, LedgerAct act)
    {
        var tip = new IncidentTipRecord
        {
            Id = Guid.CreateVersion7(act.At),
            ReportedBy = act.By,
            ReporterName = reporterName,
            ReporterPhone = reporterPhone,
            ReporterEmail = string.IsNullOrWhiteSpace(reporterEmail) ? null : reporterEmail,
            Company = string.IsNullOrWhiteSpace(company) ? null : company,
            UnitCode = string.IsNullOrWhiteSpace(unitCode) ? null : unitCode,
            OccurredAt = occurredAt,
            Description = description,
            ReceivedAt = act.At,
            InstanceId = act.InstanceId,
            UpdatedAt = act.At,
        };
        var errors = new LedgerErrors();
        tip.Validate(errors);
        errors.ThrowIfAny();
        return tip;
    }

    /// <summary>The center opens it as an incident report of <paramref name="unitCode"/>.</summary>
    public void Open(string unitCode, LedgerAct act)
    {
        EnsureReceived();
        if (string.IsNullOrWhiteSpace(unitCode))
        {
            throw LedgerValidationException.For("unitCode", "转交单位必填 (the unit to hand it to is required).");
        }

        UnitCode = unitCode;
        Triaged(IncidentTipStatus.Opened, act);
    }

    /// <summary>The center closes it for <paramref name="reason"/> (required).</summary>
    public void Close(string reason, LedgerAct act)
    {
        EnsureReceived();
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw LedgerValidationException.For("closeReason", "不予立案须说明理由 (a reason is required to close a tip).");
        }

        CloseReason = reason;
        Triaged(IncidentTipStatus.Closed, act);
    }

    /// <summary>Links the incident-report instance it became.</summary>
    public void LinkIncident(Guid instanceId, DateTimeOffset at)
    {
        IncidentInstanceId = instanceId;
        Revision++;
        UpdatedAt = at;
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(ReporterName), "reporterName", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(ReporterPhone), "reporterPhone", LedgerRules.Required);
        errors.Check(ReporterEmail is null || LedgerRules.IsEmail(ReporterEmail), "reporterEmail", "须为电子邮箱 (must be an e-mail address).");
        errors.Check(!string.IsNullOrWhiteSpace(Description), "description", LedgerRules.Required);
        errors.Check(OccurredAt is null || OccurredAt <= ReceivedAt, "occurredAt", "不能晚于报告时间 (cannot be after the report).");
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<IncidentTipStatus>());
    }

    private void EnsureReceived()
    {
        if (Status != IncidentTipStatus.Received)
        {
            throw LedgerValidationException.For("decision", $"该报告已{(Status == IncidentTipStatus.Opened ? "转为事件" : "关闭")}，不能再次处理 (the tip is already {Status.ToWire()}).");
        }
    }

    private void Triaged(IncidentTipStatus status, LedgerAct act)
    {
        Status = status;
        TriagedBy = act.By;
        TriagedAt = act.At;
        Revision++;
        UpdatedAt = act.At;
    }
}
