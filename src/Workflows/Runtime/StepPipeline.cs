using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zzut.Workflows.History;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.Sqlite;

namespace Zzut.Workflows.Runtime;

/// <summary>A step computed in memory, ready to be written: its context (with the tracked changes) and its participants.</summary>
/// <param name="Db">The step's engine context.</param>
/// <param name="Participants">Units of work that commit with the step (e.g. the ledgers).</param>
internal sealed record StepWrite(WorkflowDbContext Db, IReadOnlyList<IStepParticipant> Participants)
{
    /// <summary>The history rows of the step's instances, which the context does not track (<see cref="StepInstances.History"/>).</summary>
    public IReadOnlyList<HistoryRecord> History { get; init; } = [];
}

/// <summary>
/// How computed steps reach the database. Each step is atomic and isolated whatever the implementation: a step that
/// fails or loses a revision race is rejected alone, and a step is acknowledged only once it is durable.
/// </summary>
internal interface IStepPipeline
{
    /// <summary>Writes and commits the step; returns the background work it created, once it is committed.</summary>
    /// <exception cref="DbUpdateConcurrencyException">An instance the step changed was changed by another step meanwhile.</exception>
    /// <exception cref="StepNotCommittedException">The batch the step was part of could not commit; nothing of it is written.</exception>
    Task<ScheduledWork> CommitAsync(StepWrite step, CancellationToken cancellationToken = default);
}

/// <summary>The commit of a batch failed: the step is not written, and may be run again on fresh state.</summary>
internal sealed class StepNotCommittedException(Exception inner) : Exception("The batch this step was part of could not commit: " + inner.Message, inner);

/// <summary>The rows of one step: claims the revisions of the instances it changed, then saves it and its participants.</summary>
internal static class StepWriter
{
    /// <summary>What the step asks the scheduler to do once it has committed (read from the tracked changes before they are saved).</summary>
    public static ScheduledWork CollectWork(WorkflowDbContext db)
    {
        // The step is computed: its changes are detected once here; the entries read below and SaveChanges do not
        // scan every tracked entity again (the writer changes entries through the entry API only).
        db.ChangeTracker.DetectChanges();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        static bool Written(EntityState state) => state is EntityState.Added or EntityState.Modified;
        return new ScheduledWork(
            [.. db.ChangeTracker.Entries<TimerRecord>().Where(e => Written(e.State) && e.Entity.Status == TimerStatus.Armed).Select(e => new ScheduledTimer(e.Entity.Id, e.Entity.DueAt))],
            [.. db.ChangeTracker.Entries<ExternalTaskRecord>().Where(e => Written(e.State) && e.Entity.Status == ExternalTaskStatus.Pending).Select(e => new ScheduledTimer(e.Entity.Id, e.Entity.DueAt))],
            [.. db.ChangeTracker.Entries<OutboxMessageRecord>().Where(e => Written(e.State) && e.Entity.Status == "pending").Select(e => e.Entity.Id)]);
    }

    /// <summary>
    /// Reads what the step writes out of its change tracker (its changes must have been detected): its history rows
    /// (taken out of the tracker: they are written by <see cref="HistoryRows"/>), its task candidates
    /// (<see cref="TaskCandidateRows"/>) and, where asked, its other rows as statements (<see cref="StepRows"/>; null when
    /// only <c>SaveChanges</c> can write them), and lets its participants prepare (<see cref="IStepParticipant.Prepare"/>).
    /// Runs on the step's own thread, not the writer's.
    /// </summary>
    public static PreparedStep Prepare(StepWrite step, bool captureRows)
    {
        foreach (var participant in step.Participants)
        {
            participant.Prepare();
        }

        var db = step.Db;
        return new(HistoryRows.Of(step.History, db), TaskCandidateRows.Read(db), captureRows ? StepRows.TryCapture(db) : null);
    }

