using System.Text.Json;
using System.Text.Json.Nodes;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Systems;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// The domain rules a form may name for a field (<c>properties.rule</c>), so that a submission the policy refuses is
/// answered 400 naming that field before anything is written — the rule itself is the ledger record's
/// (<see cref="HostingLedger.RequestRefusalAsync"/>, <see cref="VmRecord.StateChangeRefusal"/>,
/// <see cref="InformationSystemRecord.NetworkAccessRefusal"/>, <see cref="InformationSystemRecord.EvaluationStartRefusal"/>); this class only finds the row the field names.
/// </summary>
public sealed class SubmissionRules(LedgerDbContext db, HostingLedger hosting)
{
    /// <summary>A VM of the submission's <c>unitCode</c> that may be changed now (no change pending).</summary>
    public const string VmChangeable = "vm-changeable";

    /// <summary>A hosted server of the submission's <c>unitCode</c> that may be changed now (no change pending).</summary>
    public const string HostedServerChangeable = "hosted-server-changeable";

    /// <summary>A VM the center may move to the submission's <c>state</c>.</summary>
    public const string VmStateChange = "vm-state-change";

    /// <summary>A system of the submission's <c>unitCode</c> that may be connected to the campus network (Art. 10).</summary>
    public const string SystemNetworkAccess = "system-network-access";

    /// <summary>The answer to “is it a classified system?” must be no (Art. 10: classified systems may not connect).</summary>
    public const string Unclassified = "unclassified";

    /// <summary>A system whose level-based evaluation cycle may be started (level 2 and above, not retired).</summary>
    public const string SystemEvaluable = "system-evaluable";

    /// <summary>Every rule a form may name.</summary>
    public static readonly IReadOnlyList<string> Names = [VmChangeable, HostedServerChangeable, VmStateChange, SystemNetworkAccess, Unclassified, SystemEvaluable];

    /// <summary>Why the value breaks the rule, or null when it does not.</summary>
    public async Task<string?> RefusalAsync(string rule, JsonNode value, JsonObject submission, CancellationToken cancellationToken = default)
    {
        var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        var unitCode = submission["unitCode"] is JsonValue unit ? unit.ToString() : null;
        switch (rule)
        {
            case VmChangeable:
                return Guid.TryParse(text, out var vmId) ? await hosting.RequestRefusalAsync(HostingLedger.VmLedger, vmId, unitCode, cancellationToken) : NotAnId;
            case HostedServerChangeable:
                return Guid.TryParse(text, out var serverId) ? await hosting.RequestRefusalAsync(HostingLedger.HostedServerLedger, serverId, unitCode, cancellationToken) : NotAnId;
            case VmStateChange:
                if (!Guid.TryParse(text, out var id) || await db.Vms.FindAsync([id], cancellationToken) is not { } vm)
                {
                    return "台账中没有该虚拟机 (the VM ledger has no such row).";
                }

                return WireNames.TryParse<VmStatus>(submission["state"]?.ToString(), out var target) ? vm.StateChangeRefusal(target) : null;
            case SystemNetworkAccess:
                if (!Guid.TryParse(text, out var systemId) || await db.Systems.FindAsync([systemId], cancellationToken) is not { } system
                    || (unitCode is not null && system.UnitCode != unitCode))
                {
                    return "台账中没有本单位的该信息系统，请先备案（system-filing） (the ledger has no such system of the unit; file it first).";
                }

                return system.NetworkAccessRefusal();
            case SystemEvaluable:
                return Guid.TryParse(text, out var evaluated) && await db.Systems.FindAsync([evaluated], cancellationToken) is { } candidate
                    ? candidate.EvaluationStartRefusal()
                    : "台账中没有该信息系统 (the system ledger has no such row).";
            case Unclassified:
                return text == "yes" ? InformationSystemRecord.ClassifiedRefusal : null;
            default:
                throw new InvalidOperationException($"The form names the rule '{rule}', which does not exist; the rules are {string.Join(", ", Names)}.");
        }
    }

    private const string NotAnId = "须为台账中服务器的编号 (must be the id of a ledger row).";
}
