using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Activities.Ledgers;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Inspections;

namespace Zzut.Workflows.Activities.Duties;

/// <summary>
/// <c>inspection.plan</c> (Art. 35): the center's inspection plan — <c>number</c>, <c>title</c>, <c>scope</c>,
/// <c>plannedDate</c>, <c>inspectors</c>, <c>jointUnits</c>, <c>unitCodes</c> — enters the ledger with one planned row
/// per unit; sets <c>inspectionId</c>.
/// </summary>
public sealed class InspectionPlanActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "inspection.plan";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["inspectionId"];

    /// <inheritdoc />
    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var act = LedgerRow.Act(context);
        var inspection = InspectionRecord.Plan(
            context.Text("number"), context.Text("title"), context.Text("scope"), context.Date("plannedDate"), context.Text("inspectors"),
            context.OptionalText("jointUnits"), context.List("unitCodes"), act);
        var db = context.Ledger();
        db.Inspections.Add(inspection);
        foreach (var unit in inspection.Units)
        {
            db.InspectionUnits.Add(new InspectionUnitRecord
            {
                Id = Guid.CreateVersion7(act.At),
                InspectionId = inspection.Id,
                UnitCode = unit,
                Source = InspectionSource.Inspection,
                Title = inspection.Title,
                PlannedDate = inspection.PlannedDate,
                CreatedAt = act.At,
                UpdatedAt = act.At,
            });
        }

        context.SetVariable("inspectionId", inspection.Id.ToString());
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>inspection.open-unit</c>: the inspected unit's row — the one the plan created (<c>inspectionId</c> and
/// <c>unitCode</c>), or a new one for findings of a self-inspection (<c>source</c>, <c>title</c>); sets
/// <c>inspectionUnitId</c> and <c>inspection</c> (the row).
/// </summary>
public sealed class InspectionOpenUnitActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "inspection.open-unit";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["inspectionUnitId", "inspection"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Ledger();
        var unitCode = context.Text("unitCode");
        var inspectionId = Guid.TryParse(context.OptionalText("inspectionId"), out var id) ? id : (Guid?)null;
        var row = inspectionId is null ? null : await db.InspectionUnits.FirstOrDefaultAsync(r => r.InspectionId == inspectionId && r.UnitCode == unitCode, cancellationToken);
        if (row is null)
        {
            var act = LedgerRow.Act(context);
            row = new InspectionUnitRecord
            {
                Id = Guid.CreateVersion7(act.At),
                InspectionId = inspectionId,
                UnitCode = unitCode,
                Source = WireNames.Parse<InspectionSource>(context.OptionalText("source") ?? "inspection", "source"),
                Title = context.Text("title"),
                PlannedDate = context.OptionalDate("plannedDate") ?? act.Today,
                CreatedAt = act.At,
                UpdatedAt = act.At,
            };
            await LedgerRules.EnsureValidAsync(row, db, cancellationToken);
            db.InspectionUnits.Add(row);
        }

        await LedgerRow.LinkAsync(context, "inspection", row.Id, cancellationToken);
        context.SetVariable("inspectionUnitId", row.Id.ToString());
        context.SetVariable("inspection", LedgerFields.ToJson(row));
    }
}

/// <summary>Shared plumbing: the row <c>inspectionUnitId</c> names goes through one of its rules; <c>inspection</c> shows the result.</summary>
public abstract class InspectionUnitActivity : IActivity
{
    /// <inheritdoc />
    public abstract string Topic { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["inspection"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var row = await LedgerRow.FindAsync<InspectionUnitRecord>(context, "inspectionUnitId", cancellationToken);
        Change(row, context, LedgerRow.Act(context));
        await LedgerRow.LinkAsync(context, "inspection", row.Id, cancellationToken);
        context.SetVariable("inspection", LedgerFields.ToJson(row));
    }

    /// <summary>Changes the row through its rules.</summary>
    protected abstract void Change(InspectionUnitRecord row, ActivityContext context, LedgerAct act);
}

/// <summary><c>inspection.findings</c>: the center's findings — <c>inspectedOn</c>, <c>result</c> (conform|findings), <c>findings</c>.</summary>
public sealed class InspectionFindingsActivity : InspectionUnitActivity
{
    /// <inheritdoc />
    public override string Topic => "inspection.findings";

    /// <inheritdoc />
    protected override void Change(InspectionUnitRecord row, ActivityContext context, LedgerAct act) =>
        row.RecordFindings(context.Date("inspectedOn"), WireNames.Parse<InspectionResult>(context.OptionalText("result"), "result"), context.OptionalText("findings"), act);
}

/// <summary><c>inspection.notice-issued</c>: the notice <c>noticeId</c> was issued; the unit rectifies under it.</summary>
public sealed class InspectionNoticeIssuedActivity : InspectionUnitActivity
{
    /// <inheritdoc />
    public override string Topic => "inspection.notice-issued";

    /// <inheritdoc />
    protected override void Change(InspectionUnitRecord row, ActivityContext context, LedgerAct act) => row.NoticeIssued(context.Id("noticeId"), act);
}

/// <summary><c>inspection.close</c>: the center verified the rectification.</summary>
public sealed class InspectionCloseActivity : InspectionUnitActivity
{
    /// <inheritdoc />
    public override string Topic => "inspection.close";

    /// <inheritdoc />
    protected override void Change(InspectionUnitRecord row, ActivityContext context, LedgerAct act) => row.Close(act);
}

/// <summary>
/// <c>self-inspection.open</c>: the unit's self-inspection of <c>period</c> (due <c>dueDate</c>) enters the ledger; sets
/// <c>selfInspectionId</c>.
/// </summary>
public sealed class SelfInspectionOpenActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "self-inspection.open";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["selfInspectionId"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Ledger();
        var row = SelfInspectionRecord.Open(context.Text("unitCode"), context.Text("period"), context.OptionalDate("dueDate"), LedgerRow.Act(context));
        await LedgerRules.EnsureValidAsync(row, db, cancellationToken);
        db.SelfInspections.Add(row);
        await LedgerRow.LinkAsync(context, "selfInspection", row.Id, cancellationToken);
        context.SetVariable("selfInspectionId", row.Id.ToString());
    }
}

/// <summary><c>self-inspection.submit</c>: the unit's report — <c>scope</c>, <c>summary</c>, <c>problems</c>, <c>measures</c>.</summary>
public sealed class SelfInspectionSubmitActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "self-inspection.submit";

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var row = await LedgerRow.FindAsync<SelfInspectionRecord>(context, "selfInspectionId", cancellationToken);
        row.Submit(context.Text("scope"), context.Text("summary"), context.OptionalText("problems"), context.OptionalText("measures"), LedgerRow.Act(context));
    }
}

/// <summary>
/// <c>self-inspection.review</c>: the center's decision — <c>approved</c> (true; otherwise returned), <c>reviewComment</c>,
/// <c>issueNotice</c> (yes|no, for an accepted report); sets <c>noticeRequested</c>.
/// </summary>
public sealed class SelfInspectionReviewActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "self-inspection.review";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["noticeRequested"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var row = await LedgerRow.FindAsync<SelfInspectionRecord>(context, "selfInspectionId", cancellationToken);
        var approved = context.Flag("approved");
        var notice = approved && context.Flag("issueNotice");
        row.Review(approved, context.OptionalText("reviewComment"), notice, LedgerRow.Act(context));
        context.SetVariable("noticeRequested", JsonValue.Create(notice));
    }
}
