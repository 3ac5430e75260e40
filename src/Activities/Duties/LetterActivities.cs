using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities.Ledgers;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Letters;

namespace Zzut.Workflows.Activities.Duties;

/// <summary>
/// <c>letter.register</c> (Art. 12): the office registers a signed letter — <c>kind</c> (one|two), <c>unitCode</c>,
/// <c>letterNumber</c>, <c>signer</c>, <c>signerUserName</c>, <c>company</c>, <c>systemName</c>, <c>signedOn</c>,
/// <c>validUntil</c>, <c>responsiblePerson</c>, <c>responsiblePhone</c>, <c>securityAdministrator</c>; the signer's
/// earlier letter of the same kind is superseded. Sets <c>letterId</c>.
/// </summary>
public sealed class LetterRegisterActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "letter.register";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["letterId"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Ledger();
        var kind = WireNames.Parse<LetterKind>(context.OptionalText("kind"), "kind");
        var unitCode = context.Text("unitCode");
        var earlier = await db.Letters.Where(l => l.UnitCode == unitCode && l.Kind == kind && l.Status == LetterStatus.Active).ToListAsync(cancellationToken);
        var letter = ResponsibilityLetterRecord.Register(
            kind, unitCode, context.Text("letterNumber"), context.Text("signer"), context.OptionalText("signerUserName"), context.OptionalText("company"),
            context.OptionalText("systemName"), context.Date("signedOn"), context.Date("validUntil"), context.Text("responsiblePerson"),
            context.Text("responsiblePhone"), context.OptionalText("securityAdministrator"), earlier, LedgerRow.Act(context));
        await LedgerRules.EnsureValidAsync(letter, db, cancellationToken);
        db.Letters.Add(letter);
        await LedgerRow.LinkAsync(context, "letter", letter.Id, cancellationToken);
        context.SetVariable("letterId", letter.Id.ToString());
    }
}

/// <summary>
/// <c>letter.person-change</c> (Att. 1 §8): a unit reports a change of its responsible person — <c>unitCode</c>,
/// <c>previousPerson</c>, <c>newPerson</c>, <c>newPhone</c>, <c>newEmail</c>, <c>changedOn</c>, <c>reason</c>. The report
/// is late when it comes more than the allowed days (two) after the change; the unit's letter 一 in force names the
/// successor (Att. 1 §10). Sets <c>changeId</c>, <c>late</c> and <c>daysLate</c>.
/// </summary>
public sealed class PersonChangeActivity(IOptionsMonitor<DutyOptions> options) : IActivity
{
    /// <inheritdoc />
    public string Topic => "letter.person-change";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["changeId", "late", "daysLate"];

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var db = context.Ledger();
        var act = LedgerRow.Act(context);
        var unitCode = context.Text("unitCode");
        var letter = (await db.Letters.Where(l => l.UnitCode == unitCode && l.Kind == LetterKind.One && l.Status == LetterStatus.Active).ToListAsync(cancellationToken))
            .Where(l => l.IsCurrentThrough(act.Today)).OrderByDescending(l => l.SignedOn).FirstOrDefault();
        var change = ResponsiblePersonChangeRecord.Report(
            unitCode, letter?.Id, context.Text("previousPerson"), context.Text("newPerson"), context.Text("newPhone"), context.OptionalText("newEmail"),
            context.Date("changedOn"), context.OptionalText("reason"), options.CurrentValue.PersonChangeReportDays, act);
        await LedgerRules.EnsureValidAsync(change, db, cancellationToken);
        db.PersonChanges.Add(change);
        await LedgerRow.LinkAsync(context, "personChange", change.Id, cancellationToken);
        letter?.ChangeResponsiblePerson(change.NewPerson, change.NewPhone, act.At);
        context.SetVariable("changeId", change.Id.ToString());
        context.SetVariable("late", JsonValue.Create(change.Late));
        context.SetVariable("daysLate", change.DaysLate);
    }
}

/// <summary><c>letter.person-change-ack</c>: the office acknowledged the report <c>changeId</c>.</summary>
public sealed class PersonChangeAcknowledgeActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "letter.person-change-ack";

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var change = await LedgerRow.FindAsync<ResponsiblePersonChangeRecord>(context, "changeId", cancellationToken);
        change.Acknowledge(LedgerRow.Act(context));
    }
}
