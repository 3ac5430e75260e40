using System.Globalization;
using System.Runtime.InteropServices;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// The scheduling priority of the group-commit writer's thread (<see cref="GroupCommitPipeline"/>). Every step of the
/// process passes through that one thread, while the steps themselves are computed by as many thread-pool threads as
/// there are callers; at the same priority the writer waited for a core behind the very steps that queue for it.
/// Measured 2026-12-05 with <c>bench review 6000 8 --no-peer</c> on 2 cores, the writer thread's own schedstat over 3 s
/// of the run: at nice 0 it was on a core 1,666 ms and runnable but waiting for one 722 ms, a commit took 0.81 ms and the
/// run made 644 instances/s; at nice -10, 2,209 ms on a core and 64 ms waiting, 0.52 ms per commit, 783 instances/s.
/// The writer cannot starve other threads: it runs only while steps are queued, and blocks on their commit's
/// <c>fsync</c> and on an empty queue.
/// <para>
/// Linux only, where <c>setpriority(PRIO_PROCESS, 0, …)</c> sets the nice value of the calling thread (not of the
/// process). Lowering a nice value needs <c>CAP_SYS_NICE</c> or a <c>RLIMIT_NICE</c> that allows it (systemd:
/// <c>LimitNICE=-10</c> or <c>AmbientCapabilities=CAP_SYS_NICE</c>); where the system refuses, the writer runs at the
/// process's own priority and the host logs why once.
/// </para>
/// </summary>
internal static class WriterPriority
{
    private const int PrioProcess = 0;
    private const int SchedOther = 0;
    private const int SchedResetOnFork = 0x40000000;

    /// <summary>
    /// Sets the calling thread's nice value to <paramref name="nice"/> (0 leaves it). Returns null when it was set (or
    /// nothing was asked), otherwise why not, as a sentence for the log.
    /// </summary>
    public static string? TryApplyToCurrentThread(int nice)
    {
        if (nice == 0)
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return "thread nice values are set on Linux only";
        }

        try
        {
            // Threads this one creates start at the process's priority, not at its own: the thread pool creates a worker
            // on the thread that asks for one, and the writer completes every step's task (SCHED_RESET_ON_FORK resets a
            // negative nice value in new threads; setting it needs no privilege).
            var parameters = 0; // struct sched_param { int sched_priority; }, 0 for SCHED_OTHER
            if (SetScheduler(0, SchedOther | SchedResetOnFork, ref parameters) != 0)
            {
                return Refused("sched_setscheduler(SCHED_RESET_ON_FORK)", Marshal.GetLastPInvokeError(), nice);
            }

            return SetPriority(PrioProcess, 0, nice) == 0 ? null : Refused($"setpriority({nice})", Marshal.GetLastPInvokeError(), nice);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return "the C library's scheduling calls are not available: " + ex.Message;
        }
    }

    private static string Refused(string call, int error, int nice) =>
        string.Create(CultureInfo.InvariantCulture, $"{call} failed with errno {error} ({Marshal.GetPInvokeErrorMessage(error)}); allow it with CAP_SYS_NICE or LimitNICE={nice}");

    /// <summary>The nice value of the calling thread (Linux), or null elsewhere; read back from the system.</summary>
    public static int? CurrentThreadNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            Marshal.SetLastPInvokeError(0);
            var value = GetPriority(PrioProcess, 0);
            return value == -1 && Marshal.GetLastPInvokeError() != 0 ? null : value;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // DllImport rather than LibraryImport, whose generated code needs unsafe blocks: plain ints need no marshalling.
    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetScheduler(int pid, int policy, ref int parameters);

    [DllImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetPriority(int which, int who);
}
