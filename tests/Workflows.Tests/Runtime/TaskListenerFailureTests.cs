using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Runtime;

/// <summary>
/// A task listener (the task notice) adds its rows to the step: they are written with the task, and when the listener
/// fails, the rows it added so far are left out while the step records the incident at the task.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class TaskListenerFailureTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task TheRowsOfAListenerAreWrittenWithTheTaskUnlessItFails(bool fails)
    {
        await using var harness = await EngineHarness.CreateAsync(s => s.AddSingleton<IUserTaskListener>(new NoticeListener(fails)));
        await harness.DeployAsync(Bpmn.SingleTask("noticed"));

        var id = (await harness.StartAsync("noticed")).Id;

        var notices = await harness.WithDbAsync(db => db.Outbox.Where(m => m.InstanceId == id).Select(m => m.Subject).ToListAsync());
        var incidents = (await harness.InstanceAsync(id)).Incidents;
        if (fails)
        {
            Assert.That(notices, Is.Empty, "the row the listener added before it failed is left out");
            Assert.That(incidents.Select(i => i.Message), Has.One.Contains("could not be prepared"));
        }
        else
        {
            Assert.That(notices, Is.EqualTo(new[] { "notice" }));
            Assert.That(incidents, Is.Empty);
        }
    }

    /// <summary>Adds a notice row for each task created, then fails if told to.</summary>
    private sealed class NoticeListener(bool fails) : IUserTaskListener
    {
        public Task OnCreatedAsync(UserTaskCreated created, CancellationToken cancellationToken = default)
        {
            var db = created.Services.GetRequiredService<WorkflowDbContext>();
            db.Outbox.Add(new OutboxMessageRecord
            {
                Id = Guid.CreateVersion7(),
                InstanceId = created.Task.InstanceId,
                TaskId = created.Task.Id,
                To = "someone@example.edu.cn",
                Subject = "notice",
                Status = "pending",
                DueAt = created.Task.CreatedAt,
                CreatedAt = created.Task.CreatedAt,
            });
            return fails ? throw new InvalidOperationException("the template is missing") : Task.CompletedTask;
        }
    }
}
