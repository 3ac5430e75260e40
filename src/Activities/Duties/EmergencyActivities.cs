using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities.Ledgers;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Emergency;

namespace Zzut.Workflows.Activities.Duties;

/// <summary>
/// <c>emergency-plan.file</c> (Art. 29): the leading group files the plan — <c>scope</c> (school|unit), <c>unitCode</c>,
/// <c>title</c>, <c>summary</c>, <c>revisionNote</c>, <c>reason</c>, <c>effectiveDate</c>, <c>filingNumber</c> — as the
/// owner's next version; the version in force before is superseded. Sets <c>planId</c> and <c>planVersion</c>.
/// </summary>
public sealed class EmergencyPlanFileActivity(IOptionsMonitor<DutyOptions> options) : IActivity
{
    /// <inheritdoc />
    public string Topic => "emergency-plan.file";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["planId", "planVersion"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Ledger();
        var scope = WireNames.Parse<EmergencyPlanScope>(context.OptionalText("scope"), "scope");
        var unitCode = scope == EmergencyPlanScope.Unit ? context.Text("unitCode") : null;
        var versions = await db.EmergencyPlans.Where(p => p.Scope == scope && p.UnitCode == unitCode).ToListAsync(cancellationToken);
        var plan = EmergencyPlanRecord.File(
            scope, unitCode, context.Text("title"), context.Text("summary"), context.OptionalText("revisionNote"), context.OptionalText("reason"),
            context.OptionalDate("effectiveDate"), context.Text("filingNumber"), versions, options.CurrentValue.PlanReviewMonths, LedgerRow.Act(context));
        db.EmergencyPlans.Add(plan);
        context.SetVariable("planId", plan.Id.ToString());
        context.SetVariable("planVersion", plan.Version);
    }
}

/// <summary>
/// <c>drill.plan</c> (Art. 30): the leading group's drill — <c>title</c>, <c>scenario</c>, <c>planTitle</c>,
/// <c>plannedDate</c>, <c>participants</c>; sets <c>drillId</c>.
/// </summary>
public sealed class DrillPlanActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "drill.plan";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["drillId"];

    /// <inheritdoc />
    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var drill = EmergencyDrillRecord.Plan(
            context.Text("title"), context.Text("scenario"), context.OptionalText("planTitle"), context.Date("plannedDate"), context.OptionalText("participants"), LedgerRow.Act(context));
        context.Ledger().EmergencyDrills.Add(drill);
        context.SetVariable("drillId", drill.Id.ToString());
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>drill.hold</c>: the center's record of the drill held — <c>heldOn</c>, <c>participants</c>,
/// <c>participantCount</c>, <c>processSummary</c>, <c>evaluation</c>, <c>problems</c>, <c>revisionNeeded</c> (yes|no).
/// </summary>
public sealed class DrillHoldActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "drill.hold";

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var drill = await LedgerRow.FindAsync<EmergencyDrillRecord>(context, "drillId", cancellationToken);
        drill.Hold(
            context.Date("heldOn"), context.Text("participants"), context.OptionalInt("participantCount"), context.OptionalText("processSummary") ?? string.Empty,
            context.Text("evaluation"), context.OptionalText("problems"), context.Flag("revisionNeeded"), LedgerRow.Act(context));
    }
}

/// <summary><c>drill.follow-up</c>: the plan revision the drill called for is done — <c>revisionSummary</c>.</summary>
public sealed class DrillFollowUpActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "drill.follow-up";

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var drill = await LedgerRow.FindAsync<EmergencyDrillRecord>(context, "drillId", cancellationToken);
        drill.FollowUpRevision(context.Text("revisionSummary"), LedgerRow.Act(context));
    }
}

/// <summary><c>ledger.training.save</c>: a unit's training session (Art. 30); the row id is <c>trainingId</c>.</summary>
public sealed class TrainingLedgerActivity : LedgerSaveActivity<TrainingRecord>
{
    /// <inheritdoc />
    protected override string Ledger => "training";
}
