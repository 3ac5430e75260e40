using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain.Compliance;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>
/// The ledger queries the scans, the compliance overview and the endpoints call, on a real SQLite file: a query selects
/// exactly the rows the records' own rules say (one rule, in SQL and in memory).
/// </summary>
public sealed class LedgerQueriesTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    [Test]
    public async Task TheEvaluationScanSelectsExactlyTheSystemsWhoseRecordsSayTheyAreDue()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        var systems = new List<InformationSystemRecord>();
        foreach (var status in Enum.GetValues<SystemStatus>())
        {
            foreach (var level in new[] { 1, 2, 3, 4 })
            {
                foreach (var days in new int?[] { null, -10, 0, 29, 30, 31, 200 })
                {
                    systems.Add(new InformationSystemRecord
                    {
                        Id = Guid.CreateVersion7(), Name = "s", UnitCode = "jsj", ProposedLevel = level, ApprovedLevel = days == 200 ? 1 : null, Status = status,
                        NextEvaluationDue = days is { } d ? Today.AddDays(d) : null,
                    });
                }
            }
        }

        await database.WithAsync(async db =>
        {
            db.Systems.AddRange(systems);
            await db.SaveChangesAsync();
        });

        var selected = await database.WithAsync(sp => sp.GetRequiredService<SystemLedger>().DueForEvaluationAsync(Today));
        var expected = systems.Where(s => s.IsEvaluationDue(Today.AddDays(30))).Select(s => s.Id).Order().ToList();
        Assert.That(selected.Select(s => s.Id).Order(), Is.EqualTo(expected));
        Assert.That(expected, Has.Count.EqualTo(3 * 5), "levels 2–4, accepted: never evaluated, overdue, today, in 29 and in 30 days");
    }

    [Test]
    public async Task TheLeadWindowIsTheConfiguredOne()
    {
        await using var database = await LedgerDatabase.CreateAsync(s => s.Configure<ScanOptions>(o => o.EvaluationLeadDays = 10));
        await database.WithAsync(async db =>
        {
            db.Systems.Add(new InformationSystemRecord { Id = Guid.CreateVersion7(), Name = "s", UnitCode = "jsj", ProposedLevel = 3, Status = SystemStatus.Accepted, NextEvaluationDue = Today.AddDays(11) });
            await db.SaveChangesAsync();
        });
        var ledger = (IServiceProvider sp) => sp.GetRequiredService<SystemLedger>();
        Assert.That(await database.WithAsync(sp => ledger(sp).DueForEvaluationAsync(Today)), Is.Empty);
        Assert.That(await database.WithAsync(sp => ledger(sp).DueForEvaluationAsync(Today.AddDays(1))), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TheReregistrationAndServicePeriodScansSelectExactlyTheVmsWhoseRecordsSaySo()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        var vms = new List<VmRecord>();
        foreach (var status in Enum.GetValues<VmStatus>())
        {
            foreach (var days in new int?[] { null, -400, -1, 0, 1, 30, 31 })
            {
                vms.Add(new VmRecord
                {
                    Id = Guid.CreateVersion7(), UnitCode = "jsj", Status = status, NextRegistrationDue = days is { } d ? Today.AddDays(d) : null,
                    ServiceFrom = Today.AddYears(-1), ServiceTo = Today.AddDays(days ?? 5),
                });
            }
        }

        await database.WithAsync(async db =>
        {
            db.Vms.AddRange(vms);
            await db.SaveChangesAsync();
        });

        var due = await database.WithAsync(sp => sp.GetRequiredService<VmLedger>().DueForRegistrationAsync(Today));
        var expectedDue = vms.Where(v => v.IsRegistrationDue(Today)).Select(v => v.Id).Order().ToList();
        Assert.That(due.Select(v => v.Id).Order(), Is.EqualTo(expectedDue));
        Assert.That(expectedDue, Has.Count.EqualTo(3), "active, due 400 days ago, yesterday and today");

        var ending = await database.WithAsync(sp => sp.GetRequiredService<VmLedger>().ServicePeriodEndingAsync(Today));
        var expectedEnding = vms.Where(v => VmRecord.ServicePeriodEndsWithin.IsSatisfiedBy(v, new DateWindow(Today, Today.AddDays(30)))).Select(v => v.Id).Order().ToList();
        Assert.That(ending.Select(v => v.Id).Order(), Is.EqualTo(expectedEnding));
        Assert.That(expectedEnding, Has.Count.EqualTo(4), "active, ending today, tomorrow, in 5 and in 30 days");
    }

    [Test]
    public async Task TheComplianceFiguresCountByTheRecordsRules()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        var overdue = new InformationSystemRecord { Id = Guid.CreateVersion7(), Name = "教务", UnitCode = "jsj", ProposedLevel = 3, Status = SystemStatus.Accepted, FilingNumber = "41-001", NextEvaluationDue = Today.AddDays(-1), LastEvaluationDate = Today.AddYears(-1).AddDays(-1) };
        var dueSoon = new InformationSystemRecord { Id = Guid.CreateVersion7(), Name = "一卡通", UnitCode = "jsj", ProposedLevel = 3, Status = SystemStatus.Accepted, NextEvaluationDue = Today.AddDays(20) };
        var incident = new IncidentRecord { Id = Guid.CreateVersion7(), UnitCode = "jsj", Phase = IncidentPhase.Closed, ReportingStatus = ReportingStatus.Missed };
        await database.WithAsync(async db =>
        {
            db.Systems.AddRange(
                overdue,
                dueSoon,
                new InformationSystemRecord { Id = Guid.CreateVersion7(), Name = "门户", UnitCode = "wxy", ProposedLevel = 2, Status = SystemStatus.Accepted, NextEvaluationDue = Today.AddDays(90) },
                new InformationSystemRecord { Id = Guid.CreateVersion7(), Name = "旧系统", UnitCode = "wxy", ProposedLevel = 3, Status = SystemStatus.Retired, NextEvaluationDue = Today.AddDays(-100) });
            db.Vms.AddRange(
                new VmRecord { Id = Guid.CreateVersion7(), UnitCode = "jsj", Status = VmStatus.ReclaimPending, ConsecutiveMissedYears = 3, ServerName = "vm-a" },
                new VmRecord { Id = Guid.CreateVersion7(), UnitCode = "jsj", Status = VmStatus.Active, ConsecutiveMissedYears = 1 },
                new VmRecord { Id = Guid.CreateVersion7(), UnitCode = "wxy", Status = VmStatus.Reclaimed, ConsecutiveMissedYears = 3 });
            db.Websites.AddRange(
                new WebsiteRecord { Id = Guid.CreateVersion7(), UnitCode = "jsj", Domain = "a.zzut.edu.cn", Status = WebsiteStatus.Checking },
                new WebsiteRecord { Id = Guid.CreateVersion7(), UnitCode = "jsj", Domain = "b.zzut.edu.cn", Status = WebsiteStatus.Online });
            db.Incidents.AddRange(incident, new IncidentRecord { Id = Guid.CreateVersion7(), UnitCode = "wxy", Phase = IncidentPhase.Emergency });
            db.Accountability.Add(incident.RecordAccountability(AccountabilityKind.Interview, "王院长", "漏报", "bangongshi", new LedgerAct(Now, Today)));
            db.RectificationNotices.Add(new RectificationNoticeRecord { Id = Guid.CreateVersion7(), UnitCode = "jsj", Findings = "弱口令", IssuedDate = Today.AddDays(-30), Deadline = Today.AddDays(-1) });
            db.Criticisms.Add(UnitCriticismRecord.Record("jsj", "逾期未整改", null, new LedgerAct(Now, Today, "lingdao")));
            await db.SaveChangesAsync();
        });

        var figures = await database.WithAsync(sp => sp.GetRequiredService<ComplianceOverview>().ComputeAsync(Today));
        Assert.That(figures.SystemsByLevel, Is.EqualTo(new[] { new LevelFigures(2, 1, 0, 0, 0, 0), new LevelFigures(3, 2, 1, 1, 1, 1) }), "the retired system is not counted");
        Assert.That((figures.OverdueEvaluations.Single().Id, figures.EvaluationsDueSoon.Single().Id), Is.EqualTo((overdue.Id, dueSoon.Id)));
        Assert.That(figures.OpenNotices.Single().IsPastDeadline(Today), Is.True);
        Assert.That(figures.VmsByStatus.Select(p => (p.Key.ToWire(), p.Value)), Is.EqualTo(new[] { ("active", 1), ("reclaim-pending", 1), ("reclaimed", 1) }));
        Assert.That(figures.VmsByMissedYears.Select(p => (p.Key, p.Value)), Is.EqualTo(new[] { (1, 1), (3, 1) }), "reclaimed VMs are not counted");
        Assert.That(figures.PendingReclamation.Single().ServerName, Is.EqualTo("vm-a"));
        Assert.That(figures.WebsitesAwaitingChecks.Single().Domain, Is.EqualTo("a.zzut.edu.cn"));
        Assert.That(figures.IncidentsByReportingStatus.Select(p => (p.Key, p.Value)), Is.EqualTo(new[] { (ReportingStatus.OnTime, 1), (ReportingStatus.Missed, 1), (ReportingStatus.Concealed, 0) }));
        Assert.That((figures.OpenIncidents, figures.Interviews, figures.Circulars, figures.Criticisms.Single().DecidedBy), Is.EqualTo((1, 1, 0, "lingdao")));
    }

    [Test]
    public async Task AChangedPeriodMovesTheNextEvaluationOfTheLevelsSystems()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        var id = Guid.CreateVersion7();
        await database.WithAsync(async sp =>
        {
            var editor = sp.GetRequiredService<LedgerEditor>();
            var system = LedgerEditor.New<InformationSystemRecord>(Now);
            system.Id = id;
            await editor.ApplyAsync(system, new JsonObject { ["unitCode"] = "jsj", ["name"] = "一卡通", ["proposedLevel"] = 3, ["status"] = "accepted", ["lastEvaluationDate"] = "2026-01-15" }, Now, created: true);
            Assert.That((system.NextEvaluationDue, system.Revision), Is.EqualTo(((DateOnly?)new DateOnly(2027, 1, 15), 1)), "level 3: the policy's 12 months");
            var db = sp.GetRequiredService<LedgerDbContext>();
            db.Add(system);
            await db.SaveChangesAsync();
            return true;
        });

        await database.WithAsync(sp => sp.GetRequiredService<SystemLedger>().SetEvaluationPeriodAsync(3, 6, recompute: true, Now.AddDays(1)));
        await database.WithAsync(async db =>
        {
            var system = await db.Systems.SingleAsync();
            Assert.That((system.NextEvaluationDue, system.Revision), Is.EqualTo(((DateOnly?)new DateOnly(2026, 7, 15), 2)));
        });
    }

    [Test]
    public async Task AUnitOwningAnyLedgerRowIsKnownAsAnOwner()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        await database.WithAsync(async db =>
        {
            db.Vms.Add(new VmRecord { Id = Guid.CreateVersion7(), UnitCode = "wxy", Status = VmStatus.Active });
            await db.SaveChangesAsync();
        });

        var owners = await database.WithAsync(async sp =>
        {
            var directory = sp.GetRequiredService<UnitDirectory>();
            return (await directory.OwnsLedgerRowsAsync("jsj"), await directory.OwnsLedgerRowsAsync("wxy"));
        });
        Assert.That(owners, Is.EqualTo((false, true)), "a VM is a ledger row too");
    }

    [Test]
    public async Task TheEditorRefusesUnknownFieldsFirstThenReportsEveryBrokenRuleTogether()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        await database.WithAsync(async sp =>
        {
            var editor = sp.GetRequiredService<LedgerEditor>();
            var system = LedgerEditor.New<InformationSystemRecord>(Now);
            var unknown = (await Assert.ThrowsAsync<LedgerValidationException>(() => editor.ApplyAsync(system, new JsonObject { ["colour"] = "blue", ["status"] = "flying" }, Now, created: true)))!;
            Assert.That(unknown.Errors.Keys, Is.EqualTo(new[] { "colour" }));

            var invalid = (await Assert.ThrowsAsync<LedgerValidationException>(() => editor.ApplyAsync(system, new JsonObject { ["unitCode"] = "nosuch", ["name"] = "x", ["proposedLevel"] = 9, ["status"] = "flying" }, Now, created: true)))!;
            Assert.That(invalid.Errors.Keys, Is.EquivalentTo(new[] { "unitCode", "proposedLevel", "status" }));
            Assert.That(invalid.Errors["status"].Single(), Does.Contain("applying, reviewing, building, trial, evaluating, accepted, retired"));
            Assert.That((system.Status, system.Revision), Is.EqualTo((SystemStatus.Applying, 0)), "the status was left as it was, nothing stamped");
            return true;
        });
    }
}
