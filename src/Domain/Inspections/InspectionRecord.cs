using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Inspections;

/// <summary>Where a unit's part of an inspection stands.</summary>
[JsonConverter(typeof(WireEnumConverter<InspectionUnitStatus>))]
public enum InspectionUnitStatus
{
    /// <summary>Planned: the center has not recorded its findings yet.</summary>
    [JsonStringEnumMemberName("planned")]
    Planned,

    /// <summary>Problems were found; the center issues the deadline rectification notice.</summary>
    [JsonStringEnumMemberName("findings")]
    Findings,

    /// <summary>The unit rectifies under a notice.</summary>
    [JsonStringEnumMemberName("rectifying")]
    Rectifying,

    /// <summary>Nothing found, or the rectification was verified.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>What the inspection of a unit found.</summary>
[JsonConverter(typeof(WireEnumConverter<InspectionResult>))]
public enum InspectionResult
{
    /// <summary>未发现问题.</summary>
    [JsonStringEnumMemberName("conform")]
    Conform,

    /// <summary>发现问题: a deadline rectification notice follows.</summary>
    [JsonStringEnumMemberName("findings")]
    Findings,
}

/// <summary>Why a unit is inspected: the center's inspection (Art. 35) or findings of the unit's own self-inspection (Art. 34).</summary>
[JsonConverter(typeof(WireEnumConverter<InspectionSource>))]
public enum InspectionSource
{
    /// <summary>信息与网络管理中心检查.</summary>
    [JsonStringEnumMemberName("inspection")]
    Inspection,

    /// <summary>单位自查发现的问题.</summary>
    [JsonStringEnumMemberName("self-inspection")]
    SelfInspection,
}

/// <summary>
/// An inspection the center plans (Art. 35: 联合学校相关单位对各单位网络信息安全工作落实情况进行检查): its number, scope, date,
/// inspectors and the units inspected; each unit's findings and notice are an <see cref="InspectionUnitRecord"/>.
/// </summary>
public sealed class InspectionRecord : ILedgerRow
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>检查编号.</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>检查名称.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>检查范围和内容.</summary>
    public string Scope { get; set; } = string.Empty;

    /// <summary>检查日期.</summary>
    public DateOnly PlannedDate { get; set; }

    /// <summary>检查人员.</summary>
    public string Inspectors { get; set; } = string.Empty;

    /// <summary>联合检查的学校相关单位.</summary>
    public string? JointUnits { get; set; }

    /// <summary>The units inspected (comma-separated codes).</summary>
    public string UnitCodes { get; set; } = string.Empty;

    /// <summary>Who planned it.</summary>
    public string? PlannedBy { get; set; }

    /// <summary>The instance that planned it.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>When it was planned.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The units, as a list.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Units => UnitCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A planned inspection of the units.</summary>
    public static InspectionRecord Plan(string number, string title, string scope, DateOnly plannedDate, string inspectors, string? jointUnits, IEnumerable<string> unitCodes, LedgerAct act)
    {
        var inspection = new InspectionRecord
        {
            Id = Guid.CreateVersion7(act.At),
            Number = number.Trim(),
            Title = title.Trim(),
            Scope = scope,
            PlannedDate = plannedDate,
            Inspectors = inspectors,
            JointUnits = string.IsNullOrWhiteSpace(jointUnits) ? null : jointUnits,
            UnitCodes = string.Join(",", unitCodes.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal)),
            PlannedBy = act.By,
            InstanceId = act.InstanceId,
            CreatedAt = act.At,
        };
        var errors = new LedgerErrors();
        inspection.Validate(errors);
        errors.ThrowIfAny();
        return inspection;
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(Number) && Number.Length <= 64, "number", "必填，最多 64 字 (required, at most 64 characters).");
        errors.Check(!string.IsNullOrWhiteSpace(Title), "title", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(Scope), "scope", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(Inspectors), "inspectors", LedgerRules.Required);
        errors.Check(Units.Count > 0 && Units.All(LedgerRules.IsUnitCode), "unitCodes", "须列出被检查单位 (name the units inspected).");
    }
}

