using System.Text.Json.Nodes;
using Zzut.Workflows.Activities.Email;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Messaging;

namespace Zzut.Workflows.Host.Jobs.Scans;

/// <summary>
/// <c>calendar-check</c>: every Monday of December (09:00, Asia/Shanghai) tells the administrators (mailbox
/// <c>role:admin</c>) when next year's holiday schedule is not loaded yet (<see cref="WorkingCalendar.MissingNextYear"/>):
/// without it, deadlines in working days (<c>addWorkdays</c>) of that year would silently ignore its holidays and
/// 调休 days. The State Council publishes the schedule in November or December; an administrator adds the year with
/// <c>PUT /api/calendar/years/{year}</c>. One message per run while the year is missing; none once it is there.
/// </summary>
public sealed class CalendarCheck(ScanRunner runner, WorkingCalendar calendar, IRecipientDirectory recipients, EmailTemplates templates, IServiceScopeFactory scopes)
    : ScanJob(runner)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "calendar-check";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description => "Tells administrators in December when next year's holiday schedule is missing.";

    /// <inheritdoc />
    public override string DefaultCron => "0 9 * 12 1";

    /// <inheritdoc />
    public override async Task<ScanOutcome> ScanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await calendar.ReloadAsync(cancellationToken);
        if (calendar.MissingNextYear(calendar.LocalDate(now)) is not { } year)
        {
            return new ScanOutcome([], 1);
        }

        var to = await recipients.ResolveAsync(["role:admin"], cancellationToken);
        if (to.Count == 0)
        {
            throw new InvalidOperationException("No address for role:admin: set the administrators' mailbox (PUT /api/role-mailboxes/admin).");
        }

        var email = await templates.RenderAsync("notice", new JsonObject
        {
            ["body"] = $"工作日历尚未载入 {year} 年的法定节假日和调休安排。请在国务院办公厅公布 {year} 年部分节假日安排后，"
                + $"通过 PUT /api/calendar/years/{year} 一次性录入（格式同 definitions/calendar/*.json），否则 {year} 年按工作日计算的期限（如事后整改报告“1 个工作日内”）将不考虑节假日。",
        }, $"【工作日历】缺少 {year} 年节假日安排");
        await using var scope = scopes.CreateAsyncScope();
        var queued = await scope.ServiceProvider.GetRequiredService<IOutbox>().EnqueueAsync([email.ToMessage(to, [])], cancellationToken);
        return new ScanOutcome(queued, 0);
    }
}
