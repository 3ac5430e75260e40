namespace Zzut.Workflows.Domain.Systems;

/// <summary>An information system (信息系统台账): P1 fills it, P2 keeps its evaluations.</summary>
public sealed class InformationSystemRecord : IUnitLedgerRecord
{
    /// <summary>
    /// Due for its evaluation cycle by a date: accepted, of a level under the cycle, and never evaluated or next due on
    /// or before that date. The evaluation scan starts a cycle for these (date: today + the lead window).
    /// </summary>
    public static readonly LedgerRule<InformationSystemRecord, DateOnly> EvaluationDueBy = new((s, date) =>
        s.Status == SystemStatus.Accepted
        && (s.ApprovedLevel ?? s.ProposedLevel) >= EvaluationPolicy.MinimumLevel
        && (s.NextEvaluationDue == null || s.NextEvaluationDue <= date));

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <summary>System name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>Business need (业务需求).</summary>
    public string? BusinessNeed { get; set; }

    /// <summary>Budget in yuan.</summary>
    public decimal? Budget { get; set; }

    /// <summary>The unit's own grading (自主定级), 1–5.</summary>
    public int ProposedLevel { get; set; }

    /// <summary>The level the leading group approved, 1–5.</summary>
    public int? ApprovedLevel { get; set; }

    /// <summary>Where the system stands.</summary>
    public SystemStatus Status { get; set; } = SystemStatus.Applying;

    /// <summary>Filing number (备案编号) for level ≥ 2.</summary>
    public string? FilingNumber { get; set; }

    /// <summary>Filing date.</summary>
    public DateOnly? FilingDate { get; set; }

    /// <summary>When the level was approved; the 30-day filing deadline counts from here.</summary>
    public DateOnly? LevelApprovedDate { get; set; }

    /// <summary>Preliminary acceptance (初步验收) date.</summary>
    public DateOnly? PreliminaryAcceptanceDate { get; set; }

    /// <summary>Completion acceptance (竣工验收) date.</summary>
    public DateOnly? CompletionAcceptanceDate { get; set; }

    /// <summary>Last level evaluation (等级测评) date.</summary>
    public DateOnly? LastEvaluationDate { get; set; }

    /// <summary>Next evaluation due: last evaluation + the level's period; null for level 1.</summary>
    public DateOnly? NextEvaluationDue { get; set; }

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The level in force: approved, else proposed.</summary>
    public int Level => ApprovedLevel ?? ProposedLevel;

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Status.ToWire();

    /// <summary>Whether its evaluation cycle should have started by <paramref name="date"/> (see <see cref="EvaluationDueBy"/>).</summary>
    public bool IsEvaluationDue(DateOnly date) => EvaluationDueBy.IsSatisfiedBy(this, date);

    /// <summary>Whether its evaluation is overdue on <paramref name="today"/>: due before today (or never evaluated).</summary>
    public bool IsEvaluationOverdue(DateOnly today) => IsEvaluationDue(today.AddDays(-1));

    /// <summary>
    /// Sets <see cref="NextEvaluationDue"/>: the last evaluation plus <paramref name="months"/> (the period of its level
    /// in force); none without an evaluation or for a period of 0.
    /// </summary>
    public void ScheduleNextEvaluation(int months) =>
        NextEvaluationDue = LastEvaluationDate is { } last && months > 0 ? last.AddMonths(months) : null;

    /// <summary>The business key of its evaluation cycle for the period due: <c>system:{id}:eval:{yyyy-MM}</c> (<c>…:first</c> before any).</summary>
    public string EvaluationBusinessKey() => NextEvaluationDue is { } due ? $"system:{Id}:eval:{due:yyyy-MM}" : $"system:{Id}:eval:first";

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 200, "name", "必填，最多 200 字 (required, at most 200 characters).");
        errors.Check(LedgerRules.IsLevel(ProposedLevel), "proposedLevel", LedgerRules.LevelMessage);
        errors.Check(ApprovedLevel is null || LedgerRules.IsLevel(ApprovedLevel.Value), "approvedLevel", LedgerRules.LevelMessage);
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<SystemStatus>());
        errors.Check(Budget is null or >= 0, "budget", "不能为负 (must not be negative).");
    }
}
