using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Host.Tests.Support;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Tests;

/// <summary>Lists apply visibility in the database, page with skip and take, and tell the total in X-Total-Count.</summary>
public sealed class ListPagingTests
{
    [Test]
    public async Task AUnitUserStillSeesItsInstanceAfter510NewerOnesOfOthers()
    {
        using var app = new WorkflowApplication();
        using var admin = await app.AdminClientAsync();
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");
        Assert.That((await admin.DeployAsync(Fixtures.Review(notify: false))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var theirs = (await (await admin.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var engine = app.Services.GetRequiredService<IWorkflowEngine>();
        for (var i = 0; i < 510; i++)
        {
            await engine.StartAsync(new StartInstanceRequest("api-review", Variables: new JsonObject { ["unitCode"] = "wxy" }, Actor: "wxy-anquan"));
        }

        var response = await unit.GetAsync("/api/instances");
        var listed = (await response.ReadJsonAsync()).AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

        Assert.That(listed, Is.EqualTo(new[] { theirs }));
        Assert.That(response.Headers.GetValues("X-Total-Count").Single(), Is.EqualTo("1"));
        var everything = await admin.GetAsync("/api/instances?skip=500&take=100");
        Assert.That(((await everything.ReadJsonAsync()).AsArray().Count, everything.Headers.GetValues("X-Total-Count").Single()), Is.EqualTo((11, "511")));
        Assert.That((await (await admin.GetAsync("/api/instances?skip=510&take=5")).ReadJsonAsync()).AsArray().Single()!["id"]!.GetValue<string>(), Is.EqualTo(theirs), "the oldest last");
    }

    [Test]
    public async Task TasksAndLedgersPageTheSameWay()
    {
        using var app = new WorkflowApplication();
        using var center = await app.ClientAsync("zhongxin", "center");
        using var unit = await app.ClientAsync("jsj-anquan", "unit", "jsj");
        foreach (var (name, unitCode) in new[] { ("甲系统", "jsj"), ("乙系统", "wxy"), ("丙系统", "jsj") })
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.That((await center.PostJsonAsync("/api/systems", new { unitCode, name, proposedLevel = 2 })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var page = await center.GetAsync("/api/systems?take=2");
        Assert.That(((await page.ReadJsonAsync()).AsArray().Select(r => r!["name"]!.GetValue<string>()), page.Headers.GetValues("X-Total-Count").Single()), Is.EqualTo((new[] { "丙系统", "乙系统" }, "3")));
        var own = await unit.GetAsync("/api/systems?skip=1&take=1");
        Assert.That(((await own.ReadJsonAsync()).AsArray().Single()!["name"]!.GetValue<string>(), own.Headers.GetValues("X-Total-Count").Single()), Is.EqualTo(("甲系统", "2")), "a unit's own rows, counted in the database");
        var tasks = await unit.GetAsync("/api/tasks?take=1");
        Assert.That(tasks.Headers.GetValues("X-Total-Count").Single(), Is.EqualTo("0"));
    }

    [Test]
    public async Task TheTotalOfAPageThatIsNotFullIsWhatItSkippedAndHoldsAndAFullOrEmptyPageIsCounted()
    {
        using var app = new WorkflowApplication();
        using var center = await app.ClientAsync("zhongxin", "center");
        foreach (var name in new[] { "甲系统", "乙系统", "丙系统", "丁系统", "戊系统" })
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.That((await center.PostJsonAsync("/api/systems", new { unitCode = "jsj", name, proposedLevel = 2 })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        async Task<(int Rows, string Total)> PageAsync(string query)
        {
            var response = await center.GetAsync("/api/systems?" + query);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), query);
            return ((await response.ReadJsonAsync()).AsArray().Count, response.Headers.GetValues("X-Total-Count").Single());
        }

        Assert.That(await PageAsync("take=5"), Is.EqualTo((5, "5")), "full: counted");
        Assert.That(await PageAsync("take=2"), Is.EqualTo((2, "5")), "full: counted");
        Assert.That(await PageAsync("skip=4&take=2"), Is.EqualTo((1, "5")), "the last page");
        Assert.That(await PageAsync("take=10"), Is.EqualTo((5, "5")), "the only page");
        Assert.That(await PageAsync("skip=7&take=2"), Is.EqualTo((0, "5")), "past the end: counted");
        Assert.That(await PageAsync("skip=5&take=5"), Is.EqualTo((0, "5")), "just past the end: counted");
    }

    [TestCase(0, 50, 12, false, "12")]
    [TestCase(100, 50, 7, false, "107")]
    [TestCase(0, 50, 0, false, "0")]
    [TestCase(0, 50, 50, true, "999")]
    [TestCase(100, 50, 0, true, "999")]
    public async Task TheDatabaseCountsOnlyBehindAFullPageOrAnEmptyOnePastTheFirst(int skip, int take, int found, bool counted, string total)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var counts = 0;
        await Zzut.Workflows.Host.Apis.Paging.SetTotalAsync(context, skip, take, found, () =>
        {
            counts++;
            return Task.FromResult(999);
        });

        Assert.That((counts, context.Response.Headers["X-Total-Count"].ToString()), Is.EqualTo((counted ? 1 : 0, total)));
    }
}
