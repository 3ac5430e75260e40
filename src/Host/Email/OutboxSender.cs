using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Email;

/// <summary>What one send attempt came to.</summary>
public enum OutboxSendOutcome
{
    /// <summary>Nothing was sent: not pending, not due, or claimed by another worker.</summary>
    Skipped,

    /// <summary>Accepted by the server (or written to the pickup folder).</summary>
    Sent,

    /// <summary>Failed; another attempt is scheduled.</summary>
    Retrying,

    /// <summary>Failed its last attempt; listed as failed for administrators.</summary>
    Failed,
}

/// <summary>
/// Sends outbox messages with MailKit, a batch at a time. A batch is claimed first (pending and due → sending, a
/// compare-and-set per row, in one write through the step pipeline), so a message is never sent twice for one row even
/// when two senders ask for it; the claimed messages go over one SMTP connection, and what came of each is written
/// as the server answers (<see cref="Recorder"/>). A failure is retried with back-off, and after the last attempt the row is marked
/// failed with the error and stays visible until an administrator re-queues it.
/// </summary>
public sealed class OutboxSender(
    IServiceScopeFactory scopes,
    IPipelineWrites writes,
    TimeProvider time,
    IOptionsMonitor<SmtpOptions> smtp,
    IOptions<WorkflowHostOptions> host,
    IHostEnvironment environment,
    ILogger<OutboxSender> logger)
{
    /// <summary>The most messages sent over one connection (and claimed in one write).</summary>
    public const int BatchSize = 50;

    private const string Pending = "pending";
    private const string Sending = "sending";
    private const string Sent = "sent";
    private const string Failed = "failed";

    /// <summary>Sends one message if it is pending and due.</summary>
    public async Task<OutboxSendOutcome> SendAsync(Guid messageId, CancellationToken cancellationToken = default) =>
        (await SendBatchAsync([messageId], cancellationToken))[messageId];

    /// <summary>
    /// Sends those of <paramref name="messageIds"/> (at most <see cref="BatchSize"/>) that are pending and due, over one
    /// connection, and returns what came of each id. Once claimed, a message is sent and recorded, or released to
    /// pending when it was never handed to the server (a cancellation, a failure of the database mid-batch); only the
    /// one being handed over when the host stops stays "sending", as the server may have accepted it. A batch that runs
    /// longer than <see cref="SmtpOptions.Timeout"/> renews its claim on the messages it has not sent yet, so that no
    /// sweep takes them for ones whose host died; one that was flagged or re-queued meanwhile is not sent by this batch.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, OutboxSendOutcome>> SendBatchAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageIds.Count, BatchSize);
        var outcomes = messageIds.Distinct().ToDictionary(id => id, _ => OutboxSendOutcome.Skipped);
        cancellationToken.ThrowIfCancellationRequested();
        var (claimed, claimedAt) = await ClaimAsync([.. outcomes.Keys], CancellationToken.None);
        if (claimed.Count == 0)
        {
            return outcomes;
        }

        var options = smtp.CurrentValue;
        var untried = new List<OutboxMessageRecord>();
        var recorder = new Recorder(this);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
                untried = [.. (await db.Outbox.AsNoTracking().Where(m => claimed.Contains(m.Id)).ToListAsync(CancellationToken.None)).OrderBy(m => m.CreatedAt)];
            }

            await using var connection = new Connection(this, options, logger);
            while (untried.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                if (time.GetUtcNow() - claimedAt >= options.Timeout)
                {
                    (untried, claimedAt) = await RenewAsync(untried);
                    continue;
                }

                var message = untried[0];
                untried.RemoveAt(0);
                Result result;
                try
                {
                    result = new Result(message, Sent, await connection.DeliverAsync(message, cancellationToken), null, message.DueAt);
                    outcomes[message.Id] = OutboxSendOutcome.Sent;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    if (!connection.HandingOver)
                    {
                        untried.Insert(0, message); // stopped while connecting: nothing was handed over
                    }

                    // Being handed over: the server may have it. It stays "sending" for the sweep to flag.
                    break;
                }
                catch (Exception ex)
                {
                    var attempts = message.Attempts; // read after the claim, which counted this attempt
                    if (attempts >= options.MaxAttempts)
                    {
                        result = new Result(message, Failed, null, ex.Message, message.DueAt);
                        outcomes[message.Id] = OutboxSendOutcome.Failed;
                        HostLog.EmailFailed(logger, message.Id, attempts, ex.Message);
                    }
                    else
                    {
                        var dueAt = time.GetUtcNow() + Backoff.Exponential(options.RetryBackoff, attempts);
                        result = new Result(message, Pending, null, ex.Message, dueAt);
                        outcomes[message.Id] = OutboxSendOutcome.Retrying;
                        HostLog.EmailRetrying(logger, message.Id, attempts, dueAt, ex.Message);
                    }
                }

                await recorder.AddAsync(result);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database failed mid-batch: the messages not handed over yet go back to pending, if it lets us.
            await ReleaseAfterFailureAsync(untried, ex);
            throw;
        }

        await recorder.FlushAsync(untried.Select(m => Result.Release(m, time.GetUtcNow())));
        cancellationToken.ThrowIfCancellationRequested();
        return outcomes;
    }

    private async Task ReleaseAfterFailureAsync(List<OutboxMessageRecord> untried, Exception failure)
    {
        try
        {
            await RecordAsync([.. untried.Select(m => Result.Release(m, time.GetUtcNow()))]);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Left "sending": the sweep flags them for an administrator after twice the SMTP timeout.
            HostLog.EmailReleaseFailed(logger, untried.Count, failure.Message, ex.Message);
        }
    }

    /// <summary>
    /// Renews the claim on <paramref name="untried"/> (one write): those still "sending" are kept with a new claim
    /// time; one a sweep flagged or an administrator re-queued meanwhile is no longer this batch's.
    /// </summary>
    private async Task<(List<OutboxMessageRecord> Kept, DateTimeOffset At)> RenewAsync(List<OutboxMessageRecord> untried)
    {
        var now = time.GetUtcNow();
        var kept = new List<OutboxMessageRecord>();
        await writes.WriteAsync(async (db, ct) =>
        {
            kept = [];
            foreach (var message in untried)
            {
                var id = message.Id;
                if (await db.Outbox.Where(m => m.Id == id && m.Status == Sending)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.DueAt, now).SetProperty(m => m.Revision, m => m.Revision + 1), ct) == 1)
                {
                    kept.Add(message);
                }
            }
        }, CancellationToken.None);
        return (kept, now);
    }

    /// <summary>The most due messages one pass of <see cref="SendDueAsync"/> reads.</summary>
    public const int DuePerPass = 1000;

    /// <summary>
    /// Sends every pending message that is due (up to <see cref="DuePerPass"/>, oldest first), in batches. A message
    /// left "sending" by a host that died mid-send is not resent (the server may have accepted it): it is marked failed
    /// for an administrator to check and re-queue. Returns how many were sent.
    /// </summary>
    public async Task<int> SendDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await SendDuePassAsync(now, cancellationToken)).Sent;

    /// <summary>One pass of <see cref="SendDueAsync"/>: how many due messages it found, and how many it sent.</summary>
    internal async Task<(int Found, int Sent)> SendDuePassAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var stuckBefore = now - smtp.CurrentValue.Timeout - smtp.CurrentValue.Timeout;
        await writes.WriteAsync((db, ct) => db.Outbox.Where(m => m.Status == Sending && m.DueAt < stuckBefore)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Status, Failed)
                .SetProperty(m => m.LastError, "The sending host stopped before the server's answer was recorded; check whether it arrived, then re-queue.")
                .SetProperty(m => m.Revision, m => m.Revision + 1), ct), cancellationToken);
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            due = await db.Outbox.AsNoTracking().Where(m => m.Status == Pending && m.DueAt <= now)
                .OrderBy(m => m.DueAt).Select(m => m.Id).Take(DuePerPass).ToListAsync(cancellationToken);
        }

        var sent = 0;
        foreach (var batch in due.Chunk(BatchSize))
        {
            sent += (await SendBatchAsync(batch, cancellationToken)).Values.Count(o => o == OutboxSendOutcome.Sent);
        }

        return (due.Count, sent);
    }

    /// <summary>
    /// Claims the pending, due messages among <paramref name="ids"/>: one compare-and-set per row, in the order of the
    /// ids (so that two claims on PostgreSQL lock their rows in one order), one write.
    /// </summary>
    private async Task<(List<Guid> Claimed, DateTimeOffset At)> ClaimAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<Guid> claimed = [];
        ids.Sort();
        await writes.WriteAsync(async (db, ct) =>
        {
            claimed = [];
            foreach (var id in ids)
            {
                // A plain statement, not ExecuteUpdate: this runs on the single writer for every message.
                var count = await RowUpdate.Of<OutboxMessageRecord>(db)
                    .Set(nameof(OutboxMessageRecord.Status), Sending)
                    .Increment(nameof(OutboxMessageRecord.Attempts), 1)
                    .Set(nameof(OutboxMessageRecord.DueAt), now)
                    .Increment(nameof(OutboxMessageRecord.Revision), 1)
                    .Where(nameof(OutboxMessageRecord.Id), id)
                    .Where(nameof(OutboxMessageRecord.Status), Pending)
                    .WhereAtMost(nameof(OutboxMessageRecord.DueAt), now)
                    .ExecuteAsync("outbox message", ct);
                if (count == 1)
                {
                    claimed.Add(id);
                }
            }
        }, cancellationToken);
        return (claimed, now);
    }

    /// <summary>Writes what came of each claimed message, in one write; a row no longer "sending" (flagged by a sweep) is left as it is.</summary>
    private Task RecordAsync(List<Result> results) => results.Count == 0 ? Task.CompletedTask : writes.WriteAsync(async (db, ct) =>
    {
        var now = time.GetUtcNow();
        foreach (var result in results)
        {
            var id = result.Message.Id;
            await RowUpdate.Of<OutboxMessageRecord>(db)
                .Set(nameof(OutboxMessageRecord.Status), result.Status)
                .Set(nameof(OutboxMessageRecord.ServerResponse), result.ServerResponse)
                .Set(nameof(OutboxMessageRecord.LastError), result.Released ? result.Message.LastError : result.Error)
                .Set(nameof(OutboxMessageRecord.SentAt), result.Status == Sent ? now : null)
                .Set(nameof(OutboxMessageRecord.DueAt), result.DueAt)
                .Increment(nameof(OutboxMessageRecord.Attempts), result.Released ? -1 : 0)
                .Increment(nameof(OutboxMessageRecord.Revision), 1)
                .Where(nameof(OutboxMessageRecord.Id), id)
                .Where(nameof(OutboxMessageRecord.Status), Sending)
                .ExecuteAsync("outbox message", ct);
        }
    }, CancellationToken.None);

    /// <summary>
    /// Writes the results of a batch as the server answers, without making the next message wait for the write: a
    /// result is written as soon as the previous write has finished, together with the ones that came meanwhile. So a
    /// host that dies mid-batch leaves "sending" (flagged for an administrator) only the messages answered during the
    /// last write and the one being handed over, never the ones before; and under load one write carries several
    /// results instead of taking the single writer once per message.
    /// </summary>
    private sealed class Recorder(OutboxSender sender)
    {
        private readonly List<Result> waiting = [];
        private Task writing = Task.CompletedTask;

        public async Task AddAsync(Result result)
        {
            waiting.Add(result);
            if (writing.IsCompleted)
            {
                await writing; // its failure surfaces here
                writing = sender.RecordAsync([.. waiting]);
                waiting.Clear();
            }
        }

        public async Task FlushAsync(IEnumerable<Result> more)
        {
            await writing;
            waiting.AddRange(more);
            await sender.RecordAsync([.. waiting]);
            waiting.Clear();
        }
    }

    private string PickupFolder(SmtpOptions options) =>
        Path.GetFullPath(options.PickupFolder, Path.GetFullPath(host.Value.DataPath, environment.ContentRootPath));

    /// <summary>What came of one claimed message: its new status, the server's answer or the error, and when it is next due.</summary>
    private sealed record Result(OutboxMessageRecord Message, string Status, string? ServerResponse, string? Error, DateTimeOffset DueAt, bool Released = false)
    {
        /// <summary>A message never handed to the server: pending again, due now, its attempt not counted.</summary>
        public static Result Release(OutboxMessageRecord message, DateTimeOffset now) => new(message, Pending, null, null, now, Released: true);
    }

    /// <summary>
    /// One SMTP session for a batch, opened at its first message: a message the server refuses leaves the session open
    /// for the next; a broken session is opened again for the next message, once; a server that cannot be reached
    /// fails the rest of the batch with the same error at once. Without an SMTP host, messages go to the pickup folder.
    /// </summary>
    private sealed class Connection(OutboxSender sender, SmtpOptions options, ILogger logger) : IAsyncDisposable
    {
        private SmtpClient? client;
        private string? pickupFolder;
        private Exception? unreachable;

        /// <summary>Whether the last message got as far as being handed to the server (not only connecting).</summary>
        public bool HandingOver { get; private set; }

        public async Task<string> DeliverAsync(OutboxMessageRecord record, CancellationToken cancellationToken)
        {
            HandingOver = false;
            var message = Compose(record, options);
            if (string.IsNullOrWhiteSpace(options.Host))
            {
                pickupFolder ??= Directory.CreateDirectory(sender.PickupFolder(options)).FullName; // once per batch
                var path = Path.Combine(pickupFolder, $"{record.Id:N}.eml");
                HandingOver = true;
                await message.WriteToAsync(path, cancellationToken);
                return "pickup:" + path;
            }

            if (unreachable is not null)
            {
                throw new InvalidOperationException(unreachable.Message, unreachable);
            }

            if (client is not { IsConnected: true })
            {
                client?.Dispose();
                client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
                try
                {
                    await client.ConnectAsync(options.Host, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), cancellationToken);
                    if (!string.IsNullOrEmpty(options.UserName))
                    {
                        await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    unreachable = ex;
                    throw;
                }
            }

            HandingOver = true;
            return await client.SendAsync(message, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            if (client is { IsConnected: true })
            {
                try
                {
                    await client.DisconnectAsync(quit: true, CancellationToken.None);
                }
                catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or System.Net.Sockets.SocketException)
                {
                    // Every message of the batch has its answer already: a session that breaks at QUIT loses nothing.
                    HostLog.SmtpQuitFailed(logger, options.Host!, ex.Message);
                }
            }

            client?.Dispose();
        }
    }

    private static MimeMessage Compose(OutboxMessageRecord record, SmtpOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var to in Split(record.To))
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        foreach (var cc in Split(record.Cc))
        {
            message.Cc.Add(MailboxAddress.Parse(cc));
        }

        message.Subject = record.Subject;
        message.MessageId = $"{record.Id:N}@zzut-workflows";
        message.Headers.Add("X-Zzut-Outbox-Id", record.Id.ToString());
        message.Body = new BodyBuilder { TextBody = record.TextBody, HtmlBody = record.HtmlBody }.ToMessageBody();
        return message;
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
