using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Incidents;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>
/// <c>incident-tip.receive</c>: the center receives a tip (<see cref="IncidentTipRecord.Receive"/>) from the step's actor.
/// Inputs: <c>reporterName</c>, <c>reporterPhone</c>, <c>reporterEmail</c>, <c>company</c> (a vendor's), <c>unitCode</c>
/// (the unit concerned, if known), <c>occurredAt</c>, <c>description</c>. Sets <c>tipId</c> and <c>tip</c>.
/// </summary>
public sealed class IncidentTipReceiveActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "incident-tip.receive";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["tipId", "tip"];

    /// <inheritdoc />
    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var occurred = LedgerRow.Text(context, "occurredAt") is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : (DateTimeOffset?)null;
        var tip = IncidentTipRecord.Receive(
            LedgerRow.Text(context, "reporterName") ?? string.Empty,
            LedgerRow.Text(context, "reporterPhone") ?? string.Empty,
            LedgerRow.Text(context, "reporterEmail"),
            LedgerRow.Text(context, "company"),
            LedgerRow.Text(context, "unitCode"),
            occurred,
            LedgerRow.Text(context, "description") ?? string.Empty,
            LedgerRow.Act(context));
        context.Services.GetRequiredService<LedgerDbContext>().IncidentTips.Add(tip);
        context.SetVariable("tipId", tip.Id.ToString());
        context.SetVariable("tip", LedgerFields.ToJson(tip));
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>incident-tip.triage</c>: the center's decision on the tip <c>tipId</c>. Inputs: <c>decision</c> (<c>open</c>: an
/// incident report of <c>unitCode</c>; <c>close</c>: closed for <c>closeReason</c>). Sets <c>tip</c>.
/// </summary>
public sealed class IncidentTipTriageActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "incident-tip.triage";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["tip"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var tip = await LedgerRow.FindAsync<IncidentTipRecord>(context, "tipId", cancellationToken);
        var act = LedgerRow.Act(context);
        switch (LedgerRow.Text(context, "decision"))
        {
            case "open":
                tip.Open(LedgerRow.Text(context, "unitCode") ?? string.Empty, act);
                break;
            case "close":
                tip.Close(LedgerRow.Text(context, "closeReason") ?? string.Empty, act);
                break;
            default:
                throw LedgerValidationException.For("decision", WireNames.OneOf(["open", "close"]));
        }

        context.SetVariable("tip", LedgerFields.ToJson(tip));
    }
}

/// <summary><c>incident-tip.link</c>: records on the tip <c>tipId</c> the incident-report instance it became (input <c>incidentInstanceId</c>).</summary>
public sealed class IncidentTipLinkActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "incident-tip.link";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["tip"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var tip = await LedgerRow.FindAsync<IncidentTipRecord>(context, "tipId", cancellationToken);
        var instance = Guid.Parse(LedgerRow.Text(context, "incidentInstanceId") ?? throw new InvalidOperationException("incident-tip.link needs incidentInstanceId."));
        tip.LinkIncident(instance, context.Now);
        context.SetVariable("tip", LedgerFields.ToJson(tip));
    }
}
