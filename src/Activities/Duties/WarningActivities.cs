using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Activities.Ledgers;
using Zzut.Workflows.Domain.Warnings;

namespace Zzut.Workflows.Activities.Duties;

/// <summary>
/// <c>warning.record</c> (Att. 9 §6): the center records a warning — <c>number</c>, <c>source</c>, <c>receivedOn</c>,
/// <c>title</c>, <c>level</c>, <c>content</c>, <c>requirements</c>, <c>deadline</c>, <c>unitCodes</c>; each unit's answer
/// is pending. Sets <c>warningId</c>.
/// </summary>
public sealed class WarningRecordActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "warning.record";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["warningId"];

    /// <inheritdoc />
    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var warning = SecurityWarningRecord.Record(
            context.Text("number"), context.Text("source"), context.Date("receivedOn"), context.Text("title"), context.Text("level"),
            context.Text("content"), context.Text("requirements"), context.Date("deadline"), context.List("unitCodes"), LedgerRow.Act(context));
        context.Ledger().Warnings.Add(warning);
        context.SetVariable("warningId", warning.Id.ToString());
        return Task.CompletedTask;
    }
}

/// <summary>The warning <c>warningId</c> names, with its answers.</summary>
internal static class WarningRow
{
    public static async Task<SecurityWarningRecord> FindAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var id = context.Id("warningId");
        return await context.Ledger().Warnings.Include(w => w.Responses).FirstOrDefaultAsync(w => w.Id == id, cancellationToken)
            ?? throw new InvalidOperationException($"The warnings ledger has no row {id}.");
    }
}

/// <summary>
/// <c>warning.answer</c>: the unit <c>unitCode</c> answers — <c>affected</c> (yes|no), <c>checkResult</c>,
/// <c>measures</c>; sets <c>answeredLate</c>.
/// </summary>
public sealed class WarningAnswerActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "warning.answer";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["answeredLate"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var warning = await WarningRow.FindAsync(context, cancellationToken);
        var response = warning.Answer(context.Text("unitCode"), context.Flag("affected"), context.Text("checkResult"), context.Text("measures"), LedgerRow.Act(context));
        context.SetVariable("answeredLate", JsonValue.Create(response.Late));
    }
}

/// <summary><c>warning.overdue</c>: the deadline passed without the unit's answer: it is overdue (escalated).</summary>
public sealed class WarningOverdueActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "warning.overdue";

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var warning = await WarningRow.FindAsync(context, cancellationToken);
        warning.MarkOverdue(context.Text("unitCode"), LedgerRow.Act(context));
    }
}

/// <summary><c>warning.close</c>: the center closes the warning — <c>closingSummary</c>; sets <c>unanswered</c> (units without an answer).</summary>
public sealed class WarningCloseActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "warning.close";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["unanswered"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var warning = await WarningRow.FindAsync(context, cancellationToken);
        warning.Close(context.Text("closingSummary"), LedgerRow.Act(context));
        context.SetVariable("unanswered", warning.Responses.Count(r => r.Status == WarningResponseStatus.Unanswered));
    }
}
