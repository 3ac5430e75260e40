using System.Globalization;
using System.Text.Json.Nodes;
using Zzut.Workflows.Activities.Email;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Inspections;
using Zzut.Workflows.Domain.Letters;
using Zzut.Workflows.Domain.Reports;
using Zzut.Workflows.Messaging;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Jobs.Scans;

/// <summary>
/// <c>self-inspection-scan</c> (Art. 34): on each date of <c>Workflows:Duties:SelfInspectionDates</c> (twice a year by
/// default) every unit's self-inspection of the period starts — one <c>unit-self-inspection</c> per unit and period
/// (business key <c>self-inspection:{unit}:{period}</c>), never two; a unit added later joins the period in force.
/// </summary>
public sealed class SelfInspectionScan(ScanRunner runner, IServiceScopeFactory scopes, IWorkflowEngine engine, IBusinessKeyIndex keys, WorkingCalendar calendar)
    : ScanJob(runner)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "self-inspection-scan";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Starts unit-self-inspection for every unit on each self-inspection date (twice a year by default).";

    /// <inheritdoc />
    public override string DefaultCron => "0 7 * * *";

    /// <inheritdoc />
    public override async Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = calendar.LocalDate(now);
        await using var scope = scopes.CreateAsyncScope();
        var duties = scope.ServiceProvider.GetRequiredService<DutyLedger>();
        var period = duties.CurrentSelfInspectionPeriod(today);
        var due = period.Starts.AddDays(duties.Options.SelfInspectionDays);
        return await StartEachAsync(
            engine, keys, Procedures.UnitSelfInspection, Name, await duties.UnitsAsync(cancellationToken),
            unit => SelfInspectionRecord.BusinessKey(unit.Code, period.Label),
            unit => new { unitCode = unit.Code, period = period.Label, dueDate = Date(due) },
            cancellationToken);
    }

    internal static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>letter-scan</c> (Art. 12, Att. 1): the yearly signing campaign — from <c>Workflows:Duties:LetterCampaignDate</c> on,
/// every unit whose head has no letter 一 in force through the end of the year (none, or one expiring this year) gets
/// one <c>responsibility-letter</c> (business key <c>letter:{unit}:{year}</c>), once a year.
/// </summary>
public sealed class LetterScan(ScanRunner runner, IServiceScopeFactory scopes, IWorkflowEngine engine, IBusinessKeyIndex keys, WorkingCalendar calendar)
    : ScanJob(runner)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "letter-scan";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Yearly responsibility-letter campaign for units whose head has no letter 一 valid through the year's end.";

    /// <inheritdoc />
    public override string DefaultCron => "0 8 * * *";

    /// <inheritdoc />
    public override async Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = calendar.LocalDate(now);
        await using var scope = scopes.CreateAsyncScope();
        var duties = scope.ServiceProvider.GetRequiredService<DutyLedger>();
        if (!YearlyDate.Parse(duties.Options.LetterCampaignDate).HasCome(today))
        {
            return new ScanOutcome([], 0);
        }

        var missing = await duties.UnitsWithoutLetterThroughAsync(new DateOnly(today.Year, 12, 31), cancellationToken);
        return await StartEachAsync(
            engine, keys, Procedures.ResponsibilityLetter, Name, missing,
            unit => ResponsibilityLetterRecord.CampaignKey(unit.Code, today.Year),
            unit => new { unitCode = unit.Code, year = today.Year },
            cancellationToken);
    }
}

