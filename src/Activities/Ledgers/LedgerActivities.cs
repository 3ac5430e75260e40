using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>
/// <c>ledger.{name}.save</c>: writes the task's input parameters onto the instance's ledger row, in the step's
/// transaction. The row is the one the variable <c>{name}Id</c> names; without it, a new row is created and the variable
/// set. Input names are the ledger's field names (<c>status</c> included); the row must be valid afterwards, else the
/// step records an incident and nothing is written. Each row remembers the instances that touched it.
/// </summary>
public abstract class LedgerSaveActivity<TRecord>(WorkingCalendar calendar) : IActivity
    where TRecord : class, IUnitLedgerRecord, new()
{
    /// <summary>The ledger's short name: <c>system</c>, <c>website</c>, <c>incident</c>.</summary>
    protected abstract string Ledger { get; }

    /// <summary>The variable holding the row id.</summary>
    public string IdVariable => Ledger + "Id";

    /// <inheritdoc />
    public string Topic => $"ledger.{TopicName}.save";

    /// <summary>The ledger's name in the topic (defaults to <see cref="Ledger"/>).</summary>
    protected virtual string TopicName => Ledger;

    /// <summary>
    /// The row as JSON (<c>{ledger}</c>), and its id (<c>{ledger}Id</c>) unless the definition names the row with an input
    /// parameter of that name.
    /// </summary>
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) =>
        inputNames.Contains(IdVariable) ? [Ledger] : [Ledger, IdVariable];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Services.GetRequiredService<LedgerDbContext>();
        var id = context.Get(IdVariable) is JsonValue value && Guid.TryParse(value.ToString(), out var existing) ? existing : (Guid?)null;
        TRecord record;
        if (id is { } rowId)
        {
            record = await db.Set<TRecord>().FindAsync([rowId], cancellationToken)
                ?? throw new InvalidOperationException($"The {Ledger} ledger has no row {rowId}.");
        }
        else
        {
            record = new TRecord { CreatedAt = context.Now };
            typeof(TRecord).GetProperty(nameof(IUnitLedgerRecord.Id))!.SetValue(record, Guid.CreateVersion7(context.Now));
            db.Add(record);
        }

        // A refused change leaves the row as it was: the step still commits (with an incident at this task), and it must
        // not carry half of this activity's writes with it.
        var entry = db.Entry(record);
        var before = entry.CurrentValues.Clone();
        try
        {
            await ApplyAsync(record, id is null, context, db, cancellationToken);
        }
        catch
        {
            if (id is null)
            {
                entry.State = EntityState.Detached;
            }
            else
            {
                entry.CurrentValues.SetValues(before);
            }

            throw;
        }

        if (!await db.Links.AnyAsync(l => l.Ledger == Ledger && l.RecordId == record.Id && l.InstanceId == context.InstanceId, cancellationToken)
            && !db.Links.Local.Any(l => l.Ledger == Ledger && l.RecordId == record.Id && l.InstanceId == context.InstanceId))
        {
            db.Links.Add(new LedgerLinkRecord { Ledger = Ledger, RecordId = record.Id, InstanceId = context.InstanceId, DefinitionKey = context.DefinitionKey, ElementId = context.ElementId, At = context.Now });
        }

        if (!context.Inputs.ContainsKey(IdVariable))
        {
            context.SetVariable(IdVariable, record.Id.ToString());
        }

        context.SetVariable(Ledger, LedgerFields.ToJson(record));
    }

    private async Task ApplyAsync(TRecord record, bool created, ActivityContext context, LedgerDbContext db, CancellationToken cancellationToken)
    {
        var fields = context.Inputs.Where(i => i.Key != IdVariable).ToList();
        var status = fields.FirstOrDefault(f => f.Key == "status");
        LedgerFields.Apply(record, fields.Where(f => f.Key != "status"), calendar.TimeZone);
        if (status.Key is not null)
        {
            SetStatus(record, status.Value?.ToString() ?? string.Empty);
        }

        await OnSavingAsync(record, created, context, db, cancellationToken);
        await LedgerRules.EnsureValidAsync(record, db, cancellationToken);
        record.UpdatedAt = context.Now;
        record.Revision++;
    }

    /// <summary>Sets the row's status (the status of some ledgers is a phase).</summary>
    protected abstract void SetStatus(TRecord record, string status);

    /// <summary>Derived fields, computed before validation.</summary>
    protected virtual Task OnSavingAsync(TRecord record, bool created, ActivityContext context, LedgerDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary><c>ledger.system.save</c>: the information-system ledger; a new evaluation date sets the next due date by the level's period.</summary>
public sealed class SystemLedgerActivity(WorkingCalendar calendar) : LedgerSaveActivity<InformationSystemRecord>(calendar)
{
    /// <inheritdoc />
    protected override string Ledger => "system";

    /// <inheritdoc />
    protected override void SetStatus(InformationSystemRecord record, string status) => record.Status = status;

    /// <inheritdoc />
    protected override async Task OnSavingAsync(InformationSystemRecord record, bool created, ActivityContext context, LedgerDbContext db, CancellationToken cancellationToken) =>
        record.NextEvaluationDue = await EvaluationSchedule.NextDueAsync(db, record, cancellationToken);
}

/// <summary><c>ledger.website.save</c>: the website ledger.</summary>
public sealed class WebsiteLedgerActivity(WorkingCalendar calendar) : LedgerSaveActivity<WebsiteRecord>(calendar)
{
    /// <inheritdoc />
    protected override string Ledger => "website";

    /// <inheritdoc />
    protected override void SetStatus(WebsiteRecord record, string status) => record.Status = status;
}

/// <summary>
/// <c>ledger.incident.save</c>: the incident ledger. A new row is entered now, and judged at once: entered 1 hour or
/// more after the occurrence it is already 漏报. Later judgements are <c>incident.assess</c>'s.
/// </summary>
public sealed class IncidentLedgerActivity(WorkingCalendar calendar) : LedgerSaveActivity<IncidentRecord>(calendar)
{
    /// <inheritdoc />
    protected override string Ledger => "incident";

    /// <inheritdoc />
    protected override void SetStatus(IncidentRecord record, string status) => record.Phase = status;

    /// <inheritdoc />
    protected override Task OnSavingAsync(IncidentRecord record, bool created, ActivityContext context, LedgerDbContext db, CancellationToken cancellationToken)
    {
        // Later judgements are incident.assess's, whose "worsened" output sends each notice once.
        if (created)
        {
            record.EnteredAt = context.Now;
            record.ReportingUnit ??= record.UnitCode;
            record.ReportingStatus = IncidentReporting.StatusAt(record.OccurredAt, record.WrittenReportAt, context.Now);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>incident.assess</c>: judges the reporting status now (from the occurrence and the written report) and sets the
/// variables <c>reportingStatus</c> and <c>reportingWorsened</c> (true when this judgement made it worse, so that the
/// definition sends each notice once).
/// </summary>
public sealed class IncidentAssessActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "incident.assess";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["reportingStatus", "reportingWorsened", "incident"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Services.GetRequiredService<LedgerDbContext>();
        var id = Guid.Parse(context.Get("incidentId")?.ToString() ?? throw new InvalidOperationException("incident.assess needs the variable incidentId."));
        var incident = await db.Incidents.FindAsync([id], cancellationToken) ?? throw new InvalidOperationException($"The incident ledger has no row {id}.");
        var judged = IncidentReporting.StatusAt(incident.OccurredAt, incident.WrittenReportAt, context.Now);
        var worsened = IncidentReporting.Severity(judged) > IncidentReporting.Severity(incident.ReportingStatus);
        if (worsened)
        {
            incident.ReportingStatus = judged;
            incident.UpdatedAt = context.Now;
            incident.Revision++;
        }

        context.SetVariable("reportingStatus", incident.ReportingStatus);
        context.SetVariable("reportingWorsened", worsened);
        context.SetVariable("incident", LedgerFields.ToJson(incident));
    }
}

/// <summary>
/// <c>incident.accountability</c>: records an interview (约谈) or circulated notice (通报) against the incident (Art. 39).
/// Inputs: <c>kind</c> (interview|circular), <c>responsiblePerson</c>, <c>reason</c>, <c>recordedBy</c>.
/// </summary>
public sealed class IncidentAccountabilityActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "incident.accountability";

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Services.GetRequiredService<LedgerDbContext>();
        var id = Guid.Parse(context.Get("incidentId")?.ToString() ?? throw new InvalidOperationException("incident.accountability needs the variable incidentId."));
        var incident = await db.Incidents.FindAsync([id], cancellationToken) ?? throw new InvalidOperationException($"The incident ledger has no row {id}.");
        var kind = context.Get("kind")?.ToString() ?? string.Empty;
        if (!AccountabilityRecord.Kinds.Contains(kind))
        {
            throw new LedgerValidationException(new Dictionary<string, string[]> { ["kind"] = ["Must be interview or circular."] });
        }

        db.Accountability.Add(new AccountabilityRecord
        {
            Id = Guid.CreateVersion7(context.Now),
            IncidentId = incident.Id,
            Kind = kind,
            ResponsiblePerson = context.Get("responsiblePerson")?.ToString() ?? string.Empty,
            Reason = context.Get("reason")?.ToString() ?? string.Empty,
            RecordedBy = context.Get("recordedBy")?.ToString(),
            RecordedAt = context.Now,
            InstanceId = context.InstanceId,
        });
        incident.UpdatedAt = context.Now;
        incident.Revision++;
    }
}

/// <summary>Next evaluation due dates from the period table (P2): data, not code.</summary>
public static class EvaluationSchedule
{
    /// <summary>The policy's periods: level 4 every 6 months, 3 every 12, 2 every 24, 1 never (5: as 4).</summary>
    public static readonly IReadOnlyDictionary<int, int> DefaultMonths = new Dictionary<int, int> { [1] = 0, [2] = 24, [3] = 12, [4] = 6, [5] = 6 };

    /// <summary>Last evaluation + the period of the system's level; null without an evaluation or for a level without one.</summary>
    public static async Task<DateOnly?> NextDueAsync(LedgerDbContext db, InformationSystemRecord system, CancellationToken cancellationToken = default)
    {
        if (system.LastEvaluationDate is not { } last)
        {
            return null;
        }

        var level = system.Level;
        var months = await db.EvaluationPeriods.AsNoTracking().Where(p => p.Level == level).Select(p => (int?)p.Months).FirstOrDefaultAsync(cancellationToken)
            ?? DefaultMonths.GetValueOrDefault(level);
        return months > 0 ? last.AddMonths(months) : null;
    }
}
