using System.Text.Json.Serialization;
using Zzut.Workflows.Domain.Duties;

namespace Zzut.Workflows.Domain.Inspections;

/// <summary>Where a unit's self-inspection (Art. 34) stands.</summary>
[JsonConverter(typeof(WireEnumConverter<SelfInspectionStatus>))]
public enum SelfInspectionStatus
{
    /// <summary>The unit inspects itself and writes its report.</summary>
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary>The report is with the center.</summary>
    [JsonStringEnumMemberName("submitted")]
    Submitted,

    /// <summary>The center accepted the report.</summary>
    [JsonStringEnumMemberName("approved")]
    Approved,
}

/// <summary>A period of the self-inspection schedule: <c>2026-H1</c> started on 1 March 2026.</summary>
/// <param name="Label">The period's name: the year and the number of the date within it.</param>
/// <param name="Starts">The date it starts.</param>
public readonly record struct SelfInspectionPeriod(string Label, DateOnly Starts)
{
    /// <summary>
    /// The period in force on <paramref name="today"/>: the latest scheduled date on or before it, in this year or the
    /// last (before the first date of a year, the last period of the previous year is still in force).
    /// </summary>
    public static SelfInspectionPeriod Current(IReadOnlyList<YearlyDate> schedule, DateOnly today)
    {
        if (schedule.Count == 0)
        {
            throw new ArgumentException("The schedule names no date.", nameof(schedule));
        }

        for (var year = today.Year; ; year--)
        {
            for (var i = schedule.Count - 1; i >= 0; i--)
            {
                var starts = schedule[i].In(year);
                if (starts <= today)
                {
                    return new SelfInspectionPeriod($"{year}-H{i + 1}", starts);
                }
            }
        }
    }
}

/// <summary>A unit's periodic self-inspection (单位自查, Art. 34) and the center's review of its report.</summary>
public sealed class SelfInspectionRecord : IUnitLedgerRecord
{
    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>The period, e.g. <c>2026-H1</c>.</summary>
    public string Period { get; set; } = string.Empty;

    /// <summary>When the report is due.</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>What was inspected (信息系统的安全状况、安全保护制度及措施的落实情况).</summary>
    public string? Scope { get; set; }

    /// <summary>The report (自查情况).</summary>
    public string? Summary { get; set; }

    /// <summary>Problems found.</summary>
    public string? Problems { get; set; }

    /// <summary>Measures taken or planned.</summary>
    public string? Measures { get; set; }

    /// <summary>When the report was (last) submitted.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>The center's opinion.</summary>
    public string? ReviewOpinion { get; set; }

    /// <summary>Who accepted the report.</summary>
    public string? ReviewedBy { get; set; }

    /// <summary>Whether the center turned the findings into a rectification notice (through an inspection of the unit).</summary>
    public bool NoticeRequested { get; set; }

    /// <summary>Where it stands.</summary>
    public SelfInspectionStatus Status { get; set; } = SelfInspectionStatus.Open;

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Status.ToWire();

    /// <summary>The business key of a unit's self-inspection for a period: <c>self-inspection:{unit}:{period}</c> — one per unit and period.</summary>
    public static string BusinessKey(string unitCode, string period) => $"self-inspection:{unitCode}:{period}";

    /// <summary>A unit's self-inspection for a period opens.</summary>
    public static SelfInspectionRecord Open(string unitCode, string period, DateOnly? dueDate, LedgerAct act) => new()
    {
        Id = Guid.CreateVersion7(act.At),
        UnitCode = unitCode,
        Period = period,
        DueDate = dueDate,
        CreatedAt = act.At,
        UpdatedAt = act.At,
    };

    /// <summary>The unit submits its report (again, after a return).</summary>
    public void Submit(string scope, string summary, string? problems, string? measures, LedgerAct act)
    {
        var errors = new LedgerErrors();
        errors.Check(Status == SelfInspectionStatus.Open, "status", "报告已提交 (the report is submitted already).");
        errors.Check(!string.IsNullOrWhiteSpace(scope), "scope", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(summary), "summary", LedgerRules.Required);
        errors.ThrowIfAny();
        Scope = scope;
        Summary = summary;
        Problems = string.IsNullOrWhiteSpace(problems) ? null : problems;
        Measures = string.IsNullOrWhiteSpace(measures) ? null : measures;
        SubmittedAt = act.At;
        Status = SelfInspectionStatus.Submitted;
        this.Touch(act.At);
    }

    /// <summary>The center accepts the report (optionally turning its findings into a notice) or returns it for rework.</summary>
    public void Review(bool approved, string? opinion, bool noticeRequested, LedgerAct act)
    {
        var errors = new LedgerErrors();
        errors.Check(Status == SelfInspectionStatus.Submitted, "status", "报告尚未提交 (the report is not submitted).");
        errors.Check(approved || !noticeRequested, "issueNotice", "退回的报告不下达整改通知 (a returned report gets no notice).");
        errors.ThrowIfAny();
        ReviewOpinion = string.IsNullOrWhiteSpace(opinion) ? null : opinion;
        Status = approved ? SelfInspectionStatus.Approved : SelfInspectionStatus.Open;
        ReviewedBy = approved ? act.By : null;
        NoticeRequested = noticeRequested;
        this.Touch(act.At);
    }

    /// <summary>Whether the report is overdue on <paramref name="today"/>: still open after its due date.</summary>
    public bool IsOverdue(DateOnly today) => Status == SelfInspectionStatus.Open && DueDate < today;

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(Period) && Period.Length <= 20, "period", "必填，最多 20 字 (required, at most 20 characters).");
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<SelfInspectionStatus>());
        errors.Check(Status == SelfInspectionStatus.Open || !string.IsNullOrWhiteSpace(Summary), "summary", LedgerRules.Required);
    }
}