/// <summary>
/// <c>annual-report-scan</c> (Art. 36): from <c>Workflows:Duties:AnnualReportDate</c> (December) on, the year's
/// <c>annual-security-report</c> is started for the office (business key <c>annual-report:{year}</c>), once.
/// </summary>
public sealed class AnnualReportScan(ScanRunner runner, IServiceScopeFactory scopes, IWorkflowEngine engine, IBusinessKeyIndex keys, WorkingCalendar calendar)
    : ScanJob(runner)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "annual-report-scan";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Starts the year's annual-security-report for the office in December.";

    /// <inheritdoc />
    public override string DefaultCron => "0 9 * * *";

    /// <inheritdoc />
    public override async Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = calendar.LocalDate(now);
        await using var scope = scopes.CreateAsyncScope();
        var duties = scope.ServiceProvider.GetRequiredService<DutyLedger>();
        if (!YearlyDate.Parse(duties.Options.AnnualReportDate).HasCome(today))
        {
            return new ScanOutcome([], 0);
        }

        return await StartEachAsync(
            engine, keys, Procedures.AnnualSecurityReport, Name, [today.Year],
            AnnualReportRecord.BusinessKey,
            year => new { year },
            cancellationToken);
    }
}

/// <summary>
/// Reminders the standing duties send by e-mail, each once for its duty and period: the mark and the message commit
/// together (<see cref="IOutbox"/>), so none is sent twice and none is lost.
/// </summary>
public abstract class ReminderScan(ScanRunner runner, IServiceScopeFactory scopes, WorkingCalendar calendar, IRecipientDirectory recipients, EmailTemplates templates)
    : ScanJob(runner)
{
    /// <inheritdoc />
    public override async Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var duties = scope.ServiceProvider.GetRequiredService<DutyLedger>();
        var messages = new List<OutgoingMessage>();
        var skipped = 0;
        foreach (var reminder in await DueAsync(scope.ServiceProvider, duties, calendar.LocalDate(now), cancellationToken))
        {
            if (reminder.Mark is { } mark && await duties.RemindedAsync(mark.Kind, mark.Subject, mark.Period, cancellationToken))
            {
                skipped++;
                continue;
            }

            var to = await recipients.ResolveAsync(reminder.To, cancellationToken);
            var cc = await recipients.ResolveAsync(reminder.Cc, cancellationToken);
            if (to.Count == 0)
            {
                skipped++;
                continue;
            }

            var email = await templates.RenderAsync("notice", new JsonObject { ["body"] = reminder.Body }, reminder.Subject);
            messages.Add(email.ToMessage(to, cc));
            if (reminder.Mark is { } sent)
            {
                duties.MarkReminded(sent.Kind, sent.Subject, sent.Period, now);
            }

            reminder.Sent?.Invoke(now);
        }

        var queued = await scope.ServiceProvider.GetRequiredService<IOutbox>().EnqueueAsync(messages, cancellationToken);
        return new ScanOutcome(queued, skipped);
    }

    /// <summary>The reminders due on <paramref name="today"/> (those already sent are skipped by their mark).</summary>
    protected abstract Task<IReadOnlyList<Reminder>> DueAsync(IServiceProvider services, DutyLedger duties, DateOnly today, CancellationToken cancellationToken);

    /// <summary>One reminder.</summary>
    /// <param name="To">Recipients (names the directory resolves).</param>
    /// <param name="Cc">Copy recipients.</param>
    /// <param name="Subject">The subject.</param>
    /// <param name="Body">The text.</param>
    /// <param name="Mark">The once-per-period mark, or null when the row itself remembers (<paramref name="Sent"/>).</param>
    /// <param name="Sent">Marks the row reminded, saved with the message.</param>
    protected sealed record Reminder(string[] To, string[] Cc, string Subject, string Body, (string Kind, string Subject, string Period)? Mark, Action<DateTimeOffset>? Sent = null);
}