    /// <summary>
    /// Writes the step inside <paramref name="transaction"/> (already on the context's connection). Its rows first: by
    /// <paramref name="statements"/> when they were captured, otherwise by <c>SaveChanges</c>. Every instance the step
    /// changed is updated on its revision (a concurrency token: the UPDATE matches only the revision the step read, so a
    /// step that lost the race fails there with <see cref="DbUpdateConcurrencyException"/>). Its history rows come after
    /// (<see cref="HistoryRows"/>), so a loser never reaches them, whose sequence numbers would collide with the winner's;
    /// then the candidates of the tasks it created or ended (<see cref="TaskCandidateRows"/>), then its participants.
    /// </summary>
    /// <param name="step">The step.</param>
    /// <param name="prepared">What <see cref="Prepare"/> read of it.</param>
    /// <param name="transaction">Its transaction, on the context's connection.</param>
    /// <param name="statements">
    /// The statements kept parsed on that connection, if it is long-lived (the group-commit writer's): the captured rows,
    /// the history rows and the task candidates go by them (rows not captured still go by <c>SaveChanges</c>).
    /// Otherwise the rows go by <c>SaveChanges</c> and the rest by statements made for this step.
    /// </param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public static async Task WriteAsync(StepWrite step, PreparedStep prepared, DbTransaction transaction, WriterStatements? statements, CancellationToken cancellationToken)
    {
        var db = step.Db;
        if (prepared.Rows is { } rows && statements is not null)
        {
            rows.Write(statements.Rows);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        if (statements is not null)
        {
            statements.History.Insert(prepared.History);
            statements.Candidates.Write(prepared.Candidates);
        }
        else
        {
            await HistoryRows.InsertAsync(db, prepared.History, cancellationToken);
            await TaskCandidateRows.WriteAsync(db, prepared.Candidates, cancellationToken);
        }

        foreach (var participant in step.Participants)
        {
            await participant.SaveAsync(transaction, cancellationToken);
        }
    }
}

/// <summary>What a step writes, read from its change tracker before it reaches the writer (<see cref="StepWriter.Prepare"/>).</summary>
/// <param name="History">Its history rows, in stream and sequence order.</param>
/// <param name="Candidates">The candidates of the tasks it creates or ends.</param>
/// <param name="Rows">Its other rows as statements, or null: written by <c>SaveChanges</c>.</param>
internal sealed record PreparedStep(List<HistoryRecord> History, TaskCandidateRows.Changes Candidates, StepRows? Rows);

/// <summary>
/// What the group-commit writer runs for every step, kept prepared on its long-lived SQLite connection and run through
/// SQLite's own API (<see cref="SqliteWriterStatement"/>): the step's savepoint (one name serves, one nothing else uses:
/// each step's is released before the next one's is set), its captured rows' statements, its history rows' INSERT and
/// its task candidates'. They run inside the batch's transaction, open on that connection.
/// </summary>
internal sealed class WriterStatements : IDisposable
{
    private readonly SqliteWriterStatement save;
    private readonly SqliteWriterStatement release;
    private readonly SqliteWriterStatement rollback;

    /// <summary>Prepares them all, or none: one that cannot be prepared leaves none unfinalized on the connection.</summary>
    public WriterStatements(WorkflowDbContext db, SqliteConnection connection)
    {
        var prepared = new List<IDisposable>();
        T Keep<T>(T statement)
            where T : IDisposable
        {
            prepared.Add(statement);
            return statement;
        }

        try
        {
            save = Keep(new SqliteWriterStatement(connection, "SAVEPOINT zzut_step;", [], "step's savepoint"));
            release = Keep(new SqliteWriterStatement(connection, "RELEASE SAVEPOINT zzut_step;", [], "step's savepoint"));
            rollback = Keep(new SqliteWriterStatement(connection, "ROLLBACK TO SAVEPOINT zzut_step;", [], "step's savepoint"));
            History = Keep(HistoryRows.Prepare(db, connection));
            Candidates = Keep(new TaskCandidateRows.Prepared(db, connection));
            Rows = new StepRows.Statements(connection); // prepares each shape when first written
        }
        catch
        {
            foreach (var statement in prepared)
            {
                statement.Dispose();
            }

            throw;
        }
    }

