using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Incidents;

/// <summary>A security incident (网络信息安全突发事件报告单, Att. 10) and its reporting clocks.</summary>
public sealed class IncidentRecord : IUnitLedgerRecord
{
    /// <summary>Categories of GB/T 20986-2007.</summary>
    public static readonly string[] Categories = ["harmful-program", "network-attack", "information-destruction", "information-content", "fault", "disaster", "other"];

    /// <summary>Harm (危害表象).</summary>
    public static readonly string[] Harms = ["network-outage", "system-down", "data-destroyed", "data-leaked", "other"];

    /// <summary>Incident levels: 1 (Ⅰ 特别重大) … 4 (Ⅳ 一般).</summary>
    public const int LowestLevel = 4;

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <summary>事发单位 (the affected unit, owner of the row).</summary>
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>Short title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>报告单位 (usually the affected unit).</summary>
    public string? ReportingUnit { get; set; }

    /// <summary>报告时间 of the written report form.</summary>
    public DateTimeOffset? ReportTime { get; set; }

    /// <summary>事件起始时间: when it happened (事发). Every reporting deadline counts from here.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When it was discovered; the in-progress report is due 1 h after.</summary>
    public DateTimeOffset DiscoveredAt { get; set; }

    /// <summary>When it was entered here.</summary>
    public DateTimeOffset EnteredAt { get; set; }

    /// <summary>When the oral first report was made (due 30 min after occurrence).</summary>
    public DateTimeOffset? OralReportAt { get; set; }

    /// <summary>Whom the oral report reached (supervising leader, office).</summary>
    public string? OralReportTo { get; set; }

    /// <summary>When the written report was submitted (due 1 h after occurrence).</summary>
    public DateTimeOffset? WrittenReportAt { get; set; }

    /// <summary>填报人.</summary>
    public string? FilledBy { get; set; }

    /// <summary>审核人 (the unit's head).</summary>
    public string? ReviewedBy { get; set; }

    /// <summary>事件分类.</summary>
    public string Category { get; set; } = "other";

    /// <summary>危害表象.</summary>
    public string? Harm { get; set; }

    /// <summary>事件描述: cause, nature, first judgement of harm.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>处置措施.</summary>
    public string? MeasuresTaken { get; set; }

    /// <summary>事件后果的初步估计.</summary>
    public string? ExpectedConsequences { get; set; }

    /// <summary>有关意见和建议.</summary>
    public string? Opinions { get; set; }

    /// <summary>Level the office proposes: 1 (Ⅰ 特别重大) … 4 (Ⅳ 一般).</summary>
    public int? ProposedLevel { get; set; }

    /// <summary>Level the leading group approved.</summary>
    public int? ApprovedLevel { get; set; }

    /// <summary>Where the handling stands; the row's status.</summary>
    public IncidentPhase Phase { get; set; } = IncidentPhase.Emergency;

    /// <summary>When handling ended; the rectification report is due 1 working day after.</summary>
    public DateTimeOffset? HandlingCompletedAt { get; set; }

    /// <summary>Handling summary: losses, cause, the fixed vulnerability, restored service.</summary>
    public string? HandlingSummary { get; set; }

    /// <summary>Whether the police were involved (deliberate damage).</summary>
    public bool? PoliceInvolved { get; set; }

    /// <summary>Due instant of the rectification report.</summary>
    public DateTimeOffset? RectificationReportDue { get; set; }

    /// <summary>When the rectification report was submitted.</summary>
    public DateTimeOffset? RectificationReportAt { get; set; }

    /// <summary>The rectification report: lessons, posture, hidden risks, strengthened measures.</summary>
    public string? RectificationReport { get; set; }

    /// <summary>On time, 漏报 (missed) or 瞒报 (concealed); it only ever gets worse.</summary>
    public ReportingStatus ReportingStatus { get; set; } = ReportingStatus.OnTime;

    /// <summary>The row's status: its phase.</summary>
    public IncidentPhase Status => Phase;

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Phase.ToWire();

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Interviews and circulated notices recorded against the incident.</summary>
    public List<AccountabilityRecord> Accountability { get; set; } = [];

    /// <summary>Whether its handling is still under way.</summary>
    [JsonIgnore]
    public bool IsOpen => Phase != IncidentPhase.Closed;

    /// <summary>The reporting status the clocks give at <paramref name="now"/> (<see cref="IncidentReporting.StatusAt"/>).</summary>
    public ReportingStatus ReportingStatusAt(DateTimeOffset now) => IncidentReporting.StatusAt(OccurredAt, WrittenReportAt, now);

    /// <summary>
    /// The incident is entered here at <paramref name="now"/>, and judged at once: entered 1 hour or more after it
    /// happened it is already 漏报. The reporting unit is the affected unit unless one was given.
    /// </summary>
    public void Enter(DateTimeOffset now)
    {
        EnteredAt = now;
        ReportingUnit ??= UnitCode;
        ReportingStatus = ReportingStatusAt(now);
    }

    /// <summary>
    /// Judges the reporting status at <paramref name="now"/>; the status only ever gets worse. Returns true when this
    /// judgement made it worse (so that each notice of lateness is sent once); the row is then changed.
    /// </summary>
    public bool Assess(DateTimeOffset now)
    {
        var judged = ReportingStatusAt(now);
        if (judged <= ReportingStatus)
        {
            return false;
        }

        ReportingStatus = judged;
        this.Touch(now);
        return true;
    }

    /// <summary>Records an interview (约谈) or circulated notice (通报) against the incident (Art. 39); add the returned row to the ledger.</summary>
    public AccountabilityRecord RecordAccountability(AccountabilityKind kind, string responsiblePerson, string reason, string? recordedBy, LedgerAct act)
    {
        var measure = new AccountabilityRecord
        {
            Id = Guid.CreateVersion7(act.At),
            IncidentId = Id,
            Kind = kind,
            ResponsiblePerson = responsiblePerson,
            Reason = reason,
            RecordedBy = recordedBy,
            RecordedAt = act.At,
            InstanceId = act.InstanceId,
        };
        this.Touch(act.At);
        return measure;
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(Title) && Title.Length <= 200, "title", "必填，最多 200 字 (required, at most 200 characters).");
        errors.Check(Categories.Contains(Category), "category", WireNames.OneOf(Categories));
        errors.Check(Harm is null || Harms.Contains(Harm), "harm", WireNames.OneOf(Harms));
        errors.Check(DiscoveredAt >= OccurredAt, "discoveredAt", "发现时间不能早于发生时间 (discovery cannot precede occurrence).");
        errors.Check(ProposedLevel is null or (>= 1 and <= LowestLevel), "proposedLevel", "事件级别须为 1–4 (Ⅰ–Ⅳ).");
        errors.Check(ApprovedLevel is null or (>= 1 and <= LowestLevel), "approvedLevel", "事件级别须为 1–4 (Ⅰ–Ⅳ).");
        errors.Check(WireNames.IsDefined(Phase), "phase", WireNames.OneOf<IncidentPhase>());
        errors.Check(WireNames.IsDefined(ReportingStatus), "reportingStatus", WireNames.OneOf<ReportingStatus>());
    }
}