/// <summary>
/// <c>training-scan</c> (Art. 30): from <c>Workflows:Duties:TrainingReminderDate</c> on, each unit that recorded no
/// security training this year is reminded — once a year.
/// </summary>
public sealed class TrainingScan(ScanRunner runner, IServiceScopeFactory scopes, WorkingCalendar calendar, IRecipientDirectory recipients, EmailTemplates templates)
    : ReminderScan(runner, scopes, calendar, recipients, templates)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "training-scan";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Reminds, once a year, each unit that recorded no security training this year.";

    /// <inheritdoc />
    public override string DefaultCron => "30 7 * * *";

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Reminder>> DueAsync(IServiceProvider services, DutyLedger duties, DateOnly today, CancellationToken cancellationToken)
    {
        if (!YearlyDate.Parse(duties.Options.TrainingReminderDate).HasCome(today))
        {
            return [];
        }

        var year = today.Year.ToString(CultureInfo.InvariantCulture);
        return [.. (await duties.UnitsWithoutTrainingAsync(today.Year, cancellationToken)).Select(unit => new Reminder(
            [$"unit:{unit.Code}"], [$"head:{unit.Code}"], $"【安全培训提醒】{unit.Name}",
            $"{unit.Name}今年（{year} 年）尚未登记网络信息安全培训。按照《网络信息安全管理办法》第三十条，各单位应组织开展应急预案的宣传、教育和培训，请在年底前组织培训并在系统中登记（发起“安全培训登记”）。",
            ("training", unit.Code, year)))];
    }
}

/// <summary>
/// <c>drill-scan</c> (Art. 30): from <c>Workflows:Duties:DrillReminderDate</c> on, when no emergency drill was planned or
/// held this year the leading group (and the center) is reminded — once a year.
/// </summary>
public sealed class DrillScan(ScanRunner runner, IServiceScopeFactory scopes, WorkingCalendar calendar, IRecipientDirectory recipients, EmailTemplates templates)
    : ReminderScan(runner, scopes, calendar, recipients, templates)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "drill-scan";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Reminds the leading group, once a year, when no emergency drill was planned or held this year.";

    /// <inheritdoc />
    public override string DefaultCron => "45 7 * * *";

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Reminder>> DueAsync(IServiceProvider services, DutyLedger duties, DateOnly today, CancellationToken cancellationToken)
    {
        if (!YearlyDate.Parse(duties.Options.DrillReminderDate).HasCome(today) || await duties.DrillOfYearExistsAsync(today.Year, cancellationToken))
        {
            return [];
        }

        var year = today.Year.ToString(CultureInfo.InvariantCulture);
        return [new Reminder(
            ["role:leading-group"], ["role:center"], $"【应急演练提醒】{year} 年尚未组织应急演练",
            $"截至 {SelfInspectionScan.Date(today)}，{year} 年尚未计划或组织网络信息安全应急演练。按照《网络信息安全管理办法》第三十条，领导小组应组织应急演练，请发起“应急演练”。",
            ("drill", "school", year))];
    }
}

/// <summary>
/// <c>emergency-plan-review-scan</c> (Art. 30): each plan in force whose yearly review falls due within
/// <c>Workflows:Duties:PlanReviewLeadDays</c> — the school's (the center) or a unit's (the unit) — is reminded once per due date.
/// </summary>
public sealed class EmergencyPlanReviewScan(ScanRunner runner, IServiceScopeFactory scopes, WorkingCalendar calendar, IRecipientDirectory recipients, EmailTemplates templates)
    : ReminderScan(runner, scopes, calendar, recipients, templates)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "emergency-plan-review-scan";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Reminds the owner of each emergency plan whose yearly review falls due soon.";

    /// <inheritdoc />
    public override string DefaultCron => "15 7 * * *";

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Reminder>> DueAsync(IServiceProvider services, DutyLedger duties, DateOnly today, CancellationToken cancellationToken) =>
        [.. (await duties.PlansDueForReviewAsync(today, cancellationToken)).Where(p => !p.IsReviewReminded).Select(plan => new Reminder(
            [plan.Scope == Domain.Emergency.EmergencyPlanScope.School ? "role:center" : $"unit:{plan.UnitCode}"], ["role:leading-group"],
            $"【应急预案年度评估】{plan.Title}",
            $"应急预案“{plan.Title}”（第 {plan.Version} 版，备案编号 {plan.FilingNumber}）应于 {SelfInspectionScan.Date(plan.NextReviewDue!.Value)} 前完成年度评估。如需修订，请修订后通过“应急预案备案”报领导小组备案（第二十九、三十条）。",
            null,
            plan.MarkReviewReminded))];
}
