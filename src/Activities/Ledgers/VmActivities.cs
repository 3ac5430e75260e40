using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary><c>ledger.vm.save</c>: the cloud VM ledger (Att. 6).</summary>
public sealed class VmLedgerActivity : LedgerSaveActivity<VmRecord>
{
    /// <inheritdoc />
    protected override string Ledger => "vm";
}

/// <summary><c>ledger.hosted-server.save</c>: the hosted server ledger (Att. 8); the row id is <c>hostedServerId</c>.</summary>
public sealed class HostedServerLedgerActivity : LedgerSaveActivity<HostedServerRecord>
{
    /// <inheritdoc />
    protected override string Ledger => "hostedServer";

    /// <inheritdoc />
    protected override string TopicName => "hosted-server";
}

/// <summary><c>ledger.notice.save</c>: deadline rectification notices (限期整改通知书); the row id is <c>noticeId</c>.</summary>
public sealed class RectificationNoticeLedgerActivity : LedgerSaveActivity<RectificationNoticeRecord>
{
    /// <inheritdoc />
    protected override string Ledger => "notice";
}

/// <summary>
/// Shared plumbing of the VM lifecycle activities: the VM the variable <c>vmId</c> names goes through one of its rule
/// methods (<see cref="VmRecord.Register"/>, <see cref="VmRecord.RecordMiss"/>, …) in the step's transaction; the
/// variables <c>vm</c> and <c>missedYears</c> show the result.
/// </summary>
public abstract class VmLifecycleActivity(IOptions<LedgerOptions> options) : IActivity
{
    /// <inheritdoc />
    public abstract string Topic { get; }

    /// <summary>The campaign date setting.</summary>
    protected string? CampaignDate => options.Value.VmCampaignDate;

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var vm = await LedgerRow.FindAsync<VmRecord>(context, "vmId", cancellationToken);
        Change(vm, context, context.Services.GetRequiredService<LedgerDbContext>());
        context.SetVariable("vm", LedgerFields.ToJson(vm));
        context.SetVariable("missedYears", vm.ConsecutiveMissedYears);
    }

    /// <summary>Changes the row through its rules (which throw <see cref="LedgerValidationException"/> to refuse).</summary>
    protected abstract void Change(VmRecord vm, ActivityContext context, LedgerDbContext db);

    /// <summary>The campaign year of the instance (<c>year</c>), else this year.</summary>
    protected static int Year(ActivityContext context, LedgerAct act) =>
        context.Get("year") is { } year && int.TryParse(year.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : act.Today.Year;
}

/// <summary><c>vm.register</c>: a (re-)registration (<see cref="VmRecord.Register"/>); a reclaimed VM is refused.</summary>
public sealed class VmRegisterActivity(IOptions<LedgerOptions> options) : VmLifecycleActivity(options)
{
    /// <inheritdoc />
    public override string Topic => "vm.register";

    /// <inheritdoc />
    protected override void Change(VmRecord vm, ActivityContext context, LedgerDbContext db)
    {
        var act = LedgerRow.Act(context);
        db.VmRegistrations.Add(vm.Register(Year(context, act), CampaignDate, act));
    }
}

/// <summary>
/// <c>vm.miss</c>: the registration window closed without a registration (<see cref="VmRecord.RecordMiss"/>): at three in
/// a row the VM becomes reclaim-pending. Also sets <c>reclaimable</c>.
/// </summary>
public sealed class VmMissActivity(IOptions<LedgerOptions> options) : VmLifecycleActivity(options)
{
    /// <inheritdoc />
    public override string Topic => "vm.miss";

    /// <inheritdoc />
    protected override void Change(VmRecord vm, ActivityContext context, LedgerDbContext db)
    {
        var act = LedgerRow.Act(context);
        db.VmRegistrations.Add(vm.RecordMiss(Year(context, act), CampaignDate, act));
        context.SetVariable("reclaimable", vm.IsReclaimable);
    }
}

/// <summary>
/// <c>vm.mark-reclaimed</c>: the center confirmed (or the platform hook deleted the VM): the VM is reclaimed — refused
/// unless <see cref="VmRecord.IsReclaimable"/>, so a VM re-registered meanwhile is never reclaimed.
/// </summary>
public sealed class VmMarkReclaimedActivity(IOptions<LedgerOptions> options) : VmLifecycleActivity(options)
{
    /// <inheritdoc />
    public override string Topic => "vm.mark-reclaimed";

    /// <inheritdoc />
    protected override void Change(VmRecord vm, ActivityContext context, LedgerDbContext db) =>
        vm.MarkReclaimed(LedgerRow.Act(context, context.Actor ?? context.Get("by")?.ToString()));
}

/// <summary><c>vm.keep</c>: the center decided not to reclaim: the VM is active again; its missed-year count stays.</summary>
public sealed class VmKeepActivity(IOptions<LedgerOptions> options) : VmLifecycleActivity(options)
{
    /// <inheritdoc />
    public override string Topic => "vm.keep";

    /// <inheritdoc />
    protected override void Change(VmRecord vm, ActivityContext context, LedgerDbContext db) => vm.Keep(LedgerRow.Act(context));
}

/// <summary>
/// <c>unit.criticise</c>: records a circulated criticism (通报批评, Art. 38) against the unit <c>unitCode</c>. Inputs:
/// <c>reason</c>, optional <c>noticeId</c>. Who decided it is the step's actor.
/// </summary>
public sealed class UnitCriticismActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "unit.criticise";

    /// <inheritdoc />
    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var unit = context.Get("unitCode")?.ToString() ?? throw new InvalidOperationException("unit.criticise needs unitCode.");
        var notice = Guid.TryParse(context.Get("noticeId")?.ToString(), out var noticeId) ? noticeId : (Guid?)null;
        context.Services.GetRequiredService<LedgerDbContext>().Criticisms.Add(
            UnitCriticismRecord.Record(unit, context.Get("reason")?.ToString() ?? string.Empty, notice, LedgerRow.Act(context)));
        return Task.CompletedTask;
    }
}