    /// <summary>The captured rows' statements (<see cref="StepRows"/>).</summary>
    public StepRows.Statements Rows { get; }

    /// <summary>The history rows' INSERT.</summary>
    public StepSql.PreparedInsert<HistoryRecord> History { get; }

    /// <summary>The task candidates' INSERT and UPDATE.</summary>
    public TaskCandidateRows.Prepared Candidates { get; }

    /// <summary>Sets the step's savepoint.</summary>
    public void Save() => save.Execute();

    /// <summary>Releases the step's savepoint (keeping what it wrote, or nothing after <see cref="Rollback"/>).</summary>
    public void Release() => release.Execute();

    /// <summary>Undoes what the step wrote since its savepoint.</summary>
    public void Rollback() => rollback.Execute();

    public void Dispose()
    {
        save.Dispose();
        release.Dispose();
        rollback.Dispose();
        Rows.Dispose();
        History.Dispose();
        Candidates.Dispose();
    }
}

/// <summary>
/// Row-level concurrency: every step commits in its own transaction on its own connection (PostgreSQL, or SQLite with
/// <see cref="WorkflowEngineOptions.GroupCommit"/> off, where concurrent steps queue on the database's write lock).
/// </summary>
internal sealed class DirectStepPipeline(StepTimings timings) : IStepPipeline
{
    public async Task<ScheduledWork> CommitAsync(StepWrite step, CancellationToken cancellationToken = default)
    {
        var work = StepWriter.CollectWork(step.Db);
        var prepared = StepWriter.Prepare(step, captureRows: false);
        var started = Stopwatch.GetTimestamp();
        await using var transaction = await step.Db.Database.BeginTransactionAsync(cancellationToken);
        await StepWriter.WriteAsync(step, prepared, transaction.GetDbTransaction(), statements: null, cancellationToken);
        started = timings.Add(StepPhase.Write, started);
        await transaction.CommitAsync(cancellationToken);
        timings.Add(StepPhase.Commit, started);
        timings.CountBatch();
        return work;
    }
}

/// <summary>
/// Group commit for SQLite, which has one writer per database: steps computed concurrently (reads stay concurrent
/// under WAL) queue here, and one writer connection commits whatever has queued up in one transaction. Each step is
/// written inside a SAVEPOINT of its own; a step that throws or loses its revision race is rolled back to its savepoint
/// and rejected alone, the others commit. Every step of a batch learns its outcome only after the COMMIT, so a step is
/// acknowledged only once it is durable, and a step that lost a race retries on state that includes the winner.
/// </summary>
internal sealed partial class GroupCommitPipeline : IStepPipeline, IAsyncDisposable
{
    // The one reader is the writer's thread, blocked in WaitForSteps: a step queued wakes it directly, not through a work
    // item on the thread pool behind the steps' own continuations.
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly IServiceScopeFactory scopes;
    private readonly StepTimings timings;
    private readonly WorkflowEngineOptions options;
    private readonly ILogger<GroupCommitPipeline> logger;
    private readonly Lock startLock = new();
    private Task? writer;
    private int queued;

    // The statements the writer runs for every step, kept parsed on its connection (used by the writer only, disposed
    // with the connection).
    private WriterStatements? statements;

    public GroupCommitPipeline(IServiceScopeFactory scopes, StepTimings timings, IOptions<WorkflowEngineOptions> options, ILogger<GroupCommitPipeline> logger)
    {
        this.scopes = scopes;
        this.timings = timings;
        this.options = options.Value;
        this.logger = logger;
    }

