namespace Zzut.Workflows.Domain.Systems;

/// <summary>The level evaluation cycle of the policy (P2, Art. 18): which systems are evaluated and how often by default.</summary>
public static class EvaluationPolicy
{
    /// <summary>Systems of this level and above are evaluated on a cycle; level 1 only inspects itself.</summary>
    public const int MinimumLevel = 2;

    /// <summary>The policy's periods: level 4 every 6 months, 3 every 12, 2 every 24, 1 never (5: as 4). The table in force is data (<see cref="EvaluationPeriodRecord"/>).</summary>
    public static readonly IReadOnlyDictionary<int, int> DefaultMonths = new Dictionary<int, int> { [1] = 0, [2] = 24, [3] = 12, [4] = 6, [5] = 6 };

    /// <summary>The longest period an administrator may set, in months.</summary>
    public const int MaximumMonths = 120;
}

/// <summary>How often a level is evaluated (P2): data, not code.</summary>
public sealed class EvaluationPeriodRecord
{
    /// <summary>Security protection level 1–5.</summary>
    public int Level { get; set; }

    /// <summary>Months between evaluations; 0 = no evaluation (self-inspection only).</summary>
    public int Months { get; set; }

    /// <summary>Checks a period as an administrator would set it.</summary>
    public static Dictionary<string, string[]> Validate(int level, int? months)
    {
        var errors = new LedgerErrors();
        errors.Check(LedgerRules.IsLevel(level), "level", LedgerRules.LevelMessage);
        errors.Check(months is >= 0 and <= EvaluationPolicy.MaximumMonths, "months", $"须为 0–{EvaluationPolicy.MaximumMonths} 个月 (0 to {EvaluationPolicy.MaximumMonths} months; 0 means no evaluation).");
        return errors.ToDictionary();
    }
}
