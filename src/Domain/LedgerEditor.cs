using System.Text.Json.Nodes;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Systems;

namespace Zzut.Workflows.Domain;

/// <summary>
/// Writes fields onto a ledger row the one way both writers use — the ledger activities (from a task's inputs) and the
/// API (from a request body): the fields by their JSON names, what the row derives from them, every rule checked, the
/// change stamped. A refused change throws <see cref="LedgerValidationException"/>; the caller discards the row's changes.
/// </summary>
public sealed class LedgerEditor(LedgerDbContext db, SystemLedger systems, WorkingCalendar calendar)
{
    /// <summary>A new row with its id and creation time, not yet added to the ledger.</summary>
    public static TRecord New<TRecord>(DateTimeOffset now)
        where TRecord : IUnitLedgerRecord, new() => new() { Id = Guid.CreateVersion7(now), CreatedAt = now };

    /// <summary>
    /// Applies <paramref name="fields"/> to the row (unknown fields and values of the wrong type are refused first, with
    /// nothing else), derives what follows from them (a system's next evaluation; a new incident's entry and first
    /// judgement), checks every rule of the row and its unit (reported together), and stamps the change at
    /// <paramref name="now"/>.
    /// </summary>
    public async Task ApplyAsync<TRecord>(TRecord record, IEnumerable<KeyValuePair<string, JsonNode?>> fields, DateTimeOffset now, bool created, CancellationToken cancellationToken = default)
        where TRecord : class, IUnitLedgerRecord
    {
        var errors = new LedgerErrors();
        LedgerFields.Apply(record, fields, calendar.TimeZone, errors);
        switch (record)
        {
            case InformationSystemRecord system:
                await systems.ScheduleNextEvaluationAsync(system, cancellationToken);
                break;
            case IncidentRecord incident when created:
                // Later judgements are incident.assess's, whose "worsened" output sends each notice once.
                incident.Enter(now);
                break;
        }

        errors.AddRange(await LedgerRules.ValidateAsync(record, db, cancellationToken));
        errors.ThrowIfAny();
        record.Touch(now);
    }
}
