using System.Text.Json.Nodes;
using Zzut.Workflows.History;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// Sign-ins and denied requests, appended to the hash-chained history in the stream <c>security</c> (Art. 37:
/// accountability and back-tracing), through the engine's <see cref="IHistoryJournal"/>.
/// </summary>
public sealed class SecurityAudit(IHistoryJournal journal)
{
    /// <summary>The history stream.</summary>
    public const string Stream = "security";

    /// <summary>Appends one row.</summary>
    public Task RecordAsync(string type, string? actor, JsonObject data, CancellationToken cancellationToken = default) =>
        journal.AppendAsync(Stream, type, actor, data, cancellationToken);

    /// <summary>The stream's rows, oldest first (for administrators and tests).</summary>
    public Task<IReadOnlyList<HistoryEntryView>> ReadAsync(CancellationToken cancellationToken = default) => journal.ReadAsync(Stream, cancellationToken);

    /// <summary>Recomputes the stream's hash chain.</summary>
    public Task<HistoryVerification> VerifyAsync(CancellationToken cancellationToken = default) => journal.VerifyAsync(Stream, cancellationToken);
}
