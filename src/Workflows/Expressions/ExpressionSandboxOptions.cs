namespace Zzut.Workflows.Expressions;

/// <summary>Limits of the expression sandbox, bound from <c>Workflows:Expressions</c>.</summary>
public sealed class ExpressionSandboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Expressions";

    /// <summary>Wall-clock limit of one evaluation.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most statements one evaluation may execute.</summary>
    public int MaxStatements { get; set; } = 100_000;

    /// <summary>The most memory one evaluation may allocate, in bytes.</summary>
    public long MemoryLimitBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The deepest call recursion allowed.</summary>
    public int RecursionLimit { get; set; } = 64;
}
