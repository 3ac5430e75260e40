using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>
/// <c>ledger.{name}.save</c>: writes the task's input parameters onto the instance's ledger row, in the step's
/// transaction. The row is the one the variable <c>{name}Id</c> names; without it, a new row is created and the variable
/// set. Input names are the ledger's field names (<c>status</c> included); the row must be valid afterwards
/// (<see cref="LedgerEditor"/>), else the step records an incident and nothing is written. Each row remembers the
/// instances that touched it.
/// </summary>
public abstract class LedgerSaveActivity<TRecord> : IActivity
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

    /// <summary>The row's field the input <c>status</c> sets (the status of some ledgers is a phase).</summary>
    protected virtual string StatusField => "status";

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
            record = LedgerEditor.New<TRecord>(context.Now);
            db.Add(record);
        }

        // A refused change leaves the row as it was: the step still commits (with an incident at this task), and it must
        // not carry half of this activity's writes with it.
        var entry = db.Entry(record);
        var before = entry.CurrentValues.Clone();
        try
        {
            var fields = context.Inputs.Where(i => i.Key != IdVariable).Select(i => i.Key == "status" ? KeyValuePair.Create(StatusField, i.Value) : i);
            await context.Services.GetRequiredService<LedgerEditor>().ApplyAsync(record, fields, context.Now, created: id is null, cancellationToken);
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

        await LedgerRow.LinkAsync(context, Ledger, record.Id, cancellationToken);
        if (!context.Inputs.ContainsKey(IdVariable))
        {
            context.SetVariable(IdVariable, record.Id.ToString());
        }

        context.SetVariable(Ledger, LedgerFields.ToJson(record));
    }
}

/// <summary><c>ledger.system.save</c>: the information-system ledger; a new evaluation date sets the next due date by the level's period.</summary>
public sealed class SystemLedgerActivity : LedgerSaveActivity<InformationSystemRecord>
{
    /// <inheritdoc />
    protected override string Ledger => "system";
}

/// <summary>
/// <c>ledger.system.read</c>: reads the information system that <c>systemId</c> names and sets what a procedure about it
/// takes from the ledger — <c>systemName</c>, <c>unitCode</c>, <c>level</c> (the level in force) and the row as
/// <c>system</c> — so that a start names the system only and never retypes what the ledger holds. Links the instance to
/// the row. Writes nothing to the ledger.
/// </summary>
public sealed class SystemReadActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "ledger.system.read";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["system", "systemName", "unitCode", "level"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var system = await LedgerRow.FindAsync<InformationSystemRecord>(context, "systemId", cancellationToken);
        await LedgerRow.LinkAsync(context, "system", system.Id, cancellationToken);
        context.SetVariable("system", LedgerFields.ToJson(system));
        context.SetVariable("systemName", system.Name);
        context.SetVariable("unitCode", system.UnitCode);
        context.SetVariable("level", system.Level);
    }
}

/// <summary><c>ledger.website.save</c>: the website ledger.</summary>
public sealed class WebsiteLedgerActivity : LedgerSaveActivity<WebsiteRecord>
{
    /// <inheritdoc />
    protected override string Ledger => "website";
}

/// <summary>
/// <c>ledger.incident.save</c>: the incident ledger; its status is its phase. A new row is entered now, and judged at
/// once (<see cref="IncidentRecord.Enter"/>). Later judgements are <c>incident.assess</c>'s.
/// </summary>
public sealed class IncidentLedgerActivity : LedgerSaveActivity<IncidentRecord>
{
    /// <inheritdoc />
    protected override string Ledger => "incident";

    /// <inheritdoc />
    protected override string StatusField => "phase";
}

/// <summary>
/// <c>incident.assess</c>: judges the reporting status (<see cref="IncidentRecord.Assess"/>) and the oral report
/// (<see cref="IncidentRecord.AssessOral"/>) now; a deadline timer passes its own deadline as <c>asOf</c> and what it
/// judges as <c>judge</c> (<c>oral</c> or <c>reporting</c>), so that timers firing late or together each judge their
/// own deadline and none takes another's notice. Sets the variables <c>reportingStatus</c>, <c>reportingWorsened</c>,
/// <c>oralReportStatus</c> and <c>oralReportWorsened</c> (true when this judgement made it worse, so that the definition
/// sends each notice once).
/// </summary>
public sealed class IncidentAssessActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "incident.assess";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["reportingStatus", "reportingWorsened", "oralReportStatus", "oralReportWorsened", "incident"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var incident = await LedgerRow.FindAsync<IncidentRecord>(context, "incidentId", cancellationToken);
        DateTimeOffset? asOf = context.Get("asOf") is { } value ? DateTimeOffset.Parse(value.ToString(), CultureInfo.InvariantCulture) : null;
        var judge = context.Get("judge")?.ToString();
        if (judge is not (null or "oral" or "reporting"))
        {
            throw new InvalidOperationException($"incident.assess judges 'oral' or 'reporting', not '{judge}'.");
        }

        var worsened = judge != "oral" && incident.Assess(context.Now, asOf);
        var oralWorsened = judge != "reporting" && incident.AssessOral(context.Now, asOf);
        context.SetVariable("reportingStatus", incident.ReportingStatus.ToWire());
        context.SetVariable("reportingWorsened", worsened);
        context.SetVariable("oralReportStatus", incident.OralReportStatus.ToWire());
        context.SetVariable("oralReportWorsened", oralWorsened);
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
        var incident = await LedgerRow.FindAsync<IncidentRecord>(context, "incidentId", cancellationToken);
        var kind = WireNames.Parse<AccountabilityKind>(context.Get("kind")?.ToString(), "kind");
        var measure = incident.RecordAccountability(
            kind,
            context.Get("responsiblePerson")?.ToString() ?? string.Empty,
            context.Get("reason")?.ToString() ?? string.Empty,
            context.Get("recordedBy")?.ToString(),
            LedgerRow.Act(context));
        context.Services.GetRequiredService<LedgerDbContext>().Accountability.Add(measure);
    }
}

