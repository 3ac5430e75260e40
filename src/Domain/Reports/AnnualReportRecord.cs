using System.Text.Json;
using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Reports;

/// <summary>Where a year's report stands.</summary>
[JsonConverter(typeof(WireEnumConverter<AnnualReportStatus>))]
public enum AnnualReportStatus
{
    /// <summary>The office writes it.</summary>
    [JsonStringEnumMemberName("drafting")]
    Drafting,

    /// <summary>With the leading group.</summary>
    [JsonStringEnumMemberName("reviewing")]
    Reviewing,

    /// <summary>Approved: figures and text are frozen and kept.</summary>
    [JsonStringEnumMemberName("approved")]
    Approved,

    /// <summary>Approved and reported to the authorities (报有关信息安全主管部门).</summary>
    [JsonStringEnumMemberName("submitted")]
    Submitted,
}

/// <summary>
/// The leading group's annual summary of the year's security checks (年度安全检查总结报告, Art. 36): figures assembled from the
/// ledgers, the office's narrative, the leading group's approval; once approved it is frozen and kept, and downloadable
/// as a Word document.
/// </summary>
public sealed class AnnualReportRecord
{
    /// <summary>The year reported on (the key).</summary>
    public int Year { get; set; }

    /// <summary>Where it stands.</summary>
    public AnnualReportStatus Status { get; set; } = AnnualReportStatus.Drafting;

    /// <summary>The figures, as assembled (JSON of <see cref="AnnualReportFigures"/>).</summary>
    public string FiguresJson { get; set; } = "{}";

    /// <summary>When the figures were assembled.</summary>
    public DateTimeOffset AssembledAt { get; set; }

    /// <summary>一、总体情况.</summary>
    public string? Overview { get; set; }

    /// <summary>二、存在的问题.</summary>
    public string? Problems { get; set; }

    /// <summary>三、整改措施.</summary>
    public string? Measures { get; set; }

    /// <summary>四、下一步工作计划.</summary>
    public string? NextYearPlan { get; set; }

    /// <summary>Who wrote the last draft.</summary>
    public string? DraftedBy { get; set; }

    /// <summary>The leading group's opinion.</summary>
    public string? ApprovalOpinion { get; set; }

    /// <summary>When it was approved.</summary>
    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>Who approved it.</summary>
    public string? ApprovedBy { get; set; }

    /// <summary>报送单位: the authority it was reported to.</summary>
    public string? SubmittedTo { get; set; }

    /// <summary>报送日期.</summary>
    public DateOnly? SubmittedOn { get; set; }

    /// <summary>The instance that writes it.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>Incremented on every change.</summary>
    public int Revision { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The business key of a year's report: <c>annual-report:{year}</c>.</summary>
    public static string BusinessKey(int year) => $"annual-report:{year}";

    /// <summary>The figures.</summary>
    public AnnualReportFigures Figures() => JsonSerializer.Deserialize<AnnualReportFigures>(FiguresJson, LedgerFields.Json)
        ?? throw new InvalidOperationException($"The figures of the {Year} report are empty.");

    /// <summary>Whether its content is frozen.</summary>
    [JsonIgnore]
    public bool IsFrozen => Status is AnnualReportStatus.Approved or AnnualReportStatus.Submitted;

    /// <summary>A new draft for the year.</summary>
    public static AnnualReportRecord Open(int year, AnnualReportFigures figures, LedgerAct act)
    {
        var report = new AnnualReportRecord { Year = year, InstanceId = act.InstanceId };
        report.Assemble(figures, act);
        return report;
    }

    /// <summary>(Re-)assembles the figures from the ledgers; refused once approved.</summary>
    public void Assemble(AnnualReportFigures figures, LedgerAct act)
    {
        EnsureNotFrozen();
        FiguresJson = JsonSerializer.Serialize(figures, LedgerFields.Json);
        AssembledAt = act.At;
        Touch(act.At);
    }

    /// <summary>The office's narrative; the draft goes to the leading group.</summary>
    public void Draft(string overview, string problems, string measures, string nextYearPlan, LedgerAct act)
    {
        EnsureNotFrozen();
        var errors = new LedgerErrors();
        errors.Check(!string.IsNullOrWhiteSpace(overview), "overview", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(problems), "problems", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(measures), "measures", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(nextYearPlan), "nextYearPlan", LedgerRules.Required);
        errors.ThrowIfAny();
        Overview = overview;
        Problems = problems;
        Measures = measures;
        NextYearPlan = nextYearPlan;
        DraftedBy = act.By;
        Status = AnnualReportStatus.Reviewing;
        Touch(act.At);
    }

    /// <summary>The leading group returns the draft to the office with its opinion.</summary>
    public void Return(string opinion, LedgerAct act)
    {
        if (Status != AnnualReportStatus.Reviewing)
        {
            throw LedgerValidationException.For("status", "只有待审批的报告可以退回 (only a report under review can be returned).");
        }

        ApprovalOpinion = opinion;
        Status = AnnualReportStatus.Drafting;
        Touch(act.At);
    }

    /// <summary>The leading group approves: figures and text are frozen from now on.</summary>
    public void Approve(string? opinion, LedgerAct act)
    {
        if (Status != AnnualReportStatus.Reviewing)
        {
            throw LedgerValidationException.For("status", "只有待审批的报告可以批准 (only a report under review can be approved).");
        }

        ApprovalOpinion = opinion;
        ApprovedAt = act.At;
        ApprovedBy = act.By;
        Status = AnnualReportStatus.Approved;
        Touch(act.At);
    }

    /// <summary>The office reported it to the authorities.</summary>
    public void RecordSubmission(string submittedTo, DateOnly submittedOn, LedgerAct act)
    {
        var errors = new LedgerErrors();
        errors.Check(Status == AnnualReportStatus.Approved, "status", "报告须先经领导小组批准 (the report must be approved first).");
        errors.Check(!string.IsNullOrWhiteSpace(submittedTo), "submittedTo", LedgerRules.Required);
        errors.Check(submittedOn <= act.Today, "submittedOn", "不能晚于今天 (cannot be in the future).");
        errors.ThrowIfAny();
        SubmittedTo = submittedTo;
        SubmittedOn = submittedOn;
        Status = AnnualReportStatus.Submitted;
        Touch(act.At);
    }

    private void EnsureNotFrozen()
    {
        if (IsFrozen)
        {
            throw LedgerValidationException.For("status", "报告已批准，内容不可更改 (the report is approved; its content is frozen).");
        }
    }

    private void Touch(DateTimeOffset at)
    {
        UpdatedAt = at;
        Revision++;
    }
}
