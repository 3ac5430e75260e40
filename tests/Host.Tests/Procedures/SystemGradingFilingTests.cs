using System.Net;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Procedures;

/// <summary>P1: system construction, grading and filing (system-grading-filing), through the HTTP API with a fake clock.</summary>
public sealed class SystemGradingFilingTests
{
    private const string Officer = "anquan@jsj.zzut.edu.cn";

    [Test]
    public async Task ALevelOneSystemSkipsFilingAndEvaluationAfterTheExpertsReturnedItOnce()
    {
        using var s = await Scenario.CreateAsync();
        var instance = await s.StartAsync(s.Unit, "system-grading-filing", Application(level: 1));
        var id = instance["id"]!.GetValue<string>();
        var systemPath = $"/api/systems/{instance["variables"]!["systemId"]!.GetValue<string>()}";
        var system = await s.GetAsync(s.Unit, systemPath);
        Assert.That((system["status"]!.GetValue<string>(), system["proposedLevel"]!.GetValue<int>(), system["unitCode"]!.GetValue<string>()), Is.EqualTo(("applying", 1, "jsj")));
        Assert.That((await s.TaskAsync(s.Head, id, "Task_HeadApproval"))["candidateGroups"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("head:jsj"), "the unit's head approves the application");
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意申报" });

        var review = await s.TaskAsync(s.Expert, id, "Task_ExpertReview");
        Assert.That(review["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start.AddDays(14)));
        Assert.That((await s.EmailsAsync(id)).Count(e => e.To.Contains("experts@zzut.edu.cn", StringComparison.Ordinal) && e.To.Contains("leading-group@zzut.edu.cn", StringComparison.Ordinal)), Is.EqualTo(1),
            "the experts are told (with the leading group) once the head approved");
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "return", expertOpinion = "预算偏高" });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "压缩预算", budget = 80000 });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_ExpertReview" }), "back to the experts");
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "approve", expertOpinion = "同意" });
        Assert.That((await s.GetAsync(s.Unit, systemPath))["status"]!.GetValue<string>(), Is.EqualTo("reviewing"));
        await s.CompleteAsync(s.Center, id, "Task_CenterGrading", new { suggestedLevel = 1, gradingOpinion = "仅校内使用，建议一级" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_SecurityReview", new { decision = "approve", approvedLevel = 1, reviewOpinion = "定为一级" });

        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_Hosting" }), "level 1: no filing");
        await BuildAndTrialAsync(s, id);
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_AcceptanceCheck" }), "level 1: no evaluation");
        await s.CompleteAsync(s.Center, id, "Task_AcceptanceCheck", new { checkResult = "passed", checkOpinion = "安全措施已落实" });

        // The center prepared; the leading group decides (Art. 18): the center cannot take the acceptance itself.
        var acceptance = await s.TaskAsync(s.LeadingGroup, id, "Task_CompletionAcceptance");
        Assert.That(acceptance["candidateGroups"]!.AsArray().Select(g => g!.GetValue<string>()), Is.EqualTo(new[] { "role:leading-group" }));
        Assert.That((await s.Center.GetAsync($"/api/tasks/{acceptance["id"]}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var byCenter = await s.Center.PostJsonAsync($"/api/tasks/{acceptance["id"]}/complete", new { variables = new { decision = "approve", completionAcceptanceDate = "2026-06-30", headLetterSigned = true } });
        Assert.That(byCenter.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the center cannot complete the leading group's completion acceptance");
        var done = await s.CompleteAsync(s.LeadingGroup, id, "Task_CompletionAcceptance", new { decision = "approve", completionAcceptanceDate = "2026-06-30", headLetterSigned = true });

        Assert.That(done["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        system = await s.GetAsync(s.Unit, systemPath);
        Assert.That(system["status"]!.GetValue<string>(), Is.EqualTo("accepted"));
        Assert.That(system["approvedLevel"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(system["budget"]!.GetValue<decimal>(), Is.EqualTo(80000m), "the revised budget");
        Assert.That(system["filingNumber"], Is.Null);
        Assert.That(system["lastEvaluationDate"], Is.Null);
        Assert.That(system["nextEvaluationDue"], Is.Null, "level 1 is never evaluated");
        Assert.That(system["completionAcceptanceDate"]!.GetValue<string>(), Is.EqualTo("2026-06-30"));
        Assert.That(system["preliminaryAcceptanceDate"]!.GetValue<string>(), Is.EqualTo("2026-06-01"));
        var entered = await s.HistoryElementsAsync(id, "element.entered");
        Assert.That(entered, Does.Not.Contain("Task_File").And.Not.Contain("Task_Evaluation"));
        Assert.That(entered.Count(e => e == "Task_ExpertReview"), Is.EqualTo(2));
        var completedBy = (await s.GetAsync(s.Admin, $"/api/instances/{id}/history")).AsArray()
            .Where(h => h!["type"]!.GetValue<string>() == "task.completed")
            .ToLookup(h => h!["elementId"]!.GetValue<string>(), h => h!["actor"]!.GetValue<string>());
        Assert.That((completedBy["Task_CenterGrading"].Single(), completedBy["Task_SecurityReview"].Single(), completedBy["Task_AcceptanceCheck"].Single(), completedBy["Task_CompletionAcceptance"].Single()),
            Is.EqualTo(("zhongxin", "lingdao", "zhongxin", "lingdao")), "the center's findings and the leading group's decisions, each recorded");
        Assert.That(await s.EmailsAsync(id), Does.Contain((Officer, string.Empty, "【已验收】教务管理系统")));
    }

    [Test]
    public async Task ALevelThreeSystemIsFiledAfterAReminderAndAnEscalationAndIsEvaluatedWithRectification()
    {
        using var s = await Scenario.CreateAsync();
        var instance = await s.StartAsync(s.Unit, "system-grading-filing", Application(level: 3));
        var id = instance["id"]!.GetValue<string>();
        var systemPath = $"/api/systems/{instance["variables"]!["systemId"]!.GetValue<string>()}";
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意申报" });
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "approve", expertOpinion = "同意" });

        // The leading group returns the plan once; the revision goes straight back to the center's grading and the review.
        await s.CompleteAsync(s.Center, id, "Task_CenterGrading", new { suggestedLevel = 3, gradingOpinion = "涉及全校师生个人信息，建议三级" });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_SecurityReview" }));
        Assert.That((await (await s.Center.GetAsync($"/api/tasks?instanceId={id}&status=open")).ReadJsonAsync()).AsArray(), Is.Empty, "the review is the leading group's");
        await s.CompleteAsync(s.LeadingGroup, id, "Task_SecurityReview", new { decision = "return", approvedLevel = 3, reviewOpinion = "补充等保三级措施" });
        await s.CompleteAsync(s.Unit, id, "Task_Revise", new { revisionNote = "已补充", proposedLevel = 3 });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_CenterGrading" }));
        await s.CompleteAsync(s.Center, id, "Task_CenterGrading", new { suggestedLevel = 3, gradingOpinion = "措施已补充" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_SecurityReview", new { decision = "approve", approvedLevel = 3, reviewOpinion = "定为三级" });
        var system = await s.GetAsync(s.Unit, systemPath);
        Assert.That((system["approvedLevel"]!.GetValue<int>(), system["status"]!.GetValue<string>(), system["levelApprovedDate"]!.GetValue<string>()), Is.EqualTo((3, "building", "2026-03-02")));

        var filing = await s.TaskAsync(s.Office, id, "Task_File");
        Assert.That(filing["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start.AddDays(30)), "30 days from the level");
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(25) - TimeSpan.FromSeconds(1)), Is.Zero);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromSeconds(1)), Is.EqualTo(1));
        var reminder = (await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【备案提醒】", StringComparison.Ordinal));
        Assert.That(reminder.To, Does.Contain("leading-group@zzut.edu.cn").And.Contain("office@zzut.edu.cn"));
        Assert.That((await s.EmailsAsync(id)).Any(e => e.Subject.StartsWith("【逾期未备案】", StringComparison.Ordinal)), Is.False);
        Assert.That(await s.AdvanceAsync(TimeSpan.FromDays(5)), Is.EqualTo(1));
        var escalation = (await s.EmailsAsync(id)).Single(e => e.Subject.StartsWith("【逾期未备案】", StringComparison.Ordinal));
        Assert.That((escalation.To, escalation.Cc), Is.EqualTo(("leading-group@zzut.edu.cn", "office@zzut.edu.cn")));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_File" }), "escalation does not end the filing task");

        await s.CompleteAsync(s.LeadingGroup, id, "Task_File", new { filingNumber = "41010099999-26001", filingDate = "2026-04-03" });
        system = await s.GetAsync(s.Unit, systemPath);
        Assert.That((system["filingNumber"]!.GetValue<string>(), system["filingDate"]!.GetValue<string>()), Is.EqualTo(("41010099999-26001", "2026-04-03")));

        await BuildAndTrialAsync(s, id);
        Assert.That((await s.GetAsync(s.Unit, systemPath))["status"]!.GetValue<string>(), Is.EqualTo("evaluating"));
        // The evaluation is the leading group's together with the center (Art. 18): the center records, the group confirms.
        await s.CompleteAsync(s.Center, id, "Task_Evaluation", new { evaluationOrganization = "河南省信息安全测评中心", evaluationDate = "2026-06-10", conclusion = "basically-conform", score = 82, findings = "弱口令；日志保存不足 6 个月" });
        Assert.That((await s.GetAsync(s.Unit, systemPath))["lastEvaluationDate"], Is.Null, "not recorded before the leading group confirms it");
        await s.CompleteAsync(s.LeadingGroup, id, "Task_EvaluationReview", new { decision = "approve", evaluationOpinion = "确认测评结论，限期整改" });

        // Findings: a deadline rectification notice (Art. 35) with a plan, a reminder and, once overdue, the leading group.
        await s.CompleteAsync(s.Center, id, "Task_IssueNotice", new { noticeNumber = "ZG-2026-007", requirements = "修改弱口令；日志保存不少于 6 个月", deadline = "2026-06-26" });
        var notice = (await s.GetAsync(s.Unit, "/api/rectification-notices")).AsArray().Single()!;
        Assert.That((notice["status"]!.GetValue<string>(), notice["deadline"]!.GetValue<string>(), notice["systemId"]!.GetValue<string>()),
            Is.EqualTo(("open", "2026-06-26", instance["variables"]!["systemId"]!.GetValue<string>())));
        Assert.That((await s.EmailsAsync(id)).Single(e => e.Subject == "【限期整改通知书】教务管理系统").To, Is.EqualTo(Officer));
        await s.CompleteAsync(s.Unit, id, "Task_Plan", new { rectificationPlan = "两周内完成" });
        Assert.That((await s.TaskAsync(s.Unit, id, "Task_Rectify"))["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(new DateTimeOffset(2026, 6, 26, 23, 59, 59, TimeSpan.FromHours(8))));
        await s.AdvanceAsync(new DateTimeOffset(2026, 6, 27, 0, 0, 0, TimeSpan.FromHours(8)) - s.Now);
        var emails = await s.EmailsAsync(id);
        Assert.That((emails.Count(e => e.Subject == "【整改提醒】教务管理系统"), emails.Count(e => e.Subject == "【逾期未整改】教务管理系统")), Is.EqualTo((1, 1)));
        Assert.That((await s.GetAsync(s.Office, $"/api/rectification-notices/{notice["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("overdue"));
        await s.CompleteAsync(s.LeadingGroup, id, "Task_Criticism", new { criticise = "yes", reason = "逾期未完成整改" });
        Assert.That((await s.GetAsync(s.Unit, "/api/criticisms")).AsArray().Single()!["noticeId"]!.GetValue<string>(), Is.EqualTo(notice["id"]!.GetValue<string>()));

        await s.CompleteAsync(s.Unit, id, "Task_Rectify", new { rectificationSummary = "已修改口令" });
        await s.CompleteAsync(s.Center, id, "Task_Recheck", new { decision = "return", verifyNote = "日志仍不足" });
        await s.CompleteAsync(s.Unit, id, "Task_Rectify", new { rectificationSummary = "日志保存延长至 12 个月" });
        await s.CompleteAsync(s.Center, id, "Task_Recheck", new { decision = "approve" });
        Assert.That((await s.GetAsync(s.Office, $"/api/rectification-notices/{notice["id"]}"))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        await s.CompleteAsync(s.Center, id, "Task_AcceptanceCheck", new { checkResult = "passed", checkOpinion = "整改到位" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_CompletionAcceptance", new { decision = "approve", completionAcceptanceDate = "2026-07-01", headLetterSigned = true, vendorLetterSigned = true });

        system = await s.GetAsync(s.Unit, systemPath);
        Assert.That(system["status"]!.GetValue<string>(), Is.EqualTo("accepted"));
        Assert.That(system["lastEvaluationDate"]!.GetValue<string>(), Is.EqualTo("2026-06-10"));
        Assert.That(system["nextEvaluationDue"]!.GetValue<string>(), Is.EqualTo("2027-06-10"), "level 3: every 12 months");
        Assert.That(system["instances"]!.AsArray().Single()!["definitionKey"]!.GetValue<string>(), Is.EqualTo("system-grading-filing"));
        Assert.That((await s.HistoryElementsAsync(id, "element.entered")).Count(e => e == "Task_Rectify"), Is.EqualTo(2));
    }

    [Test]
    public async Task ALevelOfSevenAnUnknownUnitOrAMissingNameIsRefusedAndNothingIsWritten()
    {
        using var s = await Scenario.CreateAsync();
        async Task<string[]> RefusedAsync(HttpClient client, object variables)
        {
            var response = await client.PostJsonAsync("/api/instances", new { definitionKey = "system-grading-filing", variables });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
            return [.. (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key)];
        }

        Assert.That(await RefusedAsync(s.Unit, Application(level: 7)), Is.EqualTo(new[] { "proposedLevel" }));
        Assert.That(await RefusedAsync(s.Unit, Application(level: 0)), Is.EqualTo(new[] { "proposedLevel" }));
        Assert.That(await RefusedAsync(s.Center, Application(level: 2) with { unitCode = "nosuch" }), Is.EqualTo(new[] { "unitCode" }));
        Assert.That(await RefusedAsync(s.Unit, Application(level: 2) with { systemName = " " }), Is.EqualTo(new[] { "systemName" }));
        Assert.That(await RefusedAsync(s.Unit, new { unitCode = "jsj", systemName = "x", proposedLevel = "three" }), Is.SupersetOf(new[] { "proposedLevel", "businessNeed", "budget", "gradingReport" }));

        Assert.That((await s.GetAsync(s.Admin, "/api/instances?definitionKey=system-grading-filing")).AsArray(), Is.Empty);
        Assert.That((await s.GetAsync(s.Admin, "/api/systems")).AsArray(), Is.Empty);
    }

    [Test]
    public async Task ATaskCompletionWithALevelOutOfRangeIsRefusedAndTheTaskStaysOpen()
    {
        using var s = await Scenario.CreateAsync();
        var id = (await s.StartAsync(s.Unit, "system-grading-filing", Application(level: 2)))["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意" });
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "approve", expertOpinion = "同意" });
        await s.CompleteAsync(s.Center, id, "Task_CenterGrading", new { suggestedLevel = 2, gradingOpinion = "建议二级" });
        var task = await s.TaskAsync(s.LeadingGroup, id, "Task_SecurityReview");
        var response = await s.LeadingGroup.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { variables = new { decision = "maybe", approvedLevel = 7, reviewOpinion = "?" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "decision", "approvedLevel" }));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_SecurityReview" }));
    }

    /// <summary>Drives a new system of <paramref name="level"/> (2 or more) to P1's hosting step; returns the instance and its ledger path.</summary>
    private static async Task<(string Id, string SystemPath)> ToHostingAsync(Scenario s, int level)
    {
        var instance = await s.StartAsync(s.Unit, "system-grading-filing", Application(level));
        var id = instance["id"]!.GetValue<string>();
        await s.CompleteAsync(s.Head, id, "Task_HeadApproval", new { decision = "approve", headOpinion = "同意申报" });
        await s.CompleteAsync(s.Expert, id, "Task_ExpertReview", new { decision = "approve", expertOpinion = "需求合理" });
        await s.CompleteAsync(s.Center, id, "Task_CenterGrading", new { suggestedLevel = level, gradingOpinion = "同意自主定级" });
        await s.CompleteAsync(s.LeadingGroup, id, "Task_SecurityReview", new { decision = "approve", approvedLevel = level, reviewOpinion = "同意" });
        await s.CompleteAsync(s.Office, id, "Task_File", new { filingNumber = "41010099001-26001", filingDate = "2026-01-20" });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_Hosting" }));
        return (id, $"/api/systems/{instance["variables"]!["systemId"]!.GetValue<string>()}");
    }

    [Test]
    public async Task ALevelThreeSystemChoosingAHostedServerRunsTheExpertsThenFilesTheServerAsACalledInstanceAndContinuesWhenItEnds()
    {
        using var s = await Scenario.CreateAsync();
        var (id, systemPath) = await ToHostingAsync(s, level: 3);

        // A hosted server is the exception (Art. 19): the experts argue the hardware need before anything is bought.
        await s.CompleteAsync(s.Center, id, "Task_Hosting", new { hostingType = "hosted-server", hostingNote = "需要 GPU 训练" });
        var experts = await s.TaskAsync(s.Expert, id, "Task_HostingExperts");
        Assert.That(experts["candidateGroups"]!.AsArray().Select(g => g!.GetValue<string>()), Is.EquivalentTo(new[] { "role:expert", "role:leading-group" }));
        Assert.That((await s.InstanceAsync(id))["calledInstances"]!.AsArray(), Is.Empty, "nothing is filed before the experts agree");
        await s.CompleteAsync(s.Expert, id, "Task_HostingExperts", new { hostingDecision = "approve", hostingExpertOpinion = "确需 GPU 服务器，同意采购托管" });

        // The unit fills the filing form (Att. 8) without its unit code, which P1 passes on; the filing runs as a child.
        var filing = HostedServerFilingTests.Filing();
        var withUnit = await s.Unit.PostJsonAsync($"/api/tasks/{(await s.TaskAsync(s.Unit, id, "Task_HostedServerRequest"))["id"]}/complete", new { variables = filing });
        Assert.That(withUnit.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the unit code is not on the task's form");
        var after = await s.CompleteAsync(s.Unit, id, "Task_HostedServerRequest", new
        {
            filing.applicant, filing.applicantContact, filing.serverConfiguration, filing.securityDevices, filing.hostingFrom, filing.hostingTo, filing.purpose,
            filing.securityOfficer, filing.securityOfficerPhone, filing.systemAdministrator, filing.systemAdministratorPhone, filing.responsibilityLetterSigned,
        });
        Assert.That(after["activeElementIds"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "Call_HostedServerFiling" }), "P1 waits for the child");
        var child = await CalledAsync(s, id, "Call_HostedServerFiling");
        var childInstance = await s.InstanceAsync(child);
        Assert.That((childInstance["definitionKey"]!.GetValue<string>(), childInstance["parentInstanceId"]!.GetValue<string>(), childInstance["variables"]!["unitCode"]!.GetValue<string>()),
            Is.EqualTo(("hosted-server-filing", id, "jsj")));
        Assert.That(childInstance["variables"]!["serverConfiguration"]!.GetValue<string>(), Is.EqualTo(filing.serverConfiguration));

        // The child: the head signs, and goes on without a second argumentation; the experts' opinion is recorded in its ledger.
        await s.CompleteAsync(s.Head, child, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意托管" });
        Assert.That(await s.ActiveAsync(child), Is.EqualTo(new[] { "Task_CenterReview" }), "the experts already argued the need at project approval");
        var server = await s.GetAsync(s.Unit, $"/api/hosted-servers/{childInstance["variables"]!["hostedServerId"]!.GetValue<string>()}");
        Assert.That(server["expertOpinion"]!.GetValue<string>(), Is.EqualTo("确需 GPU 服务器，同意采购托管"));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Call_HostedServerFiling" }), "P1 still waits");

        // When the child ends, P1 takes the server back, records where the system runs, and the unit builds.
        await s.CompleteAsync(s.Center, child, "Task_CenterReview", new { decision = "approve", serverName = "jwxt-gpu-01", ipAddress = "10.10.20.8", handler = "李工", centerResponsible = "张主任" });
        Assert.That((await s.InstanceAsync(child))["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_Build" }));
        var parent = await s.InstanceAsync(id);
        Assert.That(parent["variables"]!["hostedServerId"]!.GetValue<string>(), Is.EqualTo(childInstance["variables"]!["hostedServerId"]!.GetValue<string>()));
        var system = await s.GetAsync(s.Unit, systemPath);
        Assert.That((system["deployment"]!.GetValue<string>(), system["address"]!.GetValue<string>()), Is.EqualTo(("hosted-server", "10.10.20.8")));
        Assert.That(await s.HistoryElementsAsync(id, "call.completed"), Is.EqualTo(new[] { "Call_HostedServerFiling" }));
    }

    [Test]
    public async Task WhenTheExpertsRefuseAHostedServerTheSystemGetsACampusVmThroughACalledVmApplication()
    {
        using var s = await Scenario.CreateAsync();
        var (id, systemPath) = await ToHostingAsync(s, level: 2);
        await s.CompleteAsync(s.Center, id, "Task_Hosting", new { hostingType = "hosted-server" });
        await s.CompleteAsync(s.Expert, id, "Task_HostingExperts", new { hostingDecision = "reject", hostingExpertOpinion = "虚拟机可满足需求" });
        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_VmRequest" }), "the default: a campus cloud VM");
        await s.CompleteAsync(s.Unit, id, "Task_VmRequest", VmRequest());
        var vm = await CalledAsync(s, id, "Call_VmApplication");
        Assert.That((await s.InstanceAsync(vm))["variables"]!["memoryGb"]!.GetValue<int>(), Is.EqualTo(32));
        await s.CompleteAsync(s.Head, vm, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Center, vm, "Task_CenterApproval", new { decision = "approve", approver = "张主任" });
        await s.CompleteAsync(s.Center, vm, "Task_Provision", new { serverName = "jwxt-01", ipAddress = "10.10.1.20", handler = "李工" });

        Assert.That(await s.ActiveAsync(id), Is.EqualTo(new[] { "Task_Build" }));
        var vmId = (await s.InstanceAsync(id))["variables"]!["vmId"]!.GetValue<string>();
        Assert.That((await s.GetAsync(s.Unit, $"/api/vms/{vmId}"))["status"]!.GetValue<string>(), Is.EqualTo("active"), "the VM is in its ledger, filed for the year");
        var system = await s.GetAsync(s.Unit, systemPath);
        Assert.That((system["deployment"]!.GetValue<string>(), system["address"]!.GetValue<string>()), Is.EqualTo(("cloud-vm", "10.10.1.20")));
    }

    [Test]
    public async Task CancellingTheConstructionCancelsTheVmApplicationItCalled()
    {
        using var s = await Scenario.CreateAsync();
        var (id, _) = await ToHostingAsync(s, level: 2);
        await s.CompleteAsync(s.Center, id, "Task_Hosting", new { hostingType = "cloud-vm" });
        await s.CompleteAsync(s.Unit, id, "Task_VmRequest", VmRequest());
        var vm = await CalledAsync(s, id, "Call_VmApplication");
        Assert.That(await s.ActiveAsync(vm), Is.EqualTo(new[] { "Task_HeadApproval" }));

        var cancelled = await s.Admin.PostAsync($"/api/instances/{id}/cancel", null);
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cancelled.Content.ReadAsStringAsync());
        Assert.That((await s.InstanceAsync(vm))["status"]!.GetValue<string>(), Is.EqualTo("cancelled"), "the child ends with its parent");
        Assert.That((await (await s.Head.GetAsync($"/api/tasks?instanceId={vm}&status=open")).ReadJsonAsync()).AsArray(), Is.Empty, "the head has nothing left to approve");
    }

    internal sealed record ApplicationVariables(string unitCode, string systemName, string businessNeed, int budget, int proposedLevel, string gradingReport);

    internal static ApplicationVariables Application(int level) =>
        new("jsj", "教务管理系统", "学生选课与成绩管理", 120000, level, "定级报告：业务信息与系统服务安全");

    /// <summary>The unit's application for a VM from P1's hosting step (vm-application's form without the unit, which P1 passes).</summary>
    internal static object VmRequest() => new
    {
        applicant = "李安全", applicantContact = "13800000001", vmType = "centos-7-64", vcpu = 8, memoryGb = 32, diskGb = 500,
        serviceFrom = "2026-05-01", serviceTo = "2029-04-30", purpose = "教务管理系统应用服务器", securityOfficer = "王院长",
        securityOfficerPhone = "0371-61910001", systemAdministrator = "张管理", systemAdministratorPhone = "0371-61910009", responsibilityLetterSigned = true,
    };

    /// <summary>The called instance P1's call activity <paramref name="elementId"/> started.</summary>
    private static async Task<string> CalledAsync(Scenario s, string id, string elementId)
    {
        var called = (await s.InstanceAsync(id))["calledInstances"]!.AsArray().Where(c => c!["elementId"]!.GetValue<string>() == elementId).ToList();
        Assert.That(called, Has.Count.EqualTo(1), $"one instance called from {elementId}");
        return called[0]!["id"]!.GetValue<string>();
    }

    /// <summary>P1's hosting step on a campus cloud VM: the center arranges it, the unit applies, vm-application runs as a called instance to the end.</summary>
    internal static async Task HostOnVmAsync(Scenario s, string id)
    {
        await s.CompleteAsync(s.Center, id, "Task_Hosting", new { hostingType = "cloud-vm" });
        await s.CompleteAsync(s.Unit, id, "Task_VmRequest", VmRequest());
        var vm = await CalledAsync(s, id, "Call_VmApplication");
        await s.CompleteAsync(s.Head, vm, "Task_HeadApproval", new { decision = "approve", unitOpinion = "同意" });
        await s.CompleteAsync(s.Center, vm, "Task_CenterApproval", new { decision = "approve", approver = "张主任" });
        await s.CompleteAsync(s.Center, vm, "Task_Provision", new { serverName = "jwxt-01", ipAddress = "10.10.1.20", handler = "李工" });
    }

    private static async Task BuildAndTrialAsync(Scenario s, string id)
    {
        await HostOnVmAsync(s, id);
        await s.CompleteAsync(s.Unit, id, "Task_Build", new { measuresInPlace = true, buildSummary = "已完成建设" });
        await s.CompleteAsync(s.Unit, id, "Task_TrialAcceptance", new { preliminaryAcceptanceDate = "2026-06-01", preliminaryAcceptanceReport = "试运行正常" });
    }
}
