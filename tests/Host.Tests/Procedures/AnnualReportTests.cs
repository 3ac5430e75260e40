using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>Art. 36: the annual security report, assembled from the ledgers, approved by the leading group, kept as Word.</summary>
public sealed class AnnualReportTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task InDecemberTheOfficeWritesItTheLeadingGroupApprovesItAndTheWordDocumentHoldsTheYearsFigures()
    {
        using var s = await Scenario.CreateAsync(new DateTimeOffset(2026, 11, 30, 9, 0, 0, Beijing));

        // The year in the ledgers: two systems, an incident reported late, a training, a letter, a drill.
        foreach (var (name, level) in new[] { ("教务系统", 3), ("一卡通", 2) })
        {
            Assert.That((await s.Center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name, proposedLevel = level, approvedLevel = level, status = "accepted", lastEvaluationDate = "2026-06-01", filingNumber = $"BA-{level}" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await s.StartAsync(s.Unit, "incident-report", new
        {
            unitCode = "jsj", title = "主页被篡改", occurredAt = "2026-11-30T08:40:00+08:00", discoveredAt = "2026-11-30T08:45:00+08:00", category = "network-attack", description = "首页被篡改",
        });
        await s.StartAsync(s.Unit, "security-training", new { unitCode = "jsj", trainingDate = "2026-11-20", topic = "应急预案培训", trainer = "张工", attendees = "李雷、韩梅梅、王芳", attendeeCount = 3 });
        Assert.That((await s.Office.PostJsonAsync("/api/letters", new { unitCode = "jsj", kind = "one", number = "ZRS-2026-01", signer = "王院长", signedOn = "2026-01-10", validUntil = "2027-01-31", responsiblePerson = "李安全", responsiblePhone = "13800000001" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var drill = await s.StartAsync(s.LeadingGroup, "emergency-drill", new { title = "网站篡改应急演练", scenario = "首页篡改", plannedDate = "2026-11-30", participants = "中心" });
        await s.CompleteAsync(s.Center, drill["id"]!.GetValue<string>(), "Task_Run", new { heldOn = "2026-11-30", participants = "中心 6 人", participantCount = 6, processSummary = "处置" });
        await s.CompleteAsync(s.LeadingGroup, drill["id"]!.GetValue<string>(), "Task_Evaluate", new { evaluation = "良好", revisionNeeded = "no" });

        // November: nothing yet; 1 December: the scan starts the year's report for the office, once.
        await s.RunJobAsync("annual-report-scan");
        Assert.That(await s.InstancesAsync("annual-security-report"), Is.Empty);
        s.App.Clock.Advance(TimeSpan.FromDays(1));
        await s.RunJobAsync("annual-report-scan");
        await s.RunJobAsync("annual-report-scan");
        var report = (await s.InstancesAsync("annual-security-report")).Single()!;
        var id = report["id"]!.GetValue<string>();
        Assert.That(report["businessKey"]!.GetValue<string>(), Is.EqualTo("annual-report:2026"));
        var draft = await s.GetAsync(s.Office, "/api/annual-reports/2026");
        Assert.That((draft["status"]!.GetValue<string>(), draft["figures"]!["incidents"]!["total"]!.GetValue<int>()), Is.EqualTo(("drafting", 1)));
        Assert.That((await s.Office.GetAsync("/api/annual-reports/2026/docx")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "no Word document before approval");
        Assert.That((await s.Unit.GetAsync("/api/annual-reports/2026")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        // The office writes, the leading group returns once, the office rewrites, the leading group approves.
        Assert.That(await s.RefuseAsync(s.Office, id, "Task_Draft", new { overview = "总体平稳" }), Is.EqualTo(new[] { "measures", "nextYearPlan", "problems" }));
        await s.CompleteAsync(s.Office, id, "Task_Draft", Narrative("初稿"));
        Assert.That(await s.RefuseAsync(s.LeadingGroup, id, "Task_Approve", new { decision = "return" }), Is.EqualTo(new[] { "approvalOpinion" }));
        await s.CompleteAsync(s.LeadingGroup, id, "Task_Approve", new { decision = "return", approvalOpinion = "补充事件处置情况" });
        Assert.That((await s.GetAsync(s.Office, "/api/annual-reports/2026"))["status"]!.GetValue<string>(), Is.EqualTo("drafting"));
        await s.CompleteAsync(s.Office, id, "Task_Draft", Narrative("修改稿：补充了事件处置情况"));
        await s.CompleteAsync(s.LeadingGroup, id, "Task_Approve", new { decision = "approve", approvalOpinion = "同意上报" });
        var approved = await s.GetAsync(s.Center, "/api/annual-reports/2026");
        Assert.That((approved["status"]!.GetValue<string>(), approved["approvedBy"]!.GetValue<string>()), Is.EqualTo(("approved", "lingdao")));

        // The Word document, read back with the same library: the year's figures from the ledgers and the approved text.
        var response = await s.Center.GetAsync("/api/annual-reports/2026/docx");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        Assert.That(response.Content.Headers.ContentDisposition!.FileNameStar, Is.EqualTo("2026年度网络信息安全检查报告.docx"));
        using (var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync()))
        using (var document = WordprocessingDocument.Open(stream, false))
        {
            var body = document.MainDocumentPart!.Document.Body!;
            var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
            Assert.That(paragraphs[0], Is.EqualTo("郑州工程技术学院2026年度网络信息安全检查报告"));
            Assert.That(paragraphs, Does.Contain("修改稿：补充了事件处置情况").And.Contain("同意上报"));
            var rows = body.Descendants<TableRow>().Select(r => string.Join("|", r.Elements<TableCell>().Select(c => c.InnerText))).ToList();
            Assert.That(rows, Does.Contain("第三级|1|1|1").And.Contain("第二级|1|1|1"), "systems by level: systems, filed, evaluated this year");
            Assert.That(rows, Does.Contain("事件总数|1").And.Contain("漏报|0").And.Contain("按时报告|1"));
            Assert.That(rows, Does.Contain("安全培训场次|1").And.Contain("参训人次|3").And.Contain("本年度应急演练|1").And.Contain("演练名称|网站篡改应急演练（2026-11-30）"));
            Assert.That(rows, Does.Contain("签订责任书（一）的单位|1 / 5"));
        }

        // The office records the submission to the authorities.
        await s.CompleteAsync(s.Office, id, "Task_Submit", new { submittedTo = "河南省教育厅", submittedOn = "2026-12-01" });
        var submitted = (await s.GetAsync(s.LeadingGroup, "/api/annual-reports")).AsArray().Single()!;
        Assert.That((submitted["status"]!.GetValue<string>(), submitted["submittedTo"]!.GetValue<string>()), Is.EqualTo(("submitted", "河南省教育厅")));
        Assert.That((await s.InstanceAsync(id))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
    }

    private static object Narrative(string overview) => new
    {
        overview,
        problems = "个别单位未按时自查",
        measures = "下达限期整改通知书并跟踪整改",
        nextYearPlan = "开展等级测评和应急演练",
    };
}
