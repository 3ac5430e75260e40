using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>Prints the engine's per-phase step timings (<see cref="StepTimings"/>) collected during a run.</summary>
internal static class StepProfile
{
    public static void Print(StepTimings timings, TextWriter output)
    {
        var (steps, batches, phases) = timings.Snapshot();
        if (steps == 0)
        {
            return;
        }

        output.WriteLine($"  where a step's time goes ({steps:N0} steps in {batches:N0} commits, mean per step, wall time summed over concurrent steps):");
        foreach (var (phase, total) in phases)
        {
            output.WriteLine($"    {phase,-30} {total.TotalMilliseconds / steps,8:F3} ms");
        }
    }
}
