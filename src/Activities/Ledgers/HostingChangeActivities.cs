using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Hosting;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>
/// <c>hosting.change.request</c>: records a request to change a VM or a hosted server (<see cref="HostingChanges.RequestAsync"/>);
/// the row keeps its values. Inputs: <c>ledger</c> (<c>vm</c> or <c>hostedServer</c>), <c>recordId</c>, <c>reason</c>,
/// <c>changes</c> (a <c>camunda:map</c> of field → new value; empty values are left out). Sets <c>changeId</c> and <c>change</c>.
/// </summary>
public sealed class HostingChangeRequestActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "hosting.change.request";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["changeId", "change"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var ledger = LedgerRow.Text(context, "ledger") ?? throw new InvalidOperationException("hosting.change.request needs the input 'ledger'.");
        var recordId = Guid.Parse(LedgerRow.Text(context, "recordId") ?? throw new InvalidOperationException("hosting.change.request needs the input 'recordId'."));
        var changes = context.Get("changes") as JsonObject ?? [];
        var change = await context.Services.GetRequiredService<HostingChanges>().RequestAsync(
            ledger, recordId, [.. changes.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))], LedgerRow.Text(context, "reason") ?? string.Empty, LedgerRow.Act(context), cancellationToken);
        await LedgerRow.LinkAsync(context, "hostingChange", change.Id, cancellationToken);
        await LedgerRow.LinkAsync(context, ledger, recordId, cancellationToken);
        context.SetVariable("changeId", change.Id.ToString());
        context.SetVariable("change", LedgerFields.ToJson(change));
    }
}

/// <summary>
/// <c>hosting.change.decide</c>: decides the request <c>changeId</c> (<see cref="HostingChanges.DecideAsync"/>). Inputs:
/// <c>decision</c> (<c>approve</c> writes the new values onto the row; <c>reject</c> leaves it), <c>note</c>. Sets
/// <c>change</c> and the row (<c>vm</c> or <c>hostedServer</c>).
/// </summary>
public sealed class HostingChangeDecideActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "hosting.change.decide";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["change", "vm", "hostedServer"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var change = await LedgerRow.FindAsync<HostingChangeRecord>(context, "changeId", cancellationToken);
        var approved = LedgerRow.Text(context, "decision") switch
        {
            "approve" => true,
            "reject" => false,
            _ => throw LedgerValidationException.For("decision", WireNames.OneOf(["approve", "reject"])),
        };
        var target = await context.Services.GetRequiredService<HostingChanges>().DecideAsync(change, approved, LedgerRow.Text(context, "note"), LedgerRow.Act(context), cancellationToken);
        context.SetVariable("change", LedgerFields.ToJson(change));
        context.SetVariable(change.Ledger, target switch
        {
            VmRecord vm => LedgerFields.ToJson(vm),
            HostedServerRecord server => LedgerFields.ToJson(server),
            _ => null,
        });
    }
}

/// <summary>
/// <c>vm.set-state</c>: the center suspends (<c>suspended</c>), shuts down (<c>shut-down</c>) or restores (<c>active</c>)
/// the VM <c>vmId</c> (<see cref="VmRecord.ChangeState"/>). Inputs: <c>state</c>, <c>reason</c>.
/// </summary>
public sealed class VmSetStateActivity(IOptions<LedgerOptions> options) : VmLifecycleActivity(options)
{
    /// <inheritdoc />
    public override string Topic => "vm.set-state";

    /// <inheritdoc />
    protected override void Change(VmRecord vm, ActivityContext context, LedgerDbContext db) =>
        vm.ChangeState(WireNames.Parse<VmStatus>(LedgerRow.Text(context, "state"), "state"), LedgerRow.Text(context, "reason") ?? string.Empty, LedgerRow.Act(context));
}
