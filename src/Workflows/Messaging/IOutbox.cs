namespace Zzut.Workflows.Messaging;

/// <summary>The states of an outbox message, as the API spells them.</summary>
public static class OutboxStatus
{
    /// <summary>Waiting for its (next) attempt.</summary>
    public const string Pending = "pending";

    /// <summary>Claimed by a sender; an attempt is under way.</summary>
    public const string Sending = "sending";

    /// <summary>Accepted by the server (or written to the pickup folder).</summary>
    public const string Sent = "sent";

    /// <summary>Failed its last attempt; waits for an administrator to re-queue it.</summary>
    public const string Failed = "failed";

    /// <summary>Every state.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Sending, Sent, Failed];
}

/// <summary>An e-mail to write to the outbox.</summary>
/// <param name="To">Recipients' addresses.</param>
/// <param name="Cc">Copy recipients' addresses.</param>
/// <param name="Subject">The subject.</param>
/// <param name="HtmlBody">The HTML body.</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="InstanceId">The instance it belongs to, if any.</param>
/// <param name="TaskId">The user task it is about, if any.</param>
public sealed record OutgoingMessage(
    IReadOnlyList<string> To, IReadOnlyList<string> Cc, string Subject, string HtmlBody, string TextBody, Guid? InstanceId = null, Guid? TaskId = null);

/// <summary>An outbox message as the API shows it.</summary>
public sealed record OutboxMessageView(
    Guid Id, Guid? InstanceId, Guid? TaskId, string To, string Cc, string Subject, string Status, int Attempts,
    DateTimeOffset DueAt, string? LastError, string? ServerResponse, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

/// <summary>Filters for outbox queries (all optional).</summary>
/// <param name="Status">One of <see cref="OutboxStatus"/>.</param>
/// <param name="InstanceId">The instance's messages.</param>
/// <param name="Limit">At most this many, newest first.</param>
public sealed record OutboxQuery(string? Status = null, Guid? InstanceId = null, int Limit = 1000);

/// <summary>
/// The e-mail outbox (scoped: it writes through the scope's engine context). Inside a step, <see cref="Add"/> puts a
/// message in the step, which sends it once the step has committed; outside one, <see cref="EnqueueAsync"/> commits the
/// messages together with whatever the scope's step participants hold (a ledger change, say) and schedules them.
/// </summary>
public interface IOutbox
{
    /// <summary>Adds a message to the current step (it commits with the step or not at all); returns its id.</summary>
    Guid Add(OutgoingMessage message, DateTimeOffset now);

    /// <summary>
    /// Outside a step: writes the messages and the changes of the scope's <see cref="Runtime.IStepParticipant"/>s in one
    /// transaction, then schedules the sending. Returns the message ids.
    /// </summary>
    Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Messages matching a query, newest first.</summary>
    Task<IReadOnlyList<OutboxMessageView>> QueryAsync(OutboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>Puts a failed message back in the queue with fresh attempts, due now, and schedules it.</summary>
    /// <exception cref="WorkflowNotFoundException">No such message.</exception>
    /// <exception cref="WorkflowConflictException">The message has not failed.</exception>
    Task<OutboxMessageView> RequeueAsync(Guid id, CancellationToken cancellationToken = default);
}
