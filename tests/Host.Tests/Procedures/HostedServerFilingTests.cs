using System.Net;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>Hosted physical servers (hosted-server-filing, Att. 7 and 8) and the compliance overview.</summary>
public sealed class HostedServerFilingTests
{
    [Test]
    public async Task AHostedServerIsFiledAfterTheExpertsReturnedItOnce()
    {
        using var s = await Scenario.CreateAsync();
        var instance = await s.StartAsync(s.Unit, "hosted-server-filing", Filing());
        var id = instance["id"]!.GetValue<string>();
        var path = $"/api/hosted-servers/{instance["variables"]!["hostedServerId"]!.GetValue<string>()}";
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "return", expertOpinion = "说明为何不能使用云虚拟机" });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "GPU 计算需要专用硬件", serverConfiguration = "2×GPU A100, 512 GB" });
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "approve", expertOpinion = "确有特殊硬件需求" });
        var done = await s.CompleteAsync(s.Center, id, "Task_CenterReview", new { decision = "approve", serverName = "jsj-gpu-01", ipAddress = "10.10.20.5", handler = "李工", centerResponsible = "张主任" });

        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        var server = await s.GetAsync(s.Unit, path);
        Assert.That((server["status"]!.GetValue<string>(), server["serverConfiguration"]!.GetValue<string>(), server["expertOpinion"]!.GetValue<string>(), server["serverName"]!.GetValue<string>(), server["centerResponsible"]!.GetValue<string>()),
            Is.EqualTo(("active", "2×GPU A100, 512 GB", "确有特殊硬件需求", "jsj-gpu-01", "张主任")));
        Assert.That(await s.EmailsAsync(id), Does.Contain(("anquan@jsj.zzut.edu.cn", string.Empty, "【托管服务器已登记】jsj-gpu-01")));
    }

    [Test]
    public async Task AFilingWithoutTheLetterOrWithAPeriodEndingBeforeItStartsIsRefused()
    {
        using var s = await Scenario.CreateAsync();
        var response = await s.Unit.PostJsonAsync("/api/instances", new { definitionKey = "hosted-server-filing", variables = Filing() with { responsibilityLetterSigned = false, securityOfficerPhone = "call me" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "responsibilityLetterSigned", "securityOfficerPhone" }));

        // The form cannot compare the two dates; the ledger can: the step records an incident and no row is valid.
        var backwards = await s.StartAsync(s.Unit, "hosted-server-filing", Filing() with { hostingTo = "2026-01-01" });
        var incident = backwards["incidents"]!.AsArray().Single()!;
        Assert.That((incident["elementId"]!.GetValue<string>(), incident["message"]!.GetValue<string>().Contains("hostingTo", StringComparison.Ordinal)), Is.EqualTo(("Task_Register", true)));
        Assert.That((await s.GetAsync(s.Admin, "/api/hosted-servers")).AsArray(), Is.Empty);
    }

    [Test]
    public async Task TheComplianceOverviewCountsWhatTheLeadingGroupReportsAndComesAsCsvToo()
    {
        using var s = await Scenario.CreateAsync();
        foreach (var (name, level, last) in new[] { ("门户", 2, "2024-01-10"), ("一卡通", 3, "2025-03-20"), ("教务", 3, "2026-01-10"), ("财务", 4, "2025-12-01"), ("图书", 1, (string?)null) })
        {
            var created = await s.Center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name, proposedLevel = level, approvedLevel = level, status = "accepted", lastEvaluationDate = last });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await s.Center.PostJsonAsync("/api/websites", new
        {
            unitCode = "wxy", unitName = "外国语学院", domain = "wxy.zzut.edu.cn", adminName = "赵", adminEmail = "web@wxy.zzut.edu.cn", buildMethod = "site-cluster", status = "checking",
        });

        var report = await s.GetAsync(s.LeadingGroup, "/api/compliance");
        var byLevel = report["systems"]!["byLevel"]!.AsArray().ToDictionary(l => l!["level"]!.GetValue<int>(), l => (l!["systems"]!.GetValue<int>(), l["overdue"]!.GetValue<int>(), l["dueSoon"]!.GetValue<int>()));
        Assert.That(byLevel, Is.EqualTo(new Dictionary<int, (int, int, int)> { [1] = (1, 0, 0), [2] = (1, 1, 0), [3] = (2, 0, 1), [4] = (1, 0, 0) }));
        Assert.That(report["systems"]!["overdueEvaluations"]!.AsArray().Single()!["name"]!.GetValue<string>(), Is.EqualTo("门户"), "level 2, due 2026-01-10");
        Assert.That(report["systems"]!["dueWithinLeadWindow"]!.AsArray().Single()!["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2026-03-20"));
        Assert.That(report["websitesAwaitingChecks"]!.AsArray().Single()!["domain"]!.GetValue<string>(), Is.EqualTo("wxy.zzut.edu.cn"));
        Assert.That(report["incidents"]!["byReportingStatus"]!["onTime"]!.GetValue<int>(), Is.Zero);

        var csv = await s.LeadingGroup.GetAsync("/api/compliance?format=csv");
        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        var lines = (await ComplianceCsvAsync(csv)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("类别,项目,单位,等级,日期,状态,数值"));
        Assert.That(lines, Does.Contain("逾期未测评,门户,计算机与人工智能学院（jsj）,2,2026-01-10,逾期,"));
        Assert.That(lines, Does.Contain("待安全检查网站,wxy.zzut.edu.cn,外国语学院（wxy）,,,检查中,"));
        Assert.That(lines, Does.Contain("各等级信息系统,信息系统数,,3,,,2"));
        Assert.That(lines, Does.Contain("安全事件（按报告时效）,事件数,,,,漏报,0"));
        Assert.That((await s.Unit.GetAsync("/api/compliance")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task TheComplianceCsvNeutralisesFormulasFromEnteredNamesAndOpensAsChineseInExcel()
    {
        using var s = await Scenario.CreateAsync();
        foreach (var name in new[] { "=HYPERLINK(\"http://evil.example\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "正常, 带逗号的\"系统\"" })
        {
            var created = await s.Center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name, proposedLevel = 2, approvedLevel = 2, status = "accepted", lastEvaluationDate = "2023-01-10" });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        var response = await s.LeadingGroup.GetAsync("/api/compliance?format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 with the byte-order mark");
        Assert.That(response.Content.Headers.ContentDisposition!.FileNameStar, Does.StartWith("网络安全合规概览-"));
        var cells = (await ComplianceCsvAsync(response)).Split("\r\n").Where(l => l.StartsWith("逾期未测评,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).ToList();
        Assert.That(cells, Does.Contain("\"'=HYPERLINK(\"\"http://evil.example\"\"").And.Contain("'+1+1").And.Contain("'-2+3").And.Contain("'@SUM(A1)").And.Contain("'\t=1"));
        Assert.That(cells.Where(c => c.TrimStart('"').StartsWith('=') || c.StartsWith('+') || c.StartsWith('-') || c.StartsWith('@')), Is.Empty, "no cell begins as a formula");
        Assert.That(await ComplianceCsvAsync(response), Does.Contain("\"正常, 带逗号的\"\"系统\"\"\""), "quoted as RFC 4180");
    }

    private static async Task<string> ComplianceCsvAsync(HttpResponseMessage response) =>
        new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');

    internal sealed record FilingVariables(
        string unitCode, string applicant, string applicantContact, string serverConfiguration, string securityDevices, string hostingFrom, string hostingTo,
        string purpose, string securityOfficer, string securityOfficerPhone, string systemAdministrator, string systemAdministratorPhone, bool responsibilityLetterSigned);

    internal static FilingVariables Filing() => new(
        "jsj", "李安全", "13800000001", "2×GPU, 256 GB", "防火墙策略、主机防病毒", "2026-03-02", "2029-03-01", "深度学习训练平台",
        "王院长", "0371-61910001", "张管理", "0371-61910009", true);
}
