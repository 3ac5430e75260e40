namespace Zzut.Workflows.Domain.Systems;

/// <summary>
/// An information system (信息系统台账): P1 fills it for a new system, <c>system-filing</c> for an existing one (the
/// 信息系统备案登记表 of Art. 22), <c>network-access</c> records its access to the campus network (Art. 10), P2 keeps its
/// evaluations.
/// </summary>
public sealed class InformationSystemRecord : IUnitLedgerRecord
{
    /// <summary>Where a system runs (Art. 19, 20): a campus cloud VM, a hosted server, or elsewhere on campus.</summary>
    public static readonly string[] Deployments = ["cloud-vm", "hosted-server", "other"];

    /// <summary>The refusal of network access to a classified system (Art. 10; Art. 41 for its own rules).</summary>
    public const string ClassifiedRefusal = "依据《管理办法》第十条，涉密信息系统不得接入校园网络；涉密系统执行国家保密规定（第四十一条） (Art. 10: a classified system may not connect to the campus network).";

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

    /// <summary>系统用途 / 主要功能.</summary>
    public string? Purpose { get; set; }

    /// <summary>部署方式: one of <see cref="Deployments"/>.</summary>
    public string? Deployment { get; set; }

    /// <summary>访问地址 (domain name or IP address).</summary>
    public string? Address { get; set; }

    /// <summary>开发或运维单位 (the vendor, who signs letter 二, Art. 12).</summary>
    public string? Vendor { get; set; }

    /// <summary>上线运行日期.</summary>
    public DateOnly? InServiceSince { get; set; }

    /// <summary>系统负责人.</summary>
    public string? ContactName { get; set; }

    /// <summary>联系电话.</summary>
    public string? ContactPhone { get; set; }

    /// <summary>涉密信息系统: such a system may never connect to the campus network (Art. 10).</summary>
    public bool Classified { get; set; }

    /// <summary>When the center accepted its filing (备案登记, Art. 22).</summary>
    public DateOnly? CenterFilingDate { get; set; }

    /// <summary>When its access to the campus network was approved (接入审批, Art. 10).</summary>
    public DateOnly? NetworkAccessDate { get; set; }

    /// <summary>The address it was given on the campus network.</summary>
    public string? NetworkAddress { get; set; }

    /// <summary>The services and ports opened for it (e.g. HTTPS 443).</summary>
    public string? NetworkServices { get; set; }

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

    /// <summary>
    /// Why the system may not be connected to the campus network, or null when it may (Art. 10: access approval and
    /// filing for a non-classified system): a system marked classified, or declared so, never; a retired one neither.
    /// </summary>
    public string? NetworkAccessRefusal(bool declaredClassified = false) =>
        Classified || declaredClassified ? ClassifiedRefusal
        : Status == SystemStatus.Retired ? $"信息系统“{Name}”已停用，不能申请接入 (a retired system cannot be connected)."
        : null;

    /// <summary>
    /// Why a level-based evaluation cycle may not be started for the system, or null when it may: only systems of level 2
    /// and above are evaluated (Art. 23; <see cref="EvaluationPolicy.MinimumLevel"/>), and a retired one is not.
    /// </summary>
    public string? EvaluationStartRefusal() =>
        Level < EvaluationPolicy.MinimumLevel ? $"信息系统“{Name}”为第{Level}级，等级测评只适用于第二级及以上的系统 (only systems of level {EvaluationPolicy.MinimumLevel} and above are evaluated; this one is level {Level})."
        : Status == SystemStatus.Retired ? $"信息系统“{Name}”已停用，不再测评 (a retired system is not evaluated)."
        : null;

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(Deployment is null || Deployments.Contains(Deployment), "deployment", WireNames.OneOf(Deployments));
        errors.Check(!(Classified && NetworkAccessDate is not null), "networkAccessDate", ClassifiedRefusal);
        errors.Check(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 200, "name", "必填，最多 200 字 (required, at most 200 characters).");
        errors.Check(LedgerRules.IsLevel(ProposedLevel), "proposedLevel", LedgerRules.LevelMessage);
        errors.Check(ApprovedLevel is null || LedgerRules.IsLevel(ApprovedLevel.Value), "approvedLevel", LedgerRules.LevelMessage);
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<SystemStatus>());
        errors.Check(Budget is null or >= 0, "budget", "不能为负 (must not be negative).");
    }
}
