using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Emergency;

/// <summary>Whose emergency plan: the school's (the center writes it) or a unit's own (Art. 29).</summary>
[JsonConverter(typeof(WireEnumConverter<EmergencyPlanScope>))]
public enum EmergencyPlanScope
{
    /// <summary>学校网络信息安全应急预案 (信息与网络管理中心制订).</summary>
    [JsonStringEnumMemberName("school")]
    School,

    /// <summary>本单位网络信息安全应急预案.</summary>
    [JsonStringEnumMemberName("unit")]
    Unit,
}

/// <summary>Where a version of an emergency plan stands.</summary>
[JsonConverter(typeof(WireEnumConverter<EmergencyPlanStatus>))]
public enum EmergencyPlanStatus
{
    /// <summary>Filed with the leading group: the version in force.</summary>
    [JsonStringEnumMemberName("in-force")]
    InForce,

    /// <summary>A later version was filed.</summary>
    [JsonStringEnumMemberName("superseded")]
    Superseded,
}

/// <summary>
/// A version of an emergency plan filed with the leading group (应急预案制修订后报领导小组备案, Art. 29). Every filing is a new
/// version; the previous one of the same owner is superseded and kept. Each version is reviewed yearly (Art. 30).
/// </summary>
public sealed class EmergencyPlanRecord : ILedgerRow
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The school's plan or a unit's.</summary>
    public EmergencyPlanScope Scope { get; set; }

    /// <summary>The unit, for a unit's plan.</summary>
    public string? UnitCode { get; set; }

    /// <summary>预案名称.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The version number: 1 for the first filing of its owner, then one more for each.</summary>
    public int Version { get; set; }

    /// <summary>预案主要内容 (organisation, levels, response steps, contacts).</summary>
    public string Summary { get; set; } = string.Empty;

    /// <summary>制修订说明.</summary>
    public string? RevisionNote { get; set; }

    /// <summary>For a unit's plan: why the school's plan does not meet its needs (Art. 29).</summary>
    public string? Reason { get; set; }

    /// <summary>施行日期.</summary>
    public DateOnly? EffectiveDate { get; set; }

    /// <summary>备案编号.</summary>
    public string FilingNumber { get; set; } = string.Empty;

    /// <summary>备案日期.</summary>
    public DateOnly FiledOn { get; set; }

    /// <summary>Who in the leading group filed it.</summary>
    public string? FiledBy { get; set; }

    /// <summary>Where it stands.</summary>
    public EmergencyPlanStatus Status { get; set; } = EmergencyPlanStatus.InForce;

    /// <summary>When its yearly review falls due.</summary>
    public DateOnly? NextReviewDue { get; set; }

    /// <summary>The review due date its owner was reminded of (one reminder per due date).</summary>
    public DateOnly? ReviewRemindedFor { get; set; }

    /// <summary>The instance that filed it.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>When it was filed.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who keeps it: <c>school</c>, or the unit's code.</summary>
    [JsonIgnore]
    public string Owner => Scope == EmergencyPlanScope.School ? "school" : UnitCode ?? string.Empty;

    /// <summary>In force, and its review falls due by a date: its owner is reminded (once per due date).</summary>
    public static readonly LedgerRule<EmergencyPlanRecord, DateOnly> ReviewDueBy = new((p, date) =>
        p.Status == EmergencyPlanStatus.InForce && p.NextReviewDue != null && p.NextReviewDue <= date);

    /// <summary>Whether the owner was already reminded of the review now due.</summary>
    [JsonIgnore]
    public bool IsReviewReminded => ReviewRemindedFor is not null && ReviewRemindedFor == NextReviewDue;

    /// <summary>
    /// Files a new version for its owner: version = one more than the owner's versions so far; the version in force
    /// before is superseded; the next review falls due <paramref name="reviewMonths"/> after filing.
    /// </summary>
    public static EmergencyPlanRecord File(
        EmergencyPlanScope scope, string? unitCode, string title, string summary, string? revisionNote, string? reason, DateOnly? effectiveDate,
        string filingNumber, IReadOnlyList<EmergencyPlanRecord> ownersVersions, int reviewMonths, LedgerAct act)
    {
        var plan = new EmergencyPlanRecord
        {
            Id = Guid.CreateVersion7(act.At),
            Scope = scope,
            UnitCode = scope == EmergencyPlanScope.Unit ? unitCode : null,
            Title = title.Trim(),
            Summary = summary,
            RevisionNote = string.IsNullOrWhiteSpace(revisionNote) ? null : revisionNote,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason,
            EffectiveDate = effectiveDate,
            FilingNumber = filingNumber.Trim(),
            FiledOn = act.Today,
            FiledBy = act.By,
            Status = EmergencyPlanStatus.InForce,
            NextReviewDue = act.Today.AddMonths(reviewMonths),
            InstanceId = act.InstanceId,
            CreatedAt = act.At,
            UpdatedAt = act.At,
        };
        var errors = new LedgerErrors();
        plan.Validate(errors);
        errors.Check(ownersVersions.All(v => v.Owner == plan.Owner), "unitCode", "版本须属于同一单位 (versions of another owner).");
        errors.ThrowIfAny();
        plan.Version = ownersVersions.Count == 0 ? 1 : ownersVersions.Max(v => v.Version) + 1;
        foreach (var previous in ownersVersions.Where(v => v.Status == EmergencyPlanStatus.InForce))
        {
            previous.Status = EmergencyPlanStatus.Superseded;
            previous.UpdatedAt = act.At;
        }

        return plan;
    }

    /// <summary>Marks the review now due as reminded.</summary>
    public void MarkReviewReminded(DateTimeOffset at)
    {
        ReviewRemindedFor = NextReviewDue;
        UpdatedAt = at;
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(WireNames.IsDefined(Scope), "scope", WireNames.OneOf<EmergencyPlanScope>());
        errors.Check(Scope == EmergencyPlanScope.School || (UnitCode is { } unit && LedgerRules.IsUnitCode(unit)), "unitCode", "单位预案须注明单位 (a unit's plan names its unit).");
        errors.Check(Scope == EmergencyPlanScope.School || !string.IsNullOrWhiteSpace(Reason), "reason", "须说明学校预案不能满足需求的原因 (Art. 29: why the school's plan is not enough).");
        errors.Check(!string.IsNullOrWhiteSpace(Title) && Title.Length <= 200, "title", "必填，最多 200 字 (required, at most 200 characters).");
        errors.Check(!string.IsNullOrWhiteSpace(Summary), "summary", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(FilingNumber) && FilingNumber.Length <= 64, "filingNumber", "必填，最多 64 字 (required, at most 64 characters).");
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<EmergencyPlanStatus>());
    }
}
