using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Activities.Ledgers;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Ledgers;

/// <summary>Ledger activities write in the step's transaction: with the step, or not at all.</summary>
public sealed class LedgerStepTests
{
    private static string Definition() => Bpmn.Process("ledger-step", """
        <bpmn:startEvent id="Start" />
        <bpmn:serviceTask id="Register" camunda:type="external" camunda:topic="ledger.system.save">
          <bpmn:extensionElements><camunda:inputOutput>
            <camunda:inputParameter name="unitCode">jsj</camunda:inputParameter>
            <camunda:inputParameter name="name">${systemName}</camunda:inputParameter>
            <camunda:inputParameter name="proposedLevel">${level}</camunda:inputParameter>
          </camunda:inputOutput></bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:userTask id="Wait" />
        <bpmn:serviceTask id="Evaluate" camunda:type="external" camunda:topic="ledger.system.save">
          <bpmn:extensionElements><camunda:inputOutput>
            <camunda:inputParameter name="approvedLevel">${level}</camunda:inputParameter>
            <camunda:inputParameter name="lastEvaluationDate">${evaluated}</camunda:inputParameter>
            <camunda:inputParameter name="status">${status}</camunda:inputParameter>
          </camunda:inputOutput></bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:endEvent id="End" />
        """ + Bpmn.Flow("F1", "Start", "Register") + Bpmn.Flow("F2", "Register", "Wait") + Bpmn.Flow("F3", "Wait", "Evaluate") + Bpmn.Flow("F4", "Evaluate", "End"));

    private static async Task<EngineHarness> CreateAsync(FailingParticipant? failing = null, Zzut.Workflows.Activities.IActivity? activity = null)
    {
        var harness = await EngineHarness.CreateAsync(services =>
        {
            services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
            services.AddLedgers();
            if (activity is not null)
            {
                services.AddSingleton(activity);
            }

            if (failing is not null)
            {
                services.AddSingleton(failing);
                services.AddScoped<IStepParticipant>(sp => sp.GetRequiredService<FailingParticipant>());
            }
        });
        await using (var scope = harness.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            await db.Database.MigrateAsync();
            db.Units.Add(new UnitRecord { Code = "jsj", Name = "计算机与人工智能学院" });
            await db.SaveChangesAsync();
        }

        await harness.DeployAsync(Definition());
        return harness;
    }

    private static async Task<List<InformationSystemRecord>> SystemsAsync(EngineHarness harness)
    {
        await using var scope = harness.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Systems.AsNoTracking().ToListAsync();
    }

    [Test]
    public async Task TheRowIsWrittenWithTheStepAndLinkedToTheInstance()
    {
        await using var harness = await CreateAsync();
        var instance = await harness.StartAsync("ledger-step", new { systemName = "教务系统", level = 3 });
        var system = (await SystemsAsync(harness)).Single();
        Assert.That(instance.Variables["systemId"]!.GetValue<string>(), Is.EqualTo(system.Id.ToString()));
        Assert.That((system.Name, system.ProposedLevel, system.Status, system.Revision), Is.EqualTo(("教务系统", 3, SystemStatus.Applying, 1)));

        var task = await harness.SingleOpenTaskAsync(instance.Id);
        await harness.CompleteAsync(task, new { evaluated = "2026-06-10", status = "accepted" });
        system = (await SystemsAsync(harness)).Single();
        Assert.That((system.LastEvaluationDate, system.NextEvaluationDue, system.Status, system.Revision), Is.EqualTo((new DateOnly(2026, 6, 10), new DateOnly(2027, 6, 10), SystemStatus.Accepted, 2)));
        await using var scope = harness.Services.CreateAsyncScope();
        var links = await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Links.AsNoTracking().ToListAsync();
        Assert.That(links.Select(l => (l.InstanceId, l.ElementId)), Is.EqualTo(new[] { (instance.Id, "Register") }), "one link per instance, from the element that first wrote");
    }

