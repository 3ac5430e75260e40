using System.Text.Json.Nodes;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.History;

/// <summary>
/// Appends to a hash-chained stream of the history that is not an instance's own (for example <c>security</c>: sign-ins
/// and denied requests), and reads and checks it. Each append is its own transaction; concurrent appends chain one after
/// the other, never fork. The streams <c>instance:…</c> and <c>definition:…</c> are the engine's and cannot be appended to.
/// </summary>
public interface IHistoryJournal
{
    /// <summary>Appends one row to the stream, stamped now.</summary>
    /// <exception cref="ArgumentException">The stream is one of the engine's own.</exception>
    Task AppendAsync(string stream, string type, string? actor, JsonObject? data, CancellationToken cancellationToken = default);

    /// <summary>The stream's rows, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntryView>> ReadAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>Recomputes the stream's hash chain.</summary>
    Task<HistoryVerification> VerifyAsync(string stream, CancellationToken cancellationToken = default);
}
