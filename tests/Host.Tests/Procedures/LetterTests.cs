using System.Net;
using System.Net.Http.Headers;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>Art. 12, Att. 1–2: the letters ledger, the yearly signing campaign, letter 二 signed by a company, and changes of responsible person.</summary>
public sealed class LetterTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public async Task OverThreeYearsTheCampaignAsksUnitsWithoutALetterForTheYearOnceAndLettersExpiringGetIt()
    {
        // jsj's letter holds until mid-2027: it is left out in 2026, asked in 2027 (it expires that year) and, not renewed, in 2028.
        using var s = await Scenario.CreateAsync(new DateTimeOffset(2026, 1, 1, 8, 0, 0, Beijing));
        var existing = await s.Office.PostJsonAsync("/api/letters", new
        {
            unitCode = "jsj", kind = "one", number = "ZRS-2025-01", signer = "王院长", signedOn = "2025-12-20", validUntil = "2027-06-30",
            responsiblePerson = "李安全", responsiblePhone = "13800000001", status = "active",
        });
        Assert.That(existing.StatusCode, Is.EqualTo(HttpStatusCode.Created), await existing.Content.ReadAsStringAsync());
        for (var day = 0; day < 1096; day++)
        {
            await s.RunJobAsync("letter-scan");
            s.App.Clock.Advance(TimeSpan.FromDays(1));
        }

        var campaigns = (await s.InstancesAsync("responsibility-letter")).Select(i => i!["businessKey"]!.GetValue<string>()).ToList();
        Assert.That(campaigns, Is.Unique);
        Assert.That(campaigns.Where(k => k.StartsWith("letter:jsj:", StringComparison.Ordinal)).Order(), Is.EqualTo(new[] { "letter:jsj:2027", "letter:jsj:2028" }));
        Assert.That(campaigns.Where(k => k.StartsWith("letter:wxy:", StringComparison.Ordinal)).Order(), Is.EqualTo(new[] { "letter:wxy:2026", "letter:wxy:2027", "letter:wxy:2028" }));
        var first = (await s.InstancesAsync("responsibility-letter")).Single(i => i!["businessKey"]!.GetValue<string>() == "letter:wxy:2026")!;
        Assert.That(first["startedAt"]!.GetValue<DateTimeOffset>().ToOffset(Beijing).Date, Is.EqualTo(new DateTime(2026, 1, 15)), "on the campaign date");
    }

    [Test]
    public async Task TheHeadSignsTheOfficeReturnsThenRegistersItAndTheScanIsKeptWithTheRow()
    {
        using var s = await Scenario.CreateAsync();
        await s.RunJobAsync("letter-scan");
        var id = (await s.InstancesAsync("responsibility-letter")).Single(i => i!["businessKey"]!.GetValue<string>() == "letter:jsj:2026")!["id"]!.GetValue<string>();
        Assert.That((await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【签订网络与信息安全责任书】", StringComparison.Ordinal)).To, Is.EqualTo("head@jsj.zzut.edu.cn"));
        var head = await s.HeadAsync();
        Assert.That(await s.RefuseAsync(head, id, "Task_Sign", Signed() with { confirmRead = false, validUntil = "2026-01-01", responsiblePhone = "电话" }),
            Is.EqualTo(new[] { "confirmRead", "responsiblePhone", "validUntil" }));
        await s.CompleteAsync(head, id, "Task_Sign", Signed());
        Assert.That(await s.RefuseAsync(s.Office, id, "Task_Register", new { decision = "register" }), Is.EqualTo(new[] { "letterNumber" }));
        await s.CompleteAsync(s.Office, id, "Task_Register", new { decision = "return", registerNote = "缺少单位盖章" });
        await s.CompleteAsync(head, id, "Task_Sign", Signed());
        await s.CompleteAsync(s.Office, id, "Task_Register", new { decision = "register", letterNumber = "ZRS-2026-JSJ", receivedOn = "2026-03-02" });

        var letter = (await s.GetAsync(s.Unit, "/api/letters")).AsArray().Single()!;
        Assert.That((letter["kind"]!.GetValue<string>(), letter["number"]!.GetValue<string>(), letter["signer"]!.GetValue<string>(), letter["validUntil"]!.GetValue<string>(), letter["status"]!.GetValue<string>()),
            Is.EqualTo(("one", "ZRS-2026-JSJ", "王院长", "2026-12-31", "active")));
        Assert.That(letter["instances"]!.AsArray().Single()!["instanceId"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That((await s.GetAsync(s.Office, "/api/compliance"))["duties"]!["lettersMissing"]!.AsArray().Select(u => u!.GetValue<string>()), Does.Not.Contain("jsj"));

        // The scanned copy: PDF, JPEG or PNG, at most 10 MB, kept beside the row.
        var scan = "%PDF-1.4 责任书扫描件"u8.ToArray();
        using (var wrong = new ByteArrayContent(scan))
        {
            wrong.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            Assert.That(await Scenario.RefusedFieldsAsync(await s.Office.PutAsync($"/api/letters/{letter["id"]}/scan", wrong)), Is.EqualTo(new[] { "file" }));
        }

        using (var pdf = new ByteArrayContent(scan))
        {
            pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            Assert.That((await s.Unit.PutAsync($"/api/letters/{letter["id"]}/scan", pdf)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the office keeps the letters");
            var stored = await s.Office.PutAsync($"/api/letters/{letter["id"]}/scan?fileName=jsj-2026.pdf", pdf);
            Assert.That(stored.StatusCode, Is.EqualTo(HttpStatusCode.OK), await stored.Content.ReadAsStringAsync());
        }

        var download = await s.Unit.GetAsync($"/api/letters/{letter["id"]}/scan");
        Assert.That((download.Content.Headers.ContentType!.MediaType, await download.Content.ReadAsByteArrayAsync()), Is.EqualTo(("application/pdf", scan)));
        letter = await s.GetAsync(s.Unit, $"/api/letters/{letter["id"]}");
        Assert.That((letter["scanFileName"]!.GetValue<string>(), letter["scanSize"]!.GetValue<long>(), letter["scanUploadedBy"]!.GetValue<string>()), Is.EqualTo(("jsj-2026.pdf", scan.Length, "bangongshi")));
        Assert.That((await (await s.OtherUnitAsync()).GetAsync($"/api/letters/{letter["id"]}/scan")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ACompanySignsLetterTwoSeesOnlyItsOwnTaskAndCanReportAnIncident()
    {
        using var s = await Scenario.CreateAsync();
        var vendor = await s.VendorAsync();
        var instance = await s.StartAsync(s.Unit, "vendor-letter", new { unitCode = "jsj", company = "河南某软件有限公司", vendorUser = "gongsi", systemName = "学院网站", contractNote = "网站运维合同" });
        var id = instance["id"]!.GetValue<string>();
        Assert.That((await (await s.Unit.GetAsync($"/api/tasks?instanceId={id}&status=open")).ReadJsonAsync()).AsArray(), Is.Empty);
        Assert.That(await s.RefuseAsync(vendor, id, "Task_Sign", new { signer = "赵经理", signedOn = "2026-03-02", validUntil = "2027-03-01", responsiblePerson = "钱工", responsiblePhone = "13900000000", confirmRead = true }),
            Is.EqualTo(new[] { "reportWithin24Hours" }), "the 24-hour report of Att. 2 §8 is acknowledged");
        await s.CompleteAsync(vendor, id, "Task_Sign", new { signer = "赵经理", signedOn = "2026-03-02", validUntil = "2027-03-01", responsiblePerson = "钱工", responsiblePhone = "13900000000", confirmRead = true, reportWithin24Hours = true });
        await s.CompleteAsync(s.Office, id, "Task_Register", new { decision = "register", letterNumber = "ZRS2-2026-001" });
        var letter = (await s.GetAsync(s.Center, "/api/letters")).AsArray().Single()!;
        Assert.That((letter["kind"]!.GetValue<string>(), letter["company"]!.GetValue<string>(), letter["signerUserName"]!.GetValue<string>(), letter["systemName"]!.GetValue<string>()),
            Is.EqualTo(("two", "河南某软件有限公司", "gongsi", "学院网站")));
        Assert.That((await (await vendor.GetAsync("/api/letters")).ReadJsonAsync()).AsArray(), Is.Empty, "a company reads no ledger");

        // Att. 2 §8: the company reports an incident of the system it runs; the unit's reporting tasks open.
        var incident = await s.StartAsync(vendor, "incident-report", new
        {
            unitCode = "jsj", title = "学院网站后台被入侵", occurredAt = s.Now.AddMinutes(-20), discoveredAt = s.Now.AddMinutes(-10), category = "network-attack", description = "运维巡检发现异常账号",
        });
        await s.TaskAsync(s.Unit, incident["id"]!.GetValue<string>(), "Task_WrittenReport");
    }

    [Test]
    public async Task AChangeOfResponsiblePersonReportedAfterTwoDaysIsFlaggedLateAndTheLetterNamesTheSuccessor()
    {
        using var s = await Scenario.CreateAsync();
        Assert.That((await s.Office.PostJsonAsync("/api/letters", new
        {
            unitCode = "jsj", kind = "one", number = "ZRS-2026-01", signer = "王院长", signedOn = "2026-01-10", validUntil = "2026-12-31",
            responsiblePerson = "李安全", responsiblePhone = "13800000001", status = "active",
        })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await Scenario.RefusedFieldsAsync(await s.Unit.PostJsonAsync("/api/instances", new
        {
            definitionKey = "responsible-person-change",
            variables = new { unitCode = "jsj", previousPerson = "李安全", newPerson = "周安全", newPhone = "13800000009", newEmail = "zhou", changedOn = "2026-03-05" },
        })), Is.EqualTo(new[] { "changedOn", "newEmail" }));

        var onTime = await s.StartAsync(s.Unit, "responsible-person-change", new { unitCode = "jsj", previousPerson = "李安全", newPerson = "周安全", newPhone = "13800000009", changedOn = "2026-02-28", reason = "岗位调整" });
        Assert.That(onTime["variables"]!["late"]!.GetValue<bool>(), Is.False, "28 Feb to 2 Mar: within two days");
        var late = await s.StartAsync(s.Unit, "responsible-person-change", new { unitCode = "jsj", previousPerson = "周安全", newPerson = "吴安全", newPhone = "13800000010", changedOn = "2026-02-25" });
        Assert.That((late["variables"]!["late"]!.GetValue<bool>(), late["variables"]!["daysLate"]!.GetValue<int>()), Is.EqualTo((true, 3)));
        Assert.That((await s.EmailsAsync(late["id"]!.GetValue<string>())).Where(e => e.Subject.StartsWith("【责任人变更", StringComparison.Ordinal)).Select(e => e.Subject), Is.EqualTo(new[] { "【责任人变更逾期报告】jsj" }));
        Assert.That((await s.EmailsAsync(onTime["id"]!.GetValue<string>())).Where(e => e.Subject.StartsWith("【责任人变更", StringComparison.Ordinal)).Select(e => e.Subject), Is.EqualTo(new[] { "【责任人变更】jsj" }));
        await s.CompleteAsync(s.Office, late["id"]!.GetValue<string>(), "Task_Acknowledge", new { acknowledged = true, acknowledgeNote = "已更新通讯录" });

        var changes = (await s.GetAsync(s.Office, "/api/person-changes")).AsArray();
        Assert.That(changes.Select(c => (c!["newPerson"]!.GetValue<string>(), c["late"]!.GetValue<bool>(), c["status"]!.GetValue<string>())).OrderBy(c => c.Item1),
            Is.EqualTo(new[] { ("吴安全", true, "acknowledged"), ("周安全", false, "reported") }));
        var letter = (await s.GetAsync(s.Unit, "/api/letters")).AsArray().Single()!;
        Assert.That((letter["responsiblePerson"]!.GetValue<string>(), letter["responsiblePhone"]!.GetValue<string>()), Is.EqualTo(("吴安全", "13800000010")));
    }

    private sealed record SignedVariables(
        string signer, string signedOn, string validUntil, string responsiblePerson, string responsiblePhone, string securityAdministrator, string systemName, bool confirmRead);

    private static SignedVariables Signed() => new("王院长", "2026-03-02", "2026-12-31", "李安全", "13800000001", "周管理员", "jsj.zzut.edu.cn 学院网站", true);
}