    [Test]
    public async Task AnInvalidRowIsAnIncidentAtTheTaskAndTheRowKeepsItsLastValidState()
    {
        await using var harness = await CreateAsync();
        var instance = await harness.StartAsync("ledger-step", new { systemName = "教务系统", level = 3 });
        var task = await harness.SingleOpenTaskAsync(instance.Id);
        var after = await harness.CompleteAsync(task, new { evaluated = "2026-06-10", status = "flying", level = 9 });

        var incident = after.Incidents.Single();
        Assert.That(incident.ElementId, Is.EqualTo("Evaluate"));
        Assert.That(incident.Message, Does.Contain("status").And.Contain("approvedLevel"));
        var system = (await SystemsAsync(harness)).Single();
        Assert.That((system.Status, system.ApprovedLevel, system.LastEvaluationDate, system.Revision), Is.EqualTo((SystemStatus.Applying, (int?)null, (DateOnly?)null, 1)));
    }

    [Test]
    public async Task WhenTheStepCannotCommitNeitherTheInstanceNorTheRowIsWritten()
    {
        var failing = new FailingParticipant();
        await using var harness = await CreateAsync(failing);
        failing.Fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.StartAsync("ledger-step", new { systemName = "教务系统", level = 3 }));

        Assert.That(await SystemsAsync(harness), Is.Empty);
        Assert.That(await harness.WithDbAsync(db => db.Instances.CountAsync()), Is.Zero);
        Assert.That(await harness.WithDbAsync(db => db.History.CountAsync(h => !h.Stream.StartsWith("definition:"))), Is.Zero);
    }

    [Test]
    public async Task AnActivityThatFailsAfterWritingLeavesNoneOfItsWritesAndKeepsTheStepsEarlierOnes()
    {
        await using var harness = await CreateAsync(activity: new WritesThenFails());
        await harness.DeployAsync(Bpmn.Process("write-then-fail", """
            <bpmn:startEvent id="Start" />
            <bpmn:serviceTask id="Register" camunda:type="external" camunda:topic="ledger.system.save">
              <bpmn:extensionElements><camunda:inputOutput>
                <camunda:inputParameter name="unitCode">jsj</camunda:inputParameter>
                <camunda:inputParameter name="name">教务系统</camunda:inputParameter>
                <camunda:inputParameter name="proposedLevel">2</camunda:inputParameter>
              </camunda:inputOutput></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:serviceTask id="Break" camunda:type="external" camunda:topic="test.writes-then-fails" />
            <bpmn:endEvent id="End" />
            """ + Bpmn.Flow("F1", "Start", "Register") + Bpmn.Flow("F2", "Register", "Break") + Bpmn.Flow("F3", "Break", "End")));

        // One step: the row is added by Register, then Break renames it, adds a unit and fails.
        var instance = await harness.StartAsync("write-then-fail");
        Assert.That(instance.Incidents.Select(i => (i.ElementId, i.Message)).Single().ElementId, Is.EqualTo("Break"), string.Join("; ", instance.Incidents.Select(i => i.Message)));
        var system = (await SystemsAsync(harness)).Single();
        Assert.That(system.Name, Is.EqualTo("教务系统"), "the failed activity's change of a row the step had already added is undone, the row itself kept");
        await using var scope = harness.Services.CreateAsyncScope();
        Assert.That(await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Units.AsNoTracking().Select(u => u.Code).ToListAsync(), Is.EqualTo(new[] { "jsj" }), "its new row is not written");
    }

    /// <summary>Renames the system the step registered, adds a unit, then fails.</summary>
    private sealed class WritesThenFails : Zzut.Workflows.Activities.IActivity
    {
        public string Topic => "test.writes-then-fails";

        public async Task ExecuteAsync(Zzut.Workflows.Activities.ActivityContext context, CancellationToken cancellationToken = default)
        {
            var db = context.Services.GetRequiredService<LedgerDbContext>();
            var system = await db.Systems.FindAsync([Guid.Parse(context.Get("systemId")!.ToString())], cancellationToken);
            system!.Name = "半途改名";
            db.Units.Add(new UnitRecord { Code = "xx", Name = "不该写入的单位" });
            throw new InvalidOperationException("the remote check refused it");
        }
    }

    /// <summary>A participant that fails after the engine and the ledger have written, just before the commit.</summary>
    private sealed class FailingParticipant : IStepParticipant
    {
        public bool Fail { get; set; }

        public Task SaveAsync(DbTransaction transaction, CancellationToken cancellationToken = default) =>
            Fail ? throw new InvalidOperationException("The commit was refused.") : Task.CompletedTask;
    }
}
