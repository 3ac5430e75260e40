using System.Net;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>
/// Anybody reports an incident to the center (incident-tip, Art. 33; vendors with their company, Att. 2 §8); the center
/// triages it into the unit's incident-report or closes it with a reason.
/// </summary>
public sealed class IncidentTipTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task ATipFromATeacherBecomesTheUnitsIncidentWithItsClocksFromTheOccurrence()
    {
        using var s = await Scenario.CreateAsync();
        using var teacher = await s.App.ClientAsync("zhanglaoshi", [], null);
        var startable = (await s.GetAsync(teacher, "/api/definitions/startable")).AsArray().Select(d => d!["key"]!.GetValue<string>());
        Assert.That(startable, Is.EqualTo(new[] { "incident-tip" }), "a teacher without a role may report, and only report");

        var tip = await s.StartAsync(teacher, "incident-tip", new
        {
            reporterName = "张老师", reporterPhone = "13800000002", reporterEmail = "zhang@zzut.edu.cn", description = "学院网站首页出现博彩链接",
            occurredAt = Iso(s.Now.AddMinutes(-15)),
        });
        var id = tip["id"]!.GetValue<string>();
        var received = (await s.EmailsAsync(id)).Single(e => e.Subject == "【安全事件报告】张老师");
        Assert.That(received.To, Is.EqualTo("center@zzut.edu.cn"), "the center hears of it at once");
        var triage = await s.TaskAsync(s.Center, id, "Task_Triage");
        Assert.That(triage["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(s.Now.AddHours(4)));

        var incomplete = await s.Center.PostJsonAsync($"/api/tasks/{triage["id"]}/complete", new { variables = new { decision = "open", unitCode = "jsj" } });
        Assert.That(incomplete.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await incomplete.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "title", "category", "occurredAt", "discoveredAt", "description" }));

        var occurred = s.Now.AddMinutes(-15);
        await s.CompleteAsync(s.Center, id, "Task_Triage", new
        {
            decision = "open", unitCode = "jsj", title = "网站被挂博彩链接", category = "information-content", occurredAt = Iso(occurred), discoveredAt = Iso(occurred.AddMinutes(5)),
            description = "首页被植入博彩链接（师生报告）",
        });
        Assert.That(await s.RunExternalAsync(), Is.EqualTo(1), "the incident report is started after the triage has committed");
        var ended = await s.InstanceAsync(id);
        Assert.That(ended["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var incidentInstanceId = ended["variables"]!["startedInstanceId"]!.GetValue<string>();
        var incident = await s.InstanceAsync(incidentInstanceId);
        Assert.That((incident["definitionKey"]!.GetValue<string>(), incident["businessKey"]!.GetValue<string>(), incident["variables"]!["unitCode"]!.GetValue<string>()),
            Is.EqualTo(("incident-report", "incident-tip:" + ended["variables"]!["tipId"]!.GetValue<string>(), "jsj")));
        var oral = await s.TaskAsync(s.Unit, incidentInstanceId, "Task_OralReport");
        Assert.That(oral["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(occurred.AddMinutes(30)), "its clocks count from the occurrence");

        var tipRow = (await s.GetAsync(s.Center, "/api/incident-tips")).AsArray().Single()!;
        Assert.That((tipRow["status"]!.GetValue<string>(), tipRow["unitCode"]!.GetValue<string>(), tipRow["reportedBy"]!.GetValue<string>(), tipRow["incidentInstanceId"]!.GetValue<string>()),
            Is.EqualTo(("opened", "jsj", "zhanglaoshi", incidentInstanceId)));
        Assert.That((await s.EmailsAsync(id)).Select(e => (e.To, e.Subject)), Does.Contain(("zhang@zzut.edu.cn", "【安全事件报告已受理】网站被挂博彩链接")), "the reporter hears of the outcome");
        Assert.That((await teacher.GetAsync("/api/incident-tips")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the tips are the center's");
    }

    [Test]
    public async Task AVendorReportsWithItsCompanyAndTheCenterClosesTheTipWithAReason()
    {
        using var s = await Scenario.CreateAsync();
        using var vendor = await s.App.ClientAsync("yunwei", "vendor");
        var id = (await s.StartAsync(vendor, "incident-tip", new
        {
            reporterName = "王工", reporterPhone = "13800000003", company = "某某网络科技有限公司", description = "运维中发现图书馆服务器有异常登录",
            unitCode = "tsg", occurredAt = Iso(s.Now.AddHours(-30)),
        }))["id"]!.GetValue<string>();
        Assert.That(s.Body("【安全事件报告】某某网络科技有限公司"), Does.Contain("运维公司未在事发后 24 小时内报告"), "Att. 2 §8: within 24 hours");

        var missingReason = await s.Center.PostJsonAsync($"/api/tasks/{(await s.TaskAsync(s.Center, id, "Task_Triage"))["id"]}/complete", new { variables = new { decision = "close" } });
        Assert.That((await missingReason.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "closeReason" }));
        await s.CompleteAsync(s.Center, id, "Task_Triage", new { decision = "close", closeReason = "系运维人员本人登录，非安全事件" });

        var tip = (await s.GetAsync(s.Center, "/api/incident-tips?status=closed")).AsArray().Single()!;
        Assert.That((tip["company"]!.GetValue<string>(), tip["vendorReportLate"]!.GetValue<bool>(), tip["closeReason"]!.GetValue<string>(), tip["triagedBy"]!.GetValue<string>()),
            Is.EqualTo(("某某网络科技有限公司", true, "系运维人员本人登录，非安全事件", "zhongxin")));
        Assert.That((await s.GetAsync(s.Admin, "/api/instances?definitionKey=incident-report")).AsArray(), Is.Empty);
        Assert.That(await s.EmailsAsync(id), Does.Contain(("center@zzut.edu.cn", "center@zzut.edu.cn", "【安全事件报告处理结果】")), "no address given: the center keeps the answer");
    }

    private static string Iso(DateTimeOffset instant) => instant.ToOffset(Beijing).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
