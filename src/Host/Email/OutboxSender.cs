using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Persistence;

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
/// Sends outbox messages with MailKit. A send is claimed first (pending → sending, compare-and-set), so a message is
/// never sent twice for one row even when two jobs run for it; a failure is retried with back-off, and after the last
/// attempt the row is marked failed with the error and stays visible until an administrator re-queues it.
/// </summary>
public sealed class OutboxSender(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptionsMonitor<SmtpOptions> smtp,
    IOptions<WorkflowHostOptions> host,
    IHostEnvironment environment,
    ILogger<OutboxSender> logger)
{
    private const string Pending = "pending";
    private const string Sending = "sending";
    private const string Sent = "sent";
    private const string Failed = "failed";

    /// <summary>Sends one message if it is pending and due.</summary>
    public async Task<OutboxSendOutcome> SendAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var message = await db.Outbox.SingleOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        var now = time.GetUtcNow();
        if (message is null || message.Status != Pending || message.DueAt > now)
        {
            return OutboxSendOutcome.Skipped;
        }

        message.Status = Sending;
        message.Attempts++;
        message.DueAt = now;
        message.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return OutboxSendOutcome.Skipped;
        }

        var options = smtp.CurrentValue;
        OutboxSendOutcome outcome;
        try
        {
            message.ServerResponse = await DeliverAsync(message, options, cancellationToken);
            message.Status = Sent;
            message.SentAt = time.GetUtcNow();
            message.LastError = null;
            outcome = OutboxSendOutcome.Sent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            message.LastError = ex.Message;
            if (message.Attempts >= options.MaxAttempts)
            {
                message.Status = Failed;
                outcome = OutboxSendOutcome.Failed;
                HostLog.EmailFailed(logger, message.Id, message.Attempts, ex.Message);
            }
            else
            {
                message.Status = Pending;
                message.DueAt = time.GetUtcNow() + Backoff.Exponential(options.RetryBackoff, message.Attempts);
                outcome = OutboxSendOutcome.Retrying;
                HostLog.EmailRetrying(logger, message.Id, message.Attempts, message.DueAt, ex.Message);
            }
        }

        message.Revision++;
        await db.SaveChangesAsync(CancellationToken.None);
        return outcome;
    }

    /// <summary>
    /// Sends every pending message that is due. A message left "sending" by a host that died mid-send is not resent
    /// (the server may have accepted it): it is marked failed for an administrator to check and re-queue.
    /// </summary>
    public async Task<int> SendDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var stuckBefore = now - smtp.CurrentValue.Timeout - smtp.CurrentValue.Timeout;
            await db.Outbox.Where(m => m.Status == Sending && m.DueAt < stuckBefore)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.Status, Failed)
                    .SetProperty(m => m.LastError, "The sending host stopped before the server's answer was recorded; check whether it arrived, then re-queue.")
                    .SetProperty(m => m.Revision, m => m.Revision + 1), cancellationToken);
            due = await db.Outbox.AsNoTracking().Where(m => m.Status == Pending && m.DueAt <= now)
                .OrderBy(m => m.DueAt).Select(m => m.Id).Take(1000).ToListAsync(cancellationToken);
        }

        var sent = 0;
        foreach (var id in due)
        {
            if (await SendAsync(id, cancellationToken) == OutboxSendOutcome.Sent)
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<string> DeliverAsync(OutboxMessageRecord record, SmtpOptions options, CancellationToken cancellationToken)
    {
        var message = Compose(record, options);
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            var folder = Path.GetFullPath(options.PickupFolder, Path.GetFullPath(host.Value.DataPath, environment.ContentRootPath));
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{record.Id:N}.eml");
            await message.WriteToAsync(path, cancellationToken);
            return "pickup:" + path;
        }

        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        await client.ConnectAsync(options.Host, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken);
        }

        var response = await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return response;
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
