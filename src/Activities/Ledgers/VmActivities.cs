using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary><c>ledger.vm.save</c>: the cloud VM ledger (Att. 6).</summary>
public sealed class VmLedgerActivity(WorkingCalendar calendar) : LedgerSaveActivity<VmRecord>(calendar)
{
    /// <inheritdoc />
    protected override string Ledger => "vm";

    /// <inheritdoc />
    protected override void SetStatus(VmRecord record, string status) => record.Status = status;
}

/// <summary><c>ledger.hosted-server.save</c>: the hosted server ledger (Att. 8); the row id is <c>hostedServerId</c>.</summary>
public sealed class HostedServerLedgerActivity(WorkingCalendar calendar) : LedgerSaveActivity<HostedServerRecord>(calendar)
{
    /// <inheritdoc />
    protected override string Ledger => "hostedServer";

    /// <inheritdoc />
    protected override string TopicName => "hosted-server";

    /// <inheritdoc />
    protected override void SetStatus(HostedServerRecord record, string status) => record.Status = status;
}

/// <summary><c>ledger.notice.save</c>: deadline rectification notices (限期整改通知书); the row id is <c>noticeId</c>.</summary>
public sealed class RectificationNoticeLedgerActivity(WorkingCalendar calendar) : LedgerSaveActivity<RectificationNoticeRecord>(calendar)
{
    /// <inheritdoc />
    protected override string Ledger => "notice";

    /// <inheritdoc />
    protected override void SetStatus(RectificationNoticeRecord record, string status) => record.Status = status;
}

/// <summary>When VMs fall due for their yearly registration.</summary>
public static class VmSchedule
{
    /// <summary>
    /// The next due date after a registration (or a missed campaign) on <paramref name="from"/>: one year later, or,
    /// with a campaign date (<c>MM-dd</c>), that date in the following year.
    /// </summary>
    public static DateOnly NextDue(DateOnly from, string? campaignDate)
    {
        if (string.IsNullOrWhiteSpace(campaignDate))
        {
            return from.AddYears(1);
        }

        var day = DateOnly.ParseExact($"{from.Year + 1}-{campaignDate}", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return day;
    }
}

/// <summary>Shared plumbing of the VM lifecycle activities.</summary>
public abstract class VmLifecycleActivity(WorkingCalendar calendar, IOptions<LedgerOptions> options) : IActivity
{
    /// <inheritdoc />
    public abstract string Topic { get; }

    /// <inheritdoc />
    public virtual IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["vm", "missedYears"];

    /// <summary>The campaign date setting.</summary>
    protected string? CampaignDate => options.Value.VmCampaignDate;

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Services.GetRequiredService<LedgerDbContext>();
        var id = Guid.Parse(context.Get("vmId")?.ToString() ?? throw new InvalidOperationException($"{Topic} needs the variable vmId."));
        var vm = await db.Vms.FindAsync([id], cancellationToken) ?? throw new InvalidOperationException($"The VM ledger has no row {id}.");
        var today = calendar.LocalDate(context.Now);
        Change(vm, today, context, db);
        vm.UpdatedAt = context.Now;
        vm.Revision++;
        context.SetVariable("vm", LedgerFields.ToJson(vm));
        context.SetVariable("missedYears", vm.ConsecutiveMissedYears);
    }

    /// <summary>Changes the row (validated by the caller's rules; throw <see cref="LedgerValidationException"/> to refuse).</summary>
    protected abstract void Change(VmRecord vm, DateOnly today, ActivityContext context, LedgerDbContext db);

    /// <summary>The campaign year of the instance (<c>year</c>), else this year.</summary>
    protected static int Year(ActivityContext context, DateOnly today) =>
        context.Get("year") is { } year && int.TryParse(year.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : today.Year;

    /// <summary>Adds a history entry.</summary>
    protected static void Record(LedgerDbContext db, VmRecord vm, int year, string outcome, ActivityContext context) =>
        db.VmRegistrations.Add(new VmRegistrationRecord
        {
            Id = Guid.CreateVersion7(context.Now),
            VmId = vm.Id,
            Year = year,
            Outcome = outcome,
            ConsecutiveMissedYears = vm.ConsecutiveMissedYears,
            At = context.Now,
            By = context.Actor,
            InstanceId = context.InstanceId,
        });
}

/// <summary>
/// <c>vm.register</c>: a (re-)registration: the VM is active, registered today, its missed-year count back to 0, its next
/// registration due a year on (or on the next campaign date). A reclaimed VM cannot be registered again.
/// </summary>
public sealed class VmRegisterActivity(WorkingCalendar calendar, IOptions<LedgerOptions> options) : VmLifecycleActivity(calendar, options)
{
    /// <inheritdoc />
    public override string Topic => "vm.register";