    public Task<ScheduledWork> CommitAsync(StepWrite step, CancellationToken cancellationToken = default)
    {
        EnsureWriter();
        // What the step writes is read here, on the step's own thread, so that the single writer only binds and runs it.
        var work = StepWriter.CollectWork(step.Db);
        var pending = new Pending(step, StepWriter.Prepare(step, captureRows: options.StepStatements), work, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref queued);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitPipeline), "The step writer has stopped: the engine is shutting down, or the writer failed (see the log).");
        }

        // The caller's cancellation does not withdraw a queued step: it may already be written in the open batch.
        return pending.Outcome.Task;
    }

    /// <summary>The nice value of the writer's thread as the system reports it, once the thread runs (Linux; null elsewhere).</summary>
    internal int? WriterNice { get; private set; }

    /// <summary>Steps waiting for the writer (not counting the batch being written).</summary>
    internal int Queued => Volatile.Read(ref queued);

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (writer is not null)
        {
            await writer;
        }
    }

    private void EnsureWriter()
    {
        if (writer is not null)
        {
            return;
        }

        lock (startLock)
        {
            if (writer is null)
            {
                var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var thread = new Thread(() =>
                {
                    try
                    {
                        if (WriterPriority.TryApplyToCurrentThread(this.options.WriterNice) is { } refused)
                        {
                            WriterAtNormalPriority(logger, refused);
                        }

                        WriterNice = WriterPriority.CurrentThreadNice();

                        RunWriter();
                        ended.SetResult();
                    }
                    catch (Exception ex)
                    {
                        // Nothing would read the queue again: the steps in it, and any queued later, fail now rather
                        // than wait for ever.
                        WriterStopped(logger, ex);
                        queue.Writer.TryComplete(ex);
                        while (queue.Reader.TryRead(out var pending))
                        {
                            Interlocked.Decrement(ref queued);
                            pending.Outcome.TrySetException(new StepNotCommittedException(ex));
                        }

                        ended.SetException(ex);
                    }
                })
                {
                    IsBackground = true,
                    Name = "Step writer",
                };

                // Without the first caller's execution context (its logging scopes, its activity), which the thread
                // would otherwise keep for the life of the process.
                thread.UnsafeStart();
                writer = ended.Task;
            }
        }
    }

    /// <summary>
    /// The writer's loop, on a thread of its own that blocks while no step waits. SQLite's calls are synchronous (the
    /// async methods of Microsoft.Data.Sqlite and of EF Core on it complete before they return), so the thread never
    /// gives way inside a batch. Run as an async loop on the thread pool, the writer's every continuation was a work
    /// item queued behind the steps' own, and on two cores it waited its turn within and between batches: measured
    /// 2026-12-04 with <c>bench review 2000 8 --no-peer</c>, 2.2 steps per commit and 0.69 ms of CPU per step as an
    /// async loop, 3.6 steps per commit and 0.58 ms on its own thread.
    /// </summary>
    private void RunWriter()
    {
        SqliteConnection? connection = null;
        var batch = new List<Pending>(options.MaxStepsPerCommit);
        try
        {
            while (WaitForSteps())
            {
                batch.Clear();
                TakeQueued(batch);

                try
                {
                    connection ??= OpenWriterAsync().GetAwaiter().GetResult();
                    CommitBatchAsync(connection, batch).GetAwaiter().GetResult();
                }
                catch (Exception ex)
                {
                    // Nothing of the batch is written (the transaction never committed): every step may run again.
                    WriterFailed(logger, ex, batch.Count);
                    foreach (var pending in batch)
                    {
                        pending.Outcome.TrySetException(new StepNotCommittedException(ex));
                    }

                    if (connection is not null)
                    {
                        CloseWriter(connection);
                        connection = null;
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                CloseWriter(connection);
            }
        }
    }

    /// <summary>Moves the steps waiting in the queue into <paramref name="batch"/>, up to its limit; false when none was waiting (or the batch is full).</summary>
    private bool TakeQueued(List<Pending> batch)
    {
        var taken = false;
        while (batch.Count < options.MaxStepsPerCommit && queue.Reader.TryRead(out var pending))
        {
            Interlocked.Decrement(ref queued);
            batch.Add(pending);
            taken = true;
        }

        return taken;
    }

    /// <summary>Blocks the writer's thread until a step waits (true) or the queue is closed and empty (false).</summary>
    private bool WaitForSteps()
    {
        var waiting = queue.Reader.WaitToReadAsync();
        return waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }

    private void CloseWriter(SqliteConnection connection)
    {
        try
        {
            statements?.Dispose();
        }
        finally
        {
            statements = null;
            connection.Dispose();
        }
    }

    private async Task<SqliteConnection> OpenWriterAsync()
    {
        string connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Database.GetConnectionString()
                ?? throw new InvalidOperationException("The engine's SQLite context has no connection string.");
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync();
            SqlitePragmas.ConfigureWriter(connection, options.SqliteSynchronous);

            // What is written by SaveChanges here (the ledgers' rows, a step's rows not captured as statements) runs on
            // statements kept parsed too (freed when the connection closes); the writer's own per-step statements are
            // kept by WriterStatements.
            SqliteStatementCache.Attach(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="batch"/> in one transaction and commits it. A step queued while the batch is being written
    /// joins it before the commit (it is added to <paramref name="batch"/>, up to the limit): the commit's cost (its WAL
    /// frames, most of them the same pages whatever the number of steps, and its <c>fsync</c>) is shared by more steps,
    /// and the step does not wait for the next batch's.
    /// </summary>
    private async Task CommitBatchAsync(SqliteConnection connection, List<Pending> batch)
    {
        var outcomes = new List<Exception?>(batch.Count);
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            for (var i = 0; i < batch.Count || TakeQueued(batch); i++)
            {
                var pending = batch[i];
                outcomes.Add(null);
                var started = timings.Add(StepPhase.WaitForWriter, pending.QueuedAt);
                statements ??= new WriterStatements(pending.Step.Db, connection);
                statements.Save();
                var database = pending.Step.Db.Database;
                var ownConnection = database.GetDbConnection();
                try
                {
                    if (pending.Prepared.Rows is null)
                    {
                        // Its rows go by SaveChanges, on this connection and in this transaction. (Captured rows, history
                        // and candidates go by the writer's own statements, and participants join by themselves: the
                        // context need not, which cost EF Core a transaction object per step.)
                        await database.JoinStepTransactionAsync(transaction);
                    }

                    await StepWriter.WriteAsync(pending.Step, pending.Prepared, transaction, statements, CancellationToken.None);
                    statements.Release();
                }
                catch (Exception ex)
                {
                    try
                    {
                        statements.Rollback();
                        statements.Release();
                    }
                    catch (Exception undo)
                    {
                        // The transaction is lost (SQLite ends it itself on some errors): the whole batch is rejected,
                        // and the log keeps why the step failed as well as why it could not be undone.
                        throw new AggregateException("A step failed and its savepoint could not be undone.", ex, undo);
                    }

                    outcomes[i] = ex;
                }
                finally
                {
                    // The context goes back to its pool when its step ends: it must not keep the writer's connection.
                    await database.LeaveStepTransactionAsync(connection, ownConnection);
                    timings.Add(StepPhase.Write, started);
                }
            }

            var committing = Stopwatch.GetTimestamp();
            await transaction.CommitAsync();
            var commit = Stopwatch.GetTimestamp() - committing;
            for (var i = 0; i < batch.Count; i++)
            {
                timings.AddElapsed(StepPhase.Commit, commit);
            }
        }

        timings.CountBatch();
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } failure)
            {
                batch[i].Outcome.TrySetException(failure);
            }
            else
            {
                batch[i].Outcome.TrySetResult(batch[i].Work);
            }
        }
    }

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information, Message = "The step writer runs at the process's own priority: {Reason}")]
    private static partial void WriterAtNormalPriority(ILogger logger, string reason);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Error, Message = "A batch of {Count} steps could not commit; each is rejected and may be run again")]
    private static partial void WriterFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Critical, Message = "The step writer stopped; every step queued for it is rejected, and no step can commit until the host restarts")]
    private static partial void WriterStopped(ILogger logger, Exception exception);

    private sealed record Pending(StepWrite Step, PreparedStep Prepared, ScheduledWork Work, long QueuedAt)
    {
        public TaskCompletionSource<ScheduledWork> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
