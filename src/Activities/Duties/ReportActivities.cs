using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Activities.Ledgers;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Reports;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Activities.Duties;

/// <summary>
/// <c>report.assemble</c> (Art. 36): the year's figures (<c>year</c>) assembled from the ledgers now, into a new draft or
/// the existing one (refused once approved).
/// </summary>
public sealed class ReportAssembleActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "report.assemble";

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Ledger();
        var act = LedgerRow.Act(context);
        var year = context.OptionalInt("year") ?? throw LedgerValidationException.For("year", LedgerRules.Required);
        var figures = await context.Services.GetRequiredService<AnnualReportAssembler>().AssembleAsync(year, act.Today, cancellationToken);
        var report = await db.AnnualReports.FindAsync([year], cancellationToken);
        if (report is null)
        {
            db.AnnualReports.Add(AnnualReportRecord.Open(year, figures, act));
        }
        else
        {
            report.Assemble(figures, act);
            report.InstanceId = context.InstanceId;
        }
    }
}

/// <summary>Shared plumbing: the report of <c>year</c> goes through one of its rules.</summary>
public abstract class ReportActivity : IActivity
{
    /// <inheritdoc />
    public abstract string Topic { get; }

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var year = context.OptionalInt("year") ?? throw LedgerValidationException.For("year", LedgerRules.Required);
        var report = await context.Ledger().AnnualReports.FindAsync([year], cancellationToken)
            ?? throw new InvalidOperationException($"There is no report of {year}; report.assemble opens it.");
        Change(report, context, LedgerRow.Act(context));
    }

    /// <summary>Changes the report through its rules.</summary>
    protected abstract void Change(AnnualReportRecord report, ActivityContext context, LedgerAct act);
}

/// <summary><c>report.draft</c>: the office's narrative — <c>overview</c>, <c>problems</c>, <c>measures</c>, <c>nextYearPlan</c>; the draft goes for approval.</summary>
public sealed class ReportDraftActivity : ReportActivity
{
    /// <inheritdoc />
    public override string Topic => "report.draft";

    /// <inheritdoc />
    protected override void Change(AnnualReportRecord report, ActivityContext context, LedgerAct act) =>
        report.Draft(context.Text("overview"), context.Text("problems"), context.Text("measures"), context.Text("nextYearPlan"), act);
}

/// <summary><c>report.decide</c>: the leading group's decision — <c>decision</c> (approve|return), <c>approvalOpinion</c>.</summary>
public sealed class ReportDecideActivity : ReportActivity
{
    /// <inheritdoc />
    public override string Topic => "report.decide";

    /// <inheritdoc />
    protected override void Change(AnnualReportRecord report, ActivityContext context, LedgerAct act)
    {
        if (context.Text("decision") == "approve")
        {
            report.Approve(context.OptionalText("approvalOpinion"), act);
        }
        else
        {
            report.Return(context.OptionalText("approvalOpinion") ?? throw LedgerValidationException.For("approvalOpinion", "退回时须写明意见 (a return says why)."), act);
        }
    }
}

/// <summary><c>report.submitted</c>: the office reported it to the authorities — <c>submittedTo</c>, <c>submittedOn</c>.</summary>
public sealed class ReportSubmittedActivity : ReportActivity
{
    /// <inheritdoc />
    public override string Topic => "report.submitted";

    /// <inheritdoc />
    protected override void Change(AnnualReportRecord report, ActivityContext context, LedgerAct act) =>
        report.RecordSubmission(context.Text("submittedTo"), context.Date("submittedOn"), act);
}

/// <summary><c>website.anomaly-handled</c> (Art. 26): the unit's cause and measures for the anomaly of <c>websiteId</c>.</summary>
public sealed class WebsiteAnomalyHandledActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "website.anomaly-handled";

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var website = await LedgerRow.FindAsync<WebsiteRecord>(context, "websiteId", cancellationToken);
        website.AnomalyHandled(context.Text("cause"), context.Text("measures"), context.Now);
    }
}
