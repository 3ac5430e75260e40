using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>Att. 9 §6: a warning from the authorities, sent to units, answered, escalated when overdue, closed by the center.</summary>
public sealed class WarningTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task EachUnitAnswersOrIsEscalatedWhenOverdueAndTheCenterClosesTheWarning()
    {
        using var s = await Scenario.CreateAsync();
        Assert.That(await Scenario.RefusedFieldsAsync(await s.Center.PostJsonAsync("/api/instances", new
        {
            definitionKey = "security-warning",
            variables = Warning() with { deadline = "2026-02-28", unitCodes = "jsj,xyz", level = "purple" },
        })), Is.EqualTo(new[] { "deadline", "level", "unitCodes" }));

        var warning = await s.StartAsync(s.Center, "security-warning", Warning());
        var id = warning["id"]!.GetValue<string>();
        Assert.That(await s.RunExternalAsync(), Is.EqualTo(1));
        var responses = await s.InstancesAsync("security-warning-response");
        var jsj = responses.Single(r => r!["variables"]!["unitCode"]!.GetValue<string>() == "jsj")!["id"]!.GetValue<string>();
        var wxy = responses.Single(r => r!["variables"]!["unitCode"]!.GetValue<string>() == "wxy")!["id"]!.GetValue<string>();
        Assert.That((await s.TaskAsync(s.Unit, jsj, "Task_Answer"))["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 3, 6, 23, 59, 59, Beijing)));

        Assert.That(await s.RefuseAsync(s.Unit, jsj, "Task_Answer", new { affected = "maybe", checkResult = "已检查" }), Is.EqualTo(new[] { "affected", "measures" }));
        await s.CompleteAsync(s.Unit, jsj, "Task_Answer", new { affected = "yes", checkResult = "2 台服务器受影响", measures = "已打补丁" });
        Assert.That((await s.EmailsAsync(jsj)).Select(e => e.Subject), Does.Contain("【预警反馈】jsj Apache 远程代码执行漏洞预警"));

        // 外国语学院 is reminded on Thursday the 5th and escalated when Friday the 6th ends.
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 3, 5, 9, 0, 0, Beijing) - s.Now), Is.EqualTo(1));
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 3, 6, 23, 59, 59, Beijing) - s.Now), Is.EqualTo(1));
        var wxyEmails = (await s.EmailsAsync(wxy)).Where(e => !e.Subject.StartsWith("【待办】", StringComparison.Ordinal)).ToList();
        Assert.That(wxyEmails.Select(e => e.Subject), Is.EqualTo(new[] { "【预警反馈提醒】Apache 远程代码执行漏洞预警", "【预警逾期未反馈】wxy Apache 远程代码执行漏洞预警" }));
        Assert.That(wxyEmails[1].Cc, Is.EqualTo("office@zzut.edu.cn,head@wxy.zzut.edu.cn"));
        var open = (await s.GetAsync(s.Office, "/api/compliance"))["duties"]!["warningsOpen"]!.AsArray().Single()!;
        Assert.That((open["awaitedAnswers"]!.GetValue<int>(), open["overdueUnits"]!.AsArray().Single()!.GetValue<string>()), Is.EqualTo((1, "wxy")));

        // The center closes it on Monday the 9th.
        Assert.That(await s.AdvanceAsync(new DateTimeOffset(2026, 3, 9, 10, 0, 0, Beijing) - s.Now), Is.Zero);
        await s.CompleteAsync(s.Center, id, "Task_Close", new { closingSummary = "jsj 已处置；wxy 未反馈" });
        var closed = (await s.GetAsync(s.Center, "/api/warnings")).AsArray().Single()!;
        Assert.That((closed["status"]!.GetValue<string>(), closed["closedBy"]!.GetValue<string>()), Is.EqualTo(("closed", "zhongxin")));
        Assert.That(closed["responses"]!.AsArray().Select(r => (r!["unitCode"]!.GetValue<string>(), r["status"]!.GetValue<string>(), r["late"]!.GetValue<bool>())).OrderBy(r => r.Item1),
            Is.EqualTo(new[] { ("jsj", "answered", false), ("wxy", "unanswered", false) }));
        Assert.That((await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【预警处置完成】", StringComparison.Ordinal)).To, Is.EqualTo("office@zzut.edu.cn"));

        // A late answer is still recorded, as late; each unit reads only its own answer.
        var other = await s.OtherUnitAsync();
        await s.CompleteAsync(other, wxy, "Task_Answer", new { affected = "no", checkResult = "未使用 Apache", measures = "无需处置" });
        var asWxy = (await s.GetAsync(other, "/api/warnings")).AsArray().Single()!["responses"]!.AsArray().Single()!;
        Assert.That((asWxy["unitCode"]!.GetValue<string>(), asWxy["status"]!.GetValue<string>(), asWxy["late"]!.GetValue<bool>()), Is.EqualTo(("wxy", "answered", true)));
        Assert.That((await s.GetAsync(s.Office, "/api/compliance"))["duties"]!["warningsOpen"]!.AsArray(), Is.Empty);
    }

    private sealed record WarningVariables(
        string number, string source, string receivedOn, string title, string level, string content, string requirements, string deadline, string unitCodes);

    private static WarningVariables Warning() => new(
        "HN-2026-031", "河南省教育厅网络安全和信息化领导小组办公室", "2026-03-01", "Apache 远程代码执行漏洞预警", "orange",
        "Apache HTTP Server 存在远程代码执行漏洞", "排查是否使用受影响版本，升级或采取缓解措施，书面报告处置情况", "2026-03-06", "jsj,wxy");
}