    /// <inheritdoc />
    protected override void Change(VmRecord vm, DateOnly today, ActivityContext context, LedgerDbContext db)
    {
        if (vm.Status == "reclaimed")
        {
            throw new LedgerValidationException(new Dictionary<string, string[]> { ["vmId"] = ["该虚拟机已回收，不能再备案 (the VM was reclaimed; apply for a new one)."] });
        }

        vm.Status = "active";
        vm.RegisteredYear ??= today.Year;
        vm.LastRegisteredDate = today;
        vm.ConsecutiveMissedYears = 0;
        vm.NextRegistrationDue = VmSchedule.NextDue(today, CampaignDate);
        Record(db, vm, Year(context, today), "registered", context);
    }
}

/// <summary>
/// <c>vm.miss</c>: the registration window closed without a registration: one more missed year, the next campaign a
/// year on; at three in a row the VM becomes <c>reclaim-pending</c>. Sets <c>missedYears</c> and <c>reclaimable</c>.
/// </summary>
public sealed class VmMissActivity(WorkingCalendar calendar, IOptions<LedgerOptions> options) : VmLifecycleActivity(calendar, options)
{
    /// <summary>Missed years in a row after which the center may reclaim the VM (Att. 6 说明 2).</summary>
    public const int ReclaimAfter = 3;

    /// <inheritdoc />
    public override string Topic => "vm.miss";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["vm", "missedYears", "reclaimable"];

    /// <inheritdoc />
    protected override void Change(VmRecord vm, DateOnly today, ActivityContext context, LedgerDbContext db)
    {
        if (vm.Status is not ("active" or "reclaim-pending"))
        {
            throw new LedgerValidationException(new Dictionary<string, string[]> { ["status"] = [$"A {vm.Status} VM has no registration to miss."] });
        }

        vm.ConsecutiveMissedYears++;
        vm.NextRegistrationDue = VmSchedule.NextDue(vm.NextRegistrationDue ?? today, CampaignDate);
        if (vm.ConsecutiveMissedYears >= ReclaimAfter)
        {
            vm.Status = "reclaim-pending";
        }

        Record(db, vm, Year(context, today), "missed", context);
        context.SetVariable("reclaimable", vm.ConsecutiveMissedYears >= ReclaimAfter);
    }
}

/// <summary>
/// <c>vm.mark-reclaimed</c>: the center confirmed (or the platform hook deleted the VM): the VM is reclaimed. Refused unless it
/// is <c>reclaim-pending</c> with three or more missed years — a VM re-registered meanwhile is never reclaimed.
/// </summary>
public sealed class VmMarkReclaimedActivity(WorkingCalendar calendar, IOptions<LedgerOptions> options) : VmLifecycleActivity(calendar, options)
{
    /// <inheritdoc />
    public override string Topic => "vm.mark-reclaimed";

    /// <inheritdoc />
    protected override void Change(VmRecord vm, DateOnly today, ActivityContext context, LedgerDbContext db)
    {
        EnsureReclaimable(vm);
        vm.Status = "reclaimed";
        vm.ReclaimedAt = context.Now;
        vm.ReclaimedBy = context.Actor ?? context.Get("by")?.ToString();
    }

    /// <summary>Throws unless the VM may be reclaimed now.</summary>
    public static void EnsureReclaimable(VmRecord vm)
    {
        if (vm.Status != "reclaim-pending" || vm.ConsecutiveMissedYears < VmMissActivity.ReclaimAfter)
        {
            throw new LedgerValidationException(new Dictionary<string, string[]>
            {
                ["vmId"] = [$"只有连续 {VmMissActivity.ReclaimAfter} 年未备案并已最终通知的虚拟机才能回收 (the VM is {vm.Status} with {vm.ConsecutiveMissedYears} missed years)."],
            });
        }
    }
}

/// <summary><c>vm.keep</c>: the center decided not to reclaim: the VM is active again; its missed-year count stays.</summary>
public sealed class VmKeepActivity(WorkingCalendar calendar, IOptions<LedgerOptions> options) : VmLifecycleActivity(calendar, options)
{
    /// <inheritdoc />
    public override string Topic => "vm.keep";

    /// <inheritdoc />
    protected override void Change(VmRecord vm, DateOnly today, ActivityContext context, LedgerDbContext db)
    {
        if (vm.Status == "reclaim-pending")
        {
            vm.Status = "active";
        }
    }
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
        var db = context.Services.GetRequiredService<LedgerDbContext>();
        var unit = context.Get("unitCode")?.ToString() ?? throw new InvalidOperationException("unit.criticise needs unitCode.");
        db.Criticisms.Add(new UnitCriticismRecord
        {
            Id = Guid.CreateVersion7(context.Now),
            UnitCode = unit,
            Reason = context.Get("reason")?.ToString() ?? string.Empty,
            NoticeId = Guid.TryParse(context.Get("noticeId")?.ToString(), out var notice) ? notice : null,
            DecidedBy = context.Actor,
            At = context.Now,
            InstanceId = context.InstanceId,
        });
        return Task.CompletedTask;
    }
}
