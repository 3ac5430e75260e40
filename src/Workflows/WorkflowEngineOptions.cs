namespace Zzut.Workflows;

/// <summary>Engine settings, bound from the <c>Workflows:Engine</c> configuration section.</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Engine";

    /// <summary>How often a step that lost an optimistic-concurrency race is retried on fresh state.</summary>
    public int ConcurrencyRetries { get; set; } = 20;

    /// <summary>The largest BPMN document accepted, in characters.</summary>
    public int MaxDefinitionCharacters { get; set; } = 5 * 1024 * 1024;

    /// <summary>The most timers fired by one call of <c>FireDueTimersAsync</c>; the rest wait for the next call.</summary>
    public int MaxTimersPerSweep { get; set; } = 10_000;

    /// <summary>
    /// SQLite's <c>synchronous</c> level. <c>FULL</c> (the default) syncs every commit to disk. <c>NORMAL</c> with WAL
    /// syncs only at checkpoints: several times faster for bursts of steps, never corrupts, survives a crash of the
    /// process, but a power loss or OS crash may undo the last commits.
    /// </summary>
    [System.ComponentModel.DataAnnotations.AllowedValues("FULL", "NORMAL")]
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>
    /// On SQLite: one in-process writer commits the steps that queued up meanwhile in one transaction, each in its own
    /// savepoint (group commit). Off: every step commits alone and concurrent steps wait for the database's write lock.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>
    /// With group commit: each step's rows are read from its change tracker on the step's own thread and written by
    /// statements the writer keeps parsed (<c>StepRows</c>), instead of by <c>SaveChanges</c> on the writer. Off: the
    /// writer calls <c>SaveChanges</c> for every step (slower; kept to compare the two).
    /// </summary>
    public bool StepStatements { get; set; } = true;

    /// <summary>
    /// With group commit on Linux: the nice value of the writer's thread, which every step passes through (−20 to 19,
    /// lower runs sooner; 0 leaves the process's own). Lowering it needs <c>CAP_SYS_NICE</c> or a <c>RLIMIT_NICE</c> that
    /// allows it; where the system refuses, the writer runs at the process's priority and the host logs why.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(-20, 19)]
    public int WriterNice { get; set; } = -10;

    /// <summary>The most steps one group commit writes in one transaction.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int MaxStepsPerCommit { get; set; } = 256;

    /// <summary>
    /// Claimed firings of one timer that may end without committing (the process stopped, or the step failed) before
    /// the timer stops and its instance shows an incident instead.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int TimerAttempts { get; set; } = 3;

    /// <summary>How long a claim on a due timer holds; after a crash, the timer is claimed again once this has passed.</summary>
    public TimeSpan TimerLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Steps firing the timers of one claimed batch at the same time (see <see cref="TimersPerStep"/>).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 256)]
    public int TimerWorkers { get; set; } = 8;

    /// <summary>
    /// Due timers of different instances fired by one step at most: read in one query per kind of row and written in
    /// one savepoint, each instance's changes still all or nothing (a batch that cannot be written is fired one by one).
    /// 1 fires every timer in a step of its own.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 500)]
    public int TimersPerStep { get; set; } = 32;

    /// <summary>A timer job that runs up to this long before its timer is due waits for it; one that runs earlier re-schedules.</summary>
    public TimeSpan TimerEarlyWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many attempts an external activity call gets before the instance shows an incident.</summary>
    public int ExternalTaskAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; each further failure doubles it (capped at one hour).</summary>
    public TimeSpan ExternalTaskBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An attempt still marked running after this long (its host died) is released for another attempt.</summary>
    public TimeSpan ExternalTaskTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
