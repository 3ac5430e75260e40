using System.Diagnostics;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// Where the engine's steps spend their time, summed per phase since the last <see cref="Reset"/> (a singleton; the
/// benchmarks print it). Counting costs a timestamp and an interlocked add per phase.
/// </summary>
public sealed class StepTimings
{
    /// <summary>The phases, in the order a step goes through them.</summary>
    public static readonly IReadOnlyList<string> PhaseNames =
    [
        "load and execute in memory",
        "wait for the writer",
        "write (in its savepoint)",
        "commit (share of the batch)",
        "hand over background work",
        "  part of load and execute: reading the instance's rows",
        "  part of load and execute: expressions",
        "  part of load and execute: hashing history rows",
    ];

    private readonly long[] ticks = new long[PhaseNames.Count];
    private long steps;
    private long batches;

    /// <summary>Adds the time since <paramref name="since"/> (a <see cref="Stopwatch.GetTimestamp"/>) to a phase; returns now.</summary>
    public long Add(StepPhase phase, long since)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref ticks[(int)phase], now - since);
        return now;
    }

    /// <summary>Adds elapsed stopwatch ticks to a phase.</summary>
    public void AddElapsed(StepPhase phase, long elapsed) => Interlocked.Add(ref ticks[(int)phase], elapsed);

    /// <summary>Counts a committed step.</summary>
    public void CountStep() => Interlocked.Increment(ref steps);

    /// <summary>Counts a committed batch of steps.</summary>
    public void CountBatch() => Interlocked.Increment(ref batches);

    /// <summary>Starts counting afresh.</summary>
    public void Reset()
    {
        for (var i = 0; i < ticks.Length; i++)
        {
            Interlocked.Exchange(ref ticks[i], 0);
        }

        Interlocked.Exchange(ref steps, 0);
        Interlocked.Exchange(ref batches, 0);
    }

    /// <summary>The totals so far: steps, batches, and the time of each phase as a <see cref="TimeSpan"/>.</summary>
    public (long Steps, long Batches, IReadOnlyList<(string Phase, TimeSpan Total)> Phases) Snapshot() =>
        (Interlocked.Read(ref steps), Interlocked.Read(ref batches),
         [.. PhaseNames.Select((name, i) => (name, Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks[i]))))]);
}

/// <summary>The phases <see cref="StepTimings"/> counts.</summary>
public enum StepPhase
{
    /// <summary>Loading the instance and running the element semantics in memory.</summary>
    Execute,

    /// <summary>Queued behind other steps for the single writer.</summary>
    WaitForWriter,

    /// <summary>Writing the step's rows (inside its savepoint).</summary>
    Write,

    /// <summary>The batch's COMMIT (each step of the batch is charged the whole commit).</summary>
    Commit,

    /// <summary>Handing timers, calls and e-mails to the scheduler.</summary>
    Schedule,

    /// <summary>Part of <see cref="Execute"/>: the queries that load an instance and its open rows.</summary>
    ReadRows,

    /// <summary>Part of <see cref="Execute"/>: evaluating expressions (conditions, mappings, labels).</summary>
    Expressions,

    /// <summary>Part of <see cref="Execute"/>: building and hashing the history rows.</summary>
    HistoryHashes,
}

/// <summary>An <see cref="Expressions.IExpressionEvaluator"/> that counts the time of each evaluation as <see cref="StepPhase.Expressions"/>.</summary>
internal sealed class TimedExpressionEvaluator(Expressions.IExpressionEvaluator inner, StepTimings timings) : Expressions.IExpressionEvaluator
{
    public System.Text.Json.Nodes.JsonNode? Evaluate(string source, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> variables)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return inner.Evaluate(source, variables);
        }
        finally
        {
            timings.Add(StepPhase.Expressions, started);
        }
    }

    public bool EvaluateCondition(string source, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> variables)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return inner.EvaluateCondition(source, variables);
        }
        finally
        {
            timings.Add(StepPhase.Expressions, started);
        }
    }

    public void CheckSyntax(string source) => inner.CheckSyntax(source);

    public bool IsReservedName(string name) => inner.IsReservedName(name);
}