/// <summary>What the ledger activities share: finding the instance's row, and the act a step performs.</summary>
internal static class LedgerRow
{
    /// <summary>The row the variable <paramref name="idVariable"/> names (a missing variable or row is a failure of the definition).</summary>
    public static async Task<TRecord> FindAsync<TRecord>(ActivityContext context, string idVariable, CancellationToken cancellationToken)
        where TRecord : class
    {
        var id = Guid.Parse(context.Get(idVariable)?.ToString() ?? throw new InvalidOperationException($"The activity needs the variable {idVariable}."));
        var db = context.Services.GetRequiredService<LedgerDbContext>();

        // As FindAsync: the row this step already tracks (looked up without detecting changes, as FindAsync does;
        // DbSet.Local would detect them), else the database's by a compiled query, which scans run for every system of
        // the ledger (FindAsync translates its query again each time).
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        EntityEntry<TRecord>? tracked;
        try
        {
            tracked = db.Set<TRecord>().Local.FindEntry(id);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        var row = tracked is { State: not EntityState.Deleted } ? tracked.Entity : await Zzut.Workflows.Persistence.PerModel.Queries<Compiled<TRecord>>(db).Find(db, id, cancellationToken);
        return row ?? throw new InvalidOperationException($"The ledger has no {typeof(TRecord).Name} {id}.");
    }

    /// <summary>Records that the instance touched the row (once per row and instance), for the row's list of instances.</summary>
    public static async Task LinkAsync(ActivityContext context, string ledger, Guid recordId, CancellationToken cancellationToken)
    {
        var db = context.Services.GetRequiredService<LedgerDbContext>();
        if (!await Zzut.Workflows.Persistence.PerModel.Queries<LinkQueries>(db).LinkExists(db, ledger, recordId, context.InstanceId, cancellationToken)
            && !db.Links.Local.Any(l => l.Ledger == ledger && l.RecordId == recordId && l.InstanceId == context.InstanceId))
        {
            db.Links.Add(new LedgerLinkRecord { Ledger = ledger, RecordId = recordId, InstanceId = context.InstanceId, DefinitionKey = context.DefinitionKey, ElementId = context.ElementId, At = context.Now });
        }
    }

    /// <summary>A text input (or variable), or null when missing or empty.</summary>
    public static string? Text(ActivityContext context, string name) => context.Get(name) is JsonValue value && value.ToString() is { Length: > 0 } text ? text : null;

    /// <summary>The step as a ledger act: now, today in the ledgers' time zone, the step's actor and instance.</summary>
    public static LedgerAct Act(ActivityContext context, string? by = null) =>
        new(context.Now, context.Services.GetRequiredService<Domain.Calendar.WorkingCalendar>().LocalDate(context.Now), by ?? context.Actor, context.InstanceId);

    /// <summary>The query of a row type's rows, compiled once per row type and model (<see cref="Zzut.Workflows.Persistence.PerModel"/>).</summary>
    internal sealed class Compiled<TRecord>
        where TRecord : class
    {
        /// <summary>The row of that id.</summary>
        public Func<LedgerDbContext, Guid, CancellationToken, Task<TRecord?>> Find { get; } = EF.CompileAsyncQuery(
            (LedgerDbContext db, Guid id, CancellationToken _) => db.Set<TRecord>().FirstOrDefault(r => EF.Property<Guid>(r, "Id") == id));
    }

    /// <summary>The query of the instances' links to rows, compiled once per model.</summary>
    internal sealed class LinkQueries
    {
        /// <summary>Whether the instance is linked to the row already.</summary>
        public Func<LedgerDbContext, string, Guid, Guid, CancellationToken, Task<bool>> LinkExists { get; } = EF.CompileAsyncQuery(
            (LedgerDbContext db, string ledger, Guid recordId, Guid instanceId, CancellationToken _) =>
                db.Links.Any(l => l.Ledger == ledger && l.RecordId == recordId && l.InstanceId == instanceId));
    }
}
