using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Host.Email;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>The duties' e-mails leave through the outbox and reach a real SMTP server (aiosmtpd on a loopback port).</summary>
public sealed class DutyEmailTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task TheSelfInspectionScansNoticeAndItsOverdueEscalationReachTheOfficerTheHeadAndTheCenter()
    {
        using var smtp = await SmtpTestServer.StartAsync();
        using var s = await Scenario.CreateAsync(settings: new()
        {
            ["Workflows:Smtp:Host"] = "127.0.0.1",
            ["Workflows:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Workflows:Smtp:Security"] = "None",
        });

        await s.RunJobAsync("self-inspection-scan");
        Assert.That(await SweepAsync(s), Is.GreaterThan(0));
        var notice = smtp.Messages().Single(m => m.Subject == "【单位自查】2026-H1" && m.To.Mailboxes.Any(a => a.Address == "anquan@jsj.zzut.edu.cn"));
        Assert.That(notice.Cc.Mailboxes.Select(a => a.Address), Is.EqualTo(new[] { "head@jsj.zzut.edu.cn" }), "the unit's head (head:jsj) is told too");
        Assert.That(notice.TextBody, Does.Contain("请于 2026-03-31 前完成本单位网络信息安全自查（第三十四条）"));

        // The deadline passes without a report: the center hears of it, the head in copy.
        await s.AdvanceAsync(new DateTimeOffset(2026, 3, 31, 23, 59, 59, Beijing) - s.Now);
        Assert.That(await SweepAsync(s), Is.GreaterThan(0));
        var overdue = smtp.Messages().Single(m => m.Subject == "【自查逾期】jsj 2026-H1");
        Assert.That((overdue.To.Mailboxes.Single().Address, overdue.Cc.Mailboxes.Single().Address), Is.EqualTo(("center@zzut.edu.cn", "head@jsj.zzut.edu.cn")));
        Assert.That(smtp.Messages().Count(m => m.Subject == "【自查提醒】2026-H1" && m.To.Mailboxes.Any(a => a.Address == "anquan@jsj.zzut.edu.cn")), Is.EqualTo(1));
    }

    private static async Task<int> SweepAsync(Scenario s)
    {
        using var scope = s.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(s.Now);
    }
}
