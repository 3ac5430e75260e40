using System.ComponentModel.DataAnnotations;

namespace Zzut.Workflows.Expressions;

/// <summary>Limits of the expression sandbox, bound from <c>Workflows:Expressions</c>.</summary>
public sealed class ExpressionSandboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Expressions";

    /// <summary>Wall-clock limit of one evaluation; one regular-expression match is stopped after this long too.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most statements one evaluation may execute.</summary>
    [Range(1, int.MaxValue - 1)]
    public int MaxStatements { get; set; } = 100_000;

    /// <summary>
    /// The most memory one evaluation may allocate, in bytes. Built-ins that can make a large string in one call
    /// (<c>repeat</c>, <c>padStart</c>, <c>replace</c>, <c>join</c>, <c>JSON.stringify</c>, …) check it before they allocate.
    /// </summary>
    [Range(1024 * 1024, 1024L * 1024 * 1024)]
    public long MemoryLimitBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The deepest call recursion of one function allowed.</summary>
    [Range(1, 10_000)]
    public int RecursionLimit { get; set; } = 64;

    /// <summary>The longest array an expression may create, in elements (arrays grow in powers of two).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxArrayLength { get; set; } = 128 * 1024;

    /// <summary>How deeply the value an expression produces may nest arrays and objects.</summary>
    [Range(1, 60)]
    public int MaxResultDepth { get; set; } = 32;

    /// <summary>
    /// The stack of the thread each evaluation runs on, in bytes. The stack guard stops any recursion (calls, getters,
    /// Proxy traps, <c>toString</c>/<c>valueOf</c>, built-in callbacks) with an error well before it is used up.
    /// </summary>
    [Range(1024 * 1024, 256 * 1024 * 1024)]
    public int ThreadStackBytes { get; set; } = 16 * 1024 * 1024;
}
