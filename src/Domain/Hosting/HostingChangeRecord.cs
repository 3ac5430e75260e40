using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Hosting;

/// <summary>A VM or a hosted server whose use or settings change only with the center's prior approval (Att. 5 §2, Att. 7 §2).</summary>
public interface IChangeableHosting : IUnitLedgerRecord
{
    /// <summary>The fields (JSON names) a change request may set.</summary>
    IReadOnlyList<string> ChangeableFields { get; }

    /// <summary>How people name it: its server name, else its id.</summary>
    string Label { get; }

    /// <summary>Why no change may be requested now (its state), or null when one may.</summary>
    string? ChangeRefusal();
}

/// <summary>Where a change request stands.</summary>
[JsonConverter(typeof(WireEnumConverter<HostingChangeStatus>))]
public enum HostingChangeStatus
{
    /// <summary>Requested; the ledger still shows the old values.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>The center approved it; the ledger shows the new values.</summary>
    [JsonStringEnumMemberName("approved")]
    Approved,

    /// <summary>The head or the center refused it; nothing changed.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,
}

/// <summary>
/// A request to change a VM (<c>vm-change</c>) or a hosted server (<c>hosted-server-change</c>): the unit asks, its head
/// and then the center approve; only on the center's approval does the ledger row change (<see cref="HostingChanges"/>).
/// </summary>
public sealed class HostingChangeRecord : IUnitLedgerRecord
{
    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>The ledger of the row to change: <c>vm</c> or <c>hostedServer</c>.</summary>
    public string Ledger { get; set; } = string.Empty;

    /// <summary>The row to change.</summary>
    public Guid RecordId { get; set; }

    /// <summary>Its server name (or id) when requested.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>The requested values, field → new value (JSON).</summary>
    [JsonIgnore]
    public string ChangesJson { get; set; } = "{}";

    /// <summary>The values when requested, field → old value (JSON).</summary>
    [JsonIgnore]
    public string PreviousJson { get; set; } = "{}";

    /// <summary>The requested values.</summary>
    public JsonObject Changes => JsonNode.Parse(ChangesJson)?.AsObject() ?? [];

    /// <summary>The values they replace, as they were when requested.</summary>
    public JsonObject Previous => JsonNode.Parse(PreviousJson)?.AsObject() ?? [];

    /// <summary>变更原因.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Where the request stands.</summary>
    public HostingChangeStatus Status { get; set; } = HostingChangeStatus.Pending;

    /// <summary>Who asked.</summary>
    public string? RequestedBy { get; set; }

    /// <summary>Who decided (the center's approver, or who refused).</summary>
    public string? DecidedBy { get; set; }

    /// <summary>When it was decided.</summary>
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The decision's note.</summary>
    public string? DecisionNote { get; set; }

    /// <summary>The instance of the request.</summary>
    public Guid? InstanceId { get; set; }

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Status.ToWire();

    /// <summary>Whether it awaits its decision.</summary>
    [JsonIgnore]
    public bool IsPending => Status == HostingChangeStatus.Pending;

    /// <summary>Decides it: approved (its changes are then applied by <see cref="HostingChanges.DecideAsync"/>) or rejected.</summary>
    public void Decide(bool approved, string? note, LedgerAct act)
    {
        if (!IsPending)
        {
            throw LedgerValidationException.For("changeId", $"变更申请已{(Status == HostingChangeStatus.Approved ? "批准" : "驳回")}，不能再次决定 (the change request is already {Status.ToWire()}).");
        }

        Status = approved ? HostingChangeStatus.Approved : HostingChangeStatus.Rejected;
        DecidedBy = act.By;
        DecidedAt = act.At;
        DecisionNote = note;
        this.Touch(act.At);
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(Ledger is HostingChanges.VmLedger or HostingChanges.HostedServerLedger, "ledger", WireNames.OneOf([HostingChanges.VmLedger, HostingChanges.HostedServerLedger]));
        errors.Check(!string.IsNullOrWhiteSpace(Reason), "reason", LedgerRules.Required);
        errors.Check(Changes.Count > 0, "changes", "至少填写一项变更 (at least one field must change).");
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<HostingChangeStatus>());
    }
}
