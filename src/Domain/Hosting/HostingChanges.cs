using System.Text.Json;
using System.Text.Json.Nodes;
using Zzut.Workflows.Domain.Calendar;

namespace Zzut.Workflows.Domain.Hosting;

/// <summary>
/// Changes of VMs and hosted servers (Att. 5 §2, Att. 7 §2: 需事先报信息与网络管理中心，经中心批准后方可实施): a request
/// records the new values beside the row, which keeps its values until the center approves; only then are they
/// written, through <see cref="LedgerEditor"/> and the row's rules. One request per row is pending at a time.
/// </summary>
public sealed class HostingChanges(LedgerDbContext db, HostingLedger hosting, LedgerEditor editor, WorkingCalendar calendar)
{
    /// <summary>The requested values are stored as JSON people can read in the database (Chinese unescaped).</summary>
    private static readonly JsonSerializerOptions Stored = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    /// <summary>The VM ledger's name.</summary>
    public const string VmLedger = HostingLedger.VmLedger;

    /// <summary>The hosted-server ledger's name.</summary>
    public const string HostedServerLedger = HostingLedger.HostedServerLedger;

    /// <summary>The field that names the row in a request of the ledger: <c>vmId</c> or <c>hostedServerId</c>.</summary>
    public static string IdField(string ledger) => ledger + "Id";

    /// <summary>
    /// Records a request to change the row: the given fields (empty ones left out) must be fields a request may change
    /// and must leave the row valid; the row itself is not changed. Add nothing else: the request is added to the ledger.
    /// </summary>
    public async Task<HostingChangeRecord> RequestAsync(string ledger, Guid id, IEnumerable<KeyValuePair<string, JsonNode?>> changes, string reason, LedgerAct act, CancellationToken cancellationToken = default)
    {
        if (await hosting.RequestRefusalAsync(ledger, id, null, cancellationToken) is { } refusal)
        {
            throw LedgerValidationException.For(IdField(ledger), refusal);
        }

        var target = (await hosting.FindAsync(ledger, id, cancellationToken))!;
        var requested = new JsonObject();
        var errors = new LedgerErrors();
        foreach (var (name, value) in changes)
        {
            if (value is null || (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>().Length == 0))
            {
                continue;
            }

            if (target.ChangeableFields.Contains(name))
            {
                requested[name] = value.DeepClone();
            }
            else
            {
                errors.Add(name, "不能通过变更申请修改 (not a field a change request may change).");
            }
        }

        errors.ThrowIfAny();
        var current = LedgerFields.ToJson(target);
        TryOn(target, requested);
        var change = new HostingChangeRecord
        {
            Id = Guid.CreateVersion7(act.At),
            UnitCode = target.UnitCode,
            Ledger = ledger,
            RecordId = id,
            Label = target.Label,
            ChangesJson = requested.ToJsonString(Stored),
            PreviousJson = new JsonObject(requested.Select(p => KeyValuePair.Create(p.Key, current[p.Key]?.DeepClone()))).ToJsonString(Stored),
            Reason = reason,
            RequestedBy = act.By,
            InstanceId = act.InstanceId,
            CreatedAt = act.At,
        };
        var invalid = new LedgerErrors();
        change.Validate(invalid);
        invalid.ThrowIfAny();
        change.Touch(act.At);
        db.HostingChanges.Add(change);
        return change;
    }

    /// <summary>
    /// Decides a pending request: approved, its values are written onto the row (whose state must still allow it, and
    /// which must stay valid); rejected, the row stays as it is. Returns the row.
    /// </summary>
    public async Task<IChangeableHosting> DecideAsync(HostingChangeRecord change, bool approved, string? note, LedgerAct act, CancellationToken cancellationToken = default)
    {
        var target = await hosting.FindAsync(change.Ledger, change.RecordId, cancellationToken)
            ?? throw LedgerValidationException.For(IdField(change.Ledger), $"台账中没有该服务器 (the ledger has no row {change.RecordId}).");
        change.Decide(approved, note, act);
        if (approved)
        {
            if (target.ChangeRefusal() is { } refusal)
            {
                throw LedgerValidationException.For(IdField(change.Ledger), refusal);
            }

            switch (target)
            {
                case VmRecord vm:
                    await editor.ApplyAsync(vm, change.Changes, act.At, created: false, cancellationToken);
                    break;
                case HostedServerRecord server:
                    await editor.ApplyAsync(server, change.Changes, act.At, created: false, cancellationToken);
                    break;
            }
        }

        return target;
    }

    /// <summary>Applies the requested values to a copy of the row and checks its rules, leaving the row itself untouched.</summary>
    private void TryOn(IChangeableHosting target, JsonObject requested)
    {
        var errors = new LedgerErrors();
        switch (target)
        {
            case VmRecord vm:
                Check(Copy(vm), requested, errors);
                break;
            case HostedServerRecord server:
                Check(Copy(server), requested, errors);
                break;
        }

        errors.ThrowIfAny();
    }

    private void Check<TRecord>(TRecord copy, JsonObject requested, LedgerErrors errors)
        where TRecord : class, IUnitLedgerRecord
    {
        LedgerFields.Apply(copy, requested.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())), calendar.TimeZone, errors);
        copy.Validate(errors);
    }

    private static TRecord Copy<TRecord>(TRecord record)
        where TRecord : class => LedgerFields.ToJson(record).Deserialize<TRecord>(LedgerFields.Json)!;
}
