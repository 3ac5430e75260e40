using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;
using static Zzut.Workflows.Tests.Support.Bpmn;

namespace Zzut.Workflows.Tests.Runtime;

/// <summary>
/// <c>task_candidates</c>, the index behind inboxes: written by the step that creates a task, closed by the step that
/// ends it, and what every audience query reads (SQLite and PostgreSQL).
/// </summary>
[Parallelizable(ParallelScope.Self)]
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class TaskCandidateTests(DatabaseProvider provider)
{
    private const string Attributes = "camunda:candidateGroups=\"${'unit:' + unit},role:center\" camunda:candidateUsers=\"alice\"";

    private EngineHarness harness = null!;

    [SetUp]
    public async Task SetUp()
    {
        harness = await EngineHarness.CreateAsync(provider: provider);
        await harness.DeployAsync(SingleTask("inbox", Attributes));
    }

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    public async Task OneInstancesTasksAreListedAsTheGeneralListWouldListThemByStatusAndPage()
    {
        // One instance's tasks go through a path of their own (SqliteInstanceReads on SQLite, compiled queries on
        // PostgreSQL: TaskListQueries); a filter that adds nothing here (the instance's own definition key) sends the
        // same question through the general list: both must agree on the rows, their order (priority first, then age),
        // their labels and paging.
        await harness.DeployAsync(ParallelTasks("fan", ("low", "camunda:priority=\"10\""), ("high", "camunda:priority=\"90\""), ("plain", "")));
        var other = await harness.StartAsync("fan", new { title = "另一个" });
        var instance = await harness.StartAsync("fan", new { title = "网站上线", unitCode = "jsj" });
        var open = await harness.Engine.QueryTasksAsync(new TaskQuery(InstanceId: instance.Id, Status: UserTaskStatus.Open));
        Assert.That(open.Select(t => t.ElementId).Take(1), Is.EqualTo(new[] { "high" }), "the highest priority first");
        Assert.That(open.Select(t => t.ElementId), Is.EquivalentTo(new[] { "high", "low", "plain" }), "this instance's tasks only");
        Assert.That(open.Select(t => (t.InstanceId, t.Title, t.UnitCode)), Is.All.EqualTo((instance.Id, (string?)"网站上线", (string?)"jsj")));
        await harness.CompleteAsync(open[0]);

        TaskQuery[] questions =
        [
            new(InstanceId: instance.Id),
            new(InstanceId: instance.Id, Status: UserTaskStatus.Open),
            new(InstanceId: instance.Id, Status: UserTaskStatus.Completed),
            new(InstanceId: instance.Id, Limit: 1) { Skip = 1 },
            new(InstanceId: instance.Id, Status: UserTaskStatus.Open, Limit: 1) { Skip = 1 },
            new(InstanceId: instance.Id, Limit: 2) { Skip = 5 },
        ];
        foreach (var question in questions)
        {
            var fast = await harness.Engine.QueryTasksAsync(question);
            var general = await harness.Engine.QueryTasksAsync(question with { DefinitionKey = "fan" });
            Assert.That(fast.Select(Row), Is.EqualTo(general.Select(Row)), $"{question}");
        }

        Assert.That((await harness.Engine.QueryTasksAsync(new TaskQuery(InstanceId: instance.Id))).Count, Is.EqualTo(3));
        Assert.That((await harness.Engine.QueryTasksAsync(new TaskQuery(InstanceId: instance.Id, Status: UserTaskStatus.Completed))).Select(t => t.ElementId),
            Is.EqualTo(new[] { "high" }));
        Assert.That((await harness.Engine.QueryTasksAsync(new TaskQuery(InstanceId: other.Id, Status: UserTaskStatus.Open))).Count, Is.EqualTo(3));
        Assert.That(await harness.Engine.QueryTasksAsync(new TaskQuery(InstanceId: Guid.NewGuid())), Is.Empty);

        static string Row(TaskView t) => System.Text.Json.JsonSerializer.Serialize(t); // every field of the view
    }

    [Test]
    public async Task ATasksViewCarriesItsInstancesTitleAndUnitWhetherListedPagedOrReadAlone()
    {
        var first = await harness.StartAsync("inbox", new { unit = "jsj", unitCode = "jsj", title = "教务系统定级" });
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await harness.StartAsync("inbox", new { unit = "tmx", unitCode = "tmx", title = "图书馆网站上线" });
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var third = await harness.StartAsync("inbox", new { unit = "jsj" }); // neither a title nor a unit code

        var center = new TaskAudience("zhongxin", ["role:center"]);
        var all = await harness.Engine.QueryTasksAsync(new TaskQuery(Status: UserTaskStatus.Open) { VisibleTo = center });
        Assert.That(all.Select(t => (t.InstanceId, t.Title, t.UnitCode)), Is.EqualTo(new (Guid, string?, string?)[]
        {
            (first.Id, "教务系统定级", "jsj"), (second.Id, "图书馆网站上线", "tmx"), (third.Id, null, null),
        }), "oldest first, each with its own instance's labels");
        var page = await harness.Engine.QueryTasksAsync(new TaskQuery(Status: UserTaskStatus.Open, Limit: 1) { VisibleTo = center, Skip = 1 });
        Assert.That(page.Select(t => (t.Id, t.Title)), Is.EqualTo(new[] { (all[1].Id, (string?)"图书馆网站上线") }));

        await harness.CompleteAsync(all[1], actor: "zhongxin");
        var done = await harness.Engine.QueryTasksAsync(new TaskQuery { CompletedBy = "zhongxin" });
        Assert.That(done.Select(t => (t.Id, t.Title, t.UnitCode)), Is.EqualTo(new[] { (all[1].Id, (string?)"图书馆网站上线", (string?)"tmx") }));

        var alone = await harness.Engine.GetTaskAsync(all[0].Id);
        Assert.That((alone!.Name, alone.Title, alone.UnitCode), Is.EqualTo((all[0].Name, (string?)"教务系统定级", (string?)"jsj")));
        Assert.That(await harness.Engine.GetTaskAsync(Guid.NewGuid()), Is.Null);
    }

    [Test]
    public async Task AnAudienceSeesTheOpenTasksOfItsGroupsAndNamesAndATaskLeavesTheirInboxWhenCompletedOrCancelled()
    {
        var completed = await harness.StartAsync("inbox", new { unit = "jsj" });
        var cancelled = await harness.StartAsync("inbox", new { unit = "jsj" });
        var open = await harness.StartAsync("inbox", new { unit = "jsj" });
        var elsewhere = await harness.StartAsync("inbox", new { unit = "tmx" });
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(completed.Id), actor: "alice");
        await harness.Engine.CancelAsync(cancelled.Id, "admin");

        var officer = new TaskAudience("bob", ["role:unit", "unit:jsj"]);
        var center = new TaskAudience("zhongxin", ["role:center"]);
        var alice = new TaskAudience("alice", []);
        var stranger = new TaskAudience("carol", ["unit:other"]);
        Assert.Multiple(async () =>
        {
            Assert.That(await OpenInstancesAsync(new TaskQuery(Status: UserTaskStatus.Open) { VisibleTo = officer }), Is.EqualTo(new[] { open.Id }));
            Assert.That(await OpenInstancesAsync(new TaskQuery(Status: UserTaskStatus.Open) { VisibleTo = officer, CandidateOf = officer }), Is.EqualTo(new[] { open.Id }));
            Assert.That(await OpenInstancesAsync(new TaskQuery(Status: UserTaskStatus.Open) { VisibleTo = center }), Is.EquivalentTo(new[] { open.Id, elsewhere.Id }));
            Assert.That(await OpenInstancesAsync(new TaskQuery(Status: UserTaskStatus.Open) { VisibleTo = alice }), Is.EquivalentTo(new[] { open.Id, elsewhere.Id }));
            Assert.That(await OpenInstancesAsync(new TaskQuery(CandidateGroup: "unit:jsj", Status: UserTaskStatus.Open)), Is.EqualTo(new[] { open.Id }));
            Assert.That(await OpenInstancesAsync(new TaskQuery(Status: UserTaskStatus.Open) { VisibleTo = stranger }), Is.Empty);
            Assert.That(await harness.Engine.CountTasksAsync(new TaskQuery(Status: UserTaskStatus.Open) { VisibleTo = officer }), Is.EqualTo(1));

            // Ended tasks stay visible to their audience in the other lists.
            Assert.That(await OpenInstancesAsync(new TaskQuery(Status: UserTaskStatus.Completed) { VisibleTo = officer }), Is.EqualTo(new[] { completed.Id }));
            Assert.That(await OpenInstancesAsync(new TaskQuery(Status: UserTaskStatus.Cancelled) { VisibleTo = officer }), Is.EqualTo(new[] { cancelled.Id }));
            Assert.That(await OpenInstancesAsync(new TaskQuery(CandidateGroup: "unit:jsj")), Is.EquivalentTo(new[] { completed.Id, cancelled.Id, open.Id }));
            Assert.That(await harness.Engine.IsParticipantAsync(cancelled.Id, "bob", ["unit:jsj"]), Is.True);
            Assert.That(await harness.Engine.IsParticipantAsync(cancelled.Id, "carol", ["unit:other"]), Is.False);
            Assert.That((await harness.Engine.QueryInstancesAsync(new InstanceQuery { VisibleTo = officer })).Select(i => i.Id),
                Is.EquivalentTo(new[] { completed.Id, cancelled.Id, open.Id }));
        });

        var rows = await CandidateRowsAsync();
        var openTask = await harness.SingleOpenTaskAsync(open.Id);
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(4 * 3), "one row per group and user of each task");
            Assert.That(rows.Where(r => r.Open).Select(r => r.TaskId).Distinct().Count(), Is.EqualTo(2));
            Assert.That(rows.Where(r => r.TaskId == openTask.Id).Select(r => r.Candidate), Is.EquivalentTo(new[] { "g:unit:jsj", "g:role:center", "u:alice" }));
        });
    }

    [Test]
    public async Task TheMigrationFillsTheCandidatesOfExistingTasksExactlyAsTheStepsWriteThem()
    {
        var done = await harness.StartAsync("inbox", new { unit = "jsj" });
        await harness.StartAsync("inbox", new { unit = "tmx" });
        await harness.CompleteAsync(await harness.SingleOpenTaskAsync(done.Id), actor: "alice");
        var written = await CandidateRowsAsync();

        await harness.WithDbAsync(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_TaskCandidates", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[index - 1]);
            Assert.That(await db.Database.GetAppliedMigrationsAsync(), Does.Not.Contain(migrations[index]), "the table is dropped before the test fills it again");
            await migrator.MigrateAsync(migrations[^1]);
            return true;
        });

        Assert.That(written, Has.Count.EqualTo(6));
        Assert.That(await CandidateRowsAsync(), Is.EquivalentTo(written));
    }

    private async Task<List<Guid>> OpenInstancesAsync(TaskQuery query) =>
        [.. (await harness.Engine.QueryTasksAsync(query)).Select(t => t.InstanceId)];

    private Task<List<(Guid TaskId, string Candidate, bool Open)>> CandidateRowsAsync() =>
        harness.WithDbAsync(async db => (await db.TaskCandidates.AsNoTracking().ToListAsync()).Select(c => (c.TaskId, c.Candidate, c.Open)).ToList());
}
