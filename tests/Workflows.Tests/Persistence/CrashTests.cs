using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.CrashHost;
using Zzut.Workflows.Runtime;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Persistence;

/// <summary>
/// The engine in a child process (tests/CrashHost) on the harness's SQLite file, killed with SIGKILL: what it
/// acknowledged is there, nothing is half-written, and work that kills the process stops being retried.
/// </summary>
public sealed class CrashTests
{
    private EngineHarness harness = null!;

    [SetUp]
    public async Task SetUp() => harness = await EngineHarness.CreateAsync(
        services => services.AddSingleton<Zzut.Workflows.Activities.IActivity, DieActivity>()); // deployable here; only the child runs it

    [TearDown]
    public async Task TearDown() => await harness.DisposeAsync();

    [Test]
    public async Task KillingTheProcessMidBatchKeepsEveryAcknowledgedStepAndHalfWritesNone()
    {
        using var child = StartChild("steps", EngineHarness.Start);
        var acknowledged = new List<Guid>();
        while (acknowledged.Count < 300 && await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                acknowledged.Add(Guid.Parse(line[4..]));
            }
        }

        child.Kill(); // SIGKILL: 8 callers are mid-step, batches are queued and being written.
        await child.WaitForExitAsync();
        Assert.That(acknowledged, Has.Count.EqualTo(300), "the child acknowledged starts before it was killed");

        await harness.RestartAsync();
        var instances = await harness.WithDbAsync(db => db.Instances.AsNoTracking().Select(i => i.Id).ToListAsync());
        Assert.That(instances, Is.SupersetOf(acknowledged), "every acknowledged start is there");
        foreach (var id in instances)
        {
            Assert.That(await harness.OpenTaskElementsAsync(id), Is.EqualTo(new[] { "a", "b" }), $"instance {id} is whole");
            Assert.That((await harness.Engine.VerifyHistoryAsync(id))!.Intact, Is.True, $"instance {id} has its whole history");
        }
    }

    [Test]
    public async Task ATimerWhoseFiringKillsTheProcessBecomesAnIncidentAfterItsAttemptsAndTheRestartedProcessServes()
    {
        await harness.DeployAsync(CrashModels.Steps);
        await harness.DeployAsync(CrashModels.Poison);
        var instance = await harness.StartAsync("crash-poison");
        await harness.RestartAsync(); // the harness's engine lets go of the file while the child works on it

        // Each run claims the due timer (the attempt is committed first) and dies inside the firing; the next run comes
        // after the claim expired, as a restarted host would.
        for (var run = 1; run <= 3; run++)
        {
            var (exitCode, output) = await RunChildAsync("sweep", EngineHarness.Start.AddHours(1).AddMinutes(10 * run));
            Assert.That(exitCode, Is.Not.Zero, $"run {run} was killed by the firing");
            Assert.That(output, Does.Not.Contain("SERVED"));
        }

        var (lastExit, lastOutput) = await RunChildAsync("sweep", EngineHarness.Start.AddHours(1).AddMinutes(40));
        Assert.That(lastExit, Is.Zero, lastOutput);
        Assert.That(lastOutput, Does.Contain("FIRED 0").And.Contain("SERVED"), "the fourth start fired nothing and served a request");

        await harness.RestartAsync();
        var view = await harness.InstanceAsync(instance.Id);
        Assert.That(view.Status, Is.EqualTo(InstanceStatus.Incident));
        var incident = view.Incidents.Single();
        Assert.That(incident.ElementId, Is.EqualTo("late"));
        Assert.That(incident.Message, Does.Contain("3 次").And.Contain("attempted 3 times"));
        Assert.That(await harness.OpenTaskElementsAsync(instance.Id), Is.EqualTo(new[] { "work" }), "the task stays open");
        Assert.That(await harness.Engine.QueryTimersAsync(instance.Id), Is.Empty, "the timer is not armed any more");

        harness.Clock.Advance(TimeSpan.FromHours(2));
        var retried = await harness.Engine.RetryIncidentAsync(instance.Id, incident.Id);
        Assert.That(retried.Status, Is.EqualTo(InstanceStatus.Active));
        Assert.That((await harness.Engine.QueryTimersAsync(instance.Id)).Single().DueAt, Is.EqualTo(harness.Clock.GetUtcNow()), "the retry re-arms the timer for now");
    }

    private Process StartChild(string mode, DateTimeOffset now)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Zzut.Workflows.CrashHost.dll"));
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(harness.DatabasePath);
        start.ArgumentList.Add(now.ToString("O"));
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the crash host");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { TestContext.Out.WriteLine("child: " + e.Data); } };
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<(int ExitCode, string Output)> RunChildAsync(string mode, DateTimeOffset now)
    {
        using var child = StartChild(mode, now);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = await child.StandardOutput.ReadToEndAsync(timeout.Token);
        await child.WaitForExitAsync(timeout.Token);
        return (child.ExitCode, output);
    }
}