/// <summary>
/// One unit's part of an inspection: the center's findings, the deadline rectification notice (限期整改通知书) they led
/// to, and whether it is closed. Findings of a self-inspection that the center turns into a notice are recorded the same way.
/// </summary>
public sealed class InspectionUnitRecord : IUnitLedgerRecord
{
    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <summary>The center's inspection, if any.</summary>
    public Guid? InspectionId { get; set; }

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>Why the unit is inspected.</summary>
    public InspectionSource Source { get; set; } = InspectionSource.Inspection;

    /// <summary>The inspection's name.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>When the inspection was planned for.</summary>
    public DateOnly? PlannedDate { get; set; }

    /// <summary>When the unit was inspected.</summary>
    public DateOnly? InspectedOn { get; set; }

    /// <summary>What was found.</summary>
    public InspectionResult? Result { get; set; }

    /// <summary>The problems found.</summary>
    public string? Findings { get; set; }

    /// <summary>The notice issued for them.</summary>
    public Guid? NoticeId { get; set; }

    /// <summary>When it closed.</summary>
    public DateOnly? ClosedOn { get; set; }

    /// <summary>Where it stands.</summary>
    public InspectionUnitStatus Status { get; set; } = InspectionUnitStatus.Planned;

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Status.ToWire();

    /// <summary>Not closed.</summary>
    [JsonIgnore]
    public bool IsOpen => Status != InspectionUnitStatus.Closed;

    /// <summary>
    /// Overdue on <paramref name="today"/>: still planned after its date, or rectifying under a notice whose deadline has
    /// passed (<paramref name="notice"/>, the notice it issued).
    /// </summary>
    public bool IsOverdue(DateOnly today, Systems.RectificationNoticeRecord? notice) =>
        (Status == InspectionUnitStatus.Planned && PlannedDate < today)
        || (Status == InspectionUnitStatus.Rectifying && notice is not null
            && (notice.Status == Systems.RectificationNoticeStatus.Overdue || (notice.Status != Systems.RectificationNoticeStatus.Completed && notice.IsPastDeadline(today))));

    /// <summary>Records the center's findings: nothing found closes it; problems wait for the notice.</summary>
    public void RecordFindings(DateOnly inspectedOn, InspectionResult result, string? findings, LedgerAct act)
    {
        var errors = new LedgerErrors();
        errors.Check(Status == InspectionUnitStatus.Planned, "status", "检查结果已记录 (the findings are recorded already).");
        errors.Check(result == InspectionResult.Conform || !string.IsNullOrWhiteSpace(findings), "findings", "发现问题时须写明问题 (name the problems found).");
        errors.Check(inspectedOn <= act.Today, "inspectedOn", "不能晚于今天 (cannot be in the future).");
        errors.ThrowIfAny();
        InspectedOn = inspectedOn;
        Result = result;
        Findings = string.IsNullOrWhiteSpace(findings) ? null : findings;
        Status = result == InspectionResult.Conform ? InspectionUnitStatus.Closed : InspectionUnitStatus.Findings;
        ClosedOn = result == InspectionResult.Conform ? act.Today : null;
        this.Touch(act.At);
    }

    /// <summary>The notice is issued: the unit rectifies under it.</summary>
    public void NoticeIssued(Guid noticeId, LedgerAct act)
    {
        if (Status != InspectionUnitStatus.Findings)
        {
            throw LedgerValidationException.For("status", "只有发现问题的检查才签发整改通知书 (a notice follows findings only).");
        }

        NoticeId = noticeId;
        Status = InspectionUnitStatus.Rectifying;
        this.Touch(act.At);
    }

    /// <summary>The center verified the rectification.</summary>
    public void Close(LedgerAct act)
    {
        Status = InspectionUnitStatus.Closed;
        ClosedOn = act.Today;
        this.Touch(act.At);
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(Title), "title", LedgerRules.Required);
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<InspectionUnitStatus>());
        errors.Check(WireNames.IsDefined(Source), "source", WireNames.OneOf<InspectionSource>());
    }
}
