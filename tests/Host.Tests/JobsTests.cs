using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Host.Jobs;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests;

/// <summary>How the host turns timers into Hangfire jobs, registers recurring jobs, and catches up after a restart.</summary>
public sealed class JobsTests
{
    [Test]
    public async Task ArmingATimerSchedulesAHangfireJobForItsDueTime()
    {
        using var app = new WorkflowApplication();
        using var client = await app.OperatorClientAsync();
        await client.DeployAsync(Fixtures.Review());
        var before = DateTime.UtcNow;
        await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } });
        var timerId = (await (await client.GetAsync("/api/timers")).ReadJsonAsync())[0]!["id"]!.GetValue<string>();

        var scheduled = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 100);
        var job = scheduled.Select(j => j.Value).Single(j => j.Job.Method.Name == nameof(WorkflowJobs.FireTimerAsync));
        Assert.That(job.Job.Args[0], Is.EqualTo(Guid.Parse(timerId)));
        Assert.That(job.EnqueueAt, Is.EqualTo(before.AddHours(1)).Within(TimeSpan.FromMinutes(1)), "one hour from now, as the timer says");
    }

    [Test]
    public async Task RunningTheTimerJobTwiceOrAlongsideTheSweepFiresOnce()
    {
        using var app = new WorkflowApplication();
        using var client = await app.OperatorClientAsync();
        await client.DeployAsync(Fixtures.Review());
        var instanceId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();
        var timerId = Guid.Parse((await (await client.GetAsync("/api/timers")).ReadJsonAsync())[0]!["id"]!.GetValue<string>());
        app.Clock.Advance(TimeSpan.FromHours(1));

        using var scope = app.Services.CreateScope();
        var jobs = scope.ServiceProvider.GetRequiredService<WorkflowJobs>();
        var sweep = scope.ServiceProvider.GetServices<IRecurringWorkflowJob>().Single(j => j.Name == WorkflowSweepJob.JobName);
        var fired = await Task.WhenAll(jobs.FireTimerAsync(timerId, CancellationToken.None), jobs.FireTimerAsync(timerId, CancellationToken.None));
        await sweep.RunAsync();

        Assert.That(fired.Count(f => f), Is.EqualTo(1));
        var history = (await (await client.GetAsync($"/api/instances/{instanceId}/history")).ReadJsonAsync()).AsArray();
        Assert.That(history.Count(h => h!["type"]!.GetValue<string>() == "timer.fired"), Is.EqualTo(1));
        Assert.That((await (await client.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync())[0]!["elementId"]!.GetValue<string>(), Is.EqualTo("escalated"));
    }

    [Test]
    public async Task ATimerJobThatRunsBeforeItsTimerIsDueFiresItAtTheDueTimeNotAtTheNextSweep()
    {
        // Hangfire scores delayed jobs in whole seconds, so the job of a timer due at hh:mm:ss.3 may run at hh:mm:ss.0.
        var clock = new ObservedClock(WorkflowApplication.Start);
        using var app = new WorkflowApplication(clock: clock);
        using var client = await app.OperatorClientAsync();
        await client.DeployAsync(Fixtures.Review());
        var instanceId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();
        var timerId = Guid.Parse((await (await client.GetAsync("/api/timers")).ReadJsonAsync())[0]!["id"]!.GetValue<string>());
        var early = TimeSpan.FromMilliseconds(300);
        clock.Advance(TimeSpan.FromHours(1) - early);

        using var scope = app.Services.CreateScope();
        var waiting = clock.WaitStartedAsync(early);
        var job = scope.ServiceProvider.GetRequiredService<WorkflowJobs>().FireTimerAsync(timerId, CancellationToken.None);
        Assert.That(await Task.WhenAny(job, waiting), Is.SameAs(waiting), "the early job waits for the due time instead of giving up");
        Assert.That((await (await client.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync())[0]!["elementId"]!.GetValue<string>(), Is.EqualTo("review"), "not fired before it is due");

        clock.Advance(early);
        Assert.That(await job, Is.True, "fired at the due time by the job itself, not left to the sweep");
        Assert.That((await (await client.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync())[0]!["elementId"]!.GetValue<string>(), Is.EqualTo("escalated"));
    }

    [Test]
    public async Task WithSqliteStorageAQueuedEmailJobAndTheScansLastRunSurviveARestartAndEachTimerFiresOnce()
    {
        var clock = new FakeTimeProvider(WorkflowApplication.Start);
        string dataPath, instanceId;
        Guid timerId;
        string? lastScanJob;
        using (var first = new WorkflowApplication(clock: clock) { KeepData = true })
        {
            dataPath = first.DataPath;
            using var client = await first.OperatorClientAsync();
            await client.DeployAsync(Fixtures.Review());
            instanceId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();
            timerId = Guid.Parse((await (await client.GetAsync("/api/timers")).ReadJsonAsync())[0]!["id"]!.GetValue<string>());
            Assert.That(first.Services.GetRequiredService<JobStorage>().GetType().Name, Is.EqualTo("SQLiteStorage"), "the embedded default");
            first.Services.GetRequiredService<IRecurringJobManager>().Trigger("evaluation-scan");
            using var connection = first.Services.GetRequiredService<JobStorage>().GetConnection();
            lastScanJob = connection.GetRecurringJobs().Single(j => j.Id == "evaluation-scan").LastJobId;
            Assert.That(lastScanJob, Is.Not.Null);
        }

        try
        {
            using var second = new WorkflowApplication(dataPath, clock);
            using var client = await second.OperatorClientAsync();
            var storage = second.Services.GetRequiredService<JobStorage>();
            var monitoring = storage.GetMonitoringApi();
            var enqueued = monitoring.EnqueuedJobs("default", 0, 1000).Select(j => j.Value.Job.Method.Name).ToList();
            Assert.That(enqueued, Does.Contain(nameof(WorkflowJobs.SendEmailAsync)), "the task notice's job was still queued after the restart");
            using (var connection = storage.GetConnection())
            {
                Assert.That(connection.GetRecurringJobs().Single(j => j.Id == "evaluation-scan").LastJobId, Is.EqualTo(lastScanJob), "the scan's last run is remembered");
            }

            var timerJobs = monitoring.ScheduledJobs(0, 1000).Where(j => j.Value.Job.Method.Name == nameof(WorkflowJobs.FireTimerAsync)).ToList();
            Assert.That(timerJobs, Has.Count.EqualTo(1), "the timer's job survived and was not scheduled a second time");

            clock.Advance(TimeSpan.FromHours(1));
            using var scope = second.Services.CreateScope();
            var jobs = scope.ServiceProvider.GetRequiredService<WorkflowJobs>();
            var sweep = scope.ServiceProvider.GetServices<IRecurringWorkflowJob>().Single(j => j.Name == WorkflowSweepJob.JobName);
            var fired = await Task.WhenAll(jobs.FireTimerAsync(timerId, CancellationToken.None), jobs.FireTimerAsync(timerId, CancellationToken.None));
            await sweep.RunAsync();
            Assert.That(fired.Count(f => f), Is.EqualTo(1));
            var history = (await (await client.GetAsync($"/api/instances/{instanceId}/history")).ReadJsonAsync()).AsArray();
            Assert.That(history.Count(h => h!["type"]!.GetValue<string>() == "timer.fired"), Is.EqualTo(1), "the timer fired once");
        }
        finally
        {
            WorkflowApplication.DeleteData(dataPath);
        }
    }

    [Test]
    public async Task RecurringJobsAreRegisteredFromConfigurationWithTheirTimeZone()
    {
        using var app = new WorkflowApplication();
        app.Settings["Workflows:RecurringJobs:workflow-sweep:Cron"] = "*/15 * * * * *";
        app.Settings["Workflows:RecurringJobs:workflow-sweep:TimeZone"] = "Asia/Shanghai";
        using var client = await app.OperatorClientAsync();
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var sweep = connection.GetRecurringJobs().Single(j => j.Id == WorkflowSweepJob.JobName);
        Assert.That(sweep.Cron, Is.EqualTo("*/15 * * * * *"));
        Assert.That(sweep.TimeZoneId, Is.EqualTo("Asia/Shanghai"));
    }

    [Test]
    public void AConfiguredRecurringJobThatDoesNotExistStopsTheStart()
    {
        using var app = new WorkflowApplication();
        app.Settings["Workflows:RecurringJobs:evaluation-scna:Cron"] = "0 2 * * *";
        var ex = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.That(ex!.Message, Does.Contain("evaluation-scna").And.Contain("workflow-sweep"));
    }

    [Test]
    public async Task AfterARestartTimersThatBecameDueFireAtStartAndFutureOnesWait()
    {
        var clock = new FakeTimeProvider(WorkflowApplication.Start);
        string dataPath, dueId, laterId;
        using (var first = new WorkflowApplication(clock: clock) { KeepData = true })
        {
            dataPath = first.DataPath;
            using var client = await first.OperatorClientAsync();
            await client.DeployAsync(Fixtures.Review());
            dueId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();
            clock.Advance(TimeSpan.FromMinutes(30));
            laterId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();
        }

        try
        {
            clock.Advance(TimeSpan.FromMinutes(45)); // the first instance's timer became due while the host was down
            using var second = new WorkflowApplication(dataPath, clock);
            using var client = await second.OperatorClientAsync();

            async Task<string> OpenElementAsync(string id) =>
                (await (await client.GetAsync($"/api/tasks?instanceId={id}&status=open")).ReadJsonAsync())[0]!["elementId"]!.GetValue<string>();
            Assert.That(await OpenElementAsync(dueId), Is.EqualTo("escalated"), "fired by the start-up pass, without any call");
            Assert.That(await OpenElementAsync(laterId), Is.EqualTo("review"), "not due yet");
            var timers = (await (await client.GetAsync("/api/timers")).ReadJsonAsync()).AsArray();
            Assert.That(timers.Single()!["dueAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(WorkflowApplication.Start.AddMinutes(90)));
            var scheduled = second.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 100);
            Assert.That(scheduled.Select(j => j.Value.Job.Args[0]), Does.Contain(Guid.Parse(timers[0]!["id"]!.GetValue<string>())), "the future timer was scheduled again in the new process");
        }
        finally
        {
            WorkflowApplication.DeleteData(dataPath);
        }
    }

    // Hangfire keeps its log provider in one process-wide static. It used to be bound to the logger factory of the last
    // host to configure Hangfire, so once that host was disposed, a Hangfire server starting in a host still alive
    // asked the disposed factory for a logger and failed to start (a CI run lost its Hangfire server this way).
    [Test]
    public async Task DisposingOneHostNeverStopsAnotherHostsHangfireFromLoggingOrStartingAServer()
    {
        using var alive = new WorkflowApplication();
        using var aliveClient = await alive.OperatorClientAsync();
        using (var gone = new WorkflowApplication())
        {
            using var goneClient = await gone.OperatorClientAsync();
            Assert.That(gone.Services.GetRequiredService<JobStorage>(), Is.Not.Null);
        }

        Assert.DoesNotThrow(() => Hangfire.Logging.LogProvider.GetLogger(nameof(JobsTests)).Log(Hangfire.Logging.LogLevel.Info, () => "after a host was disposed"));
        using var server = new BackgroundJobServer(
            new BackgroundJobServerOptions { WorkerCount = 1, ServerName = nameof(DisposingOneHostNeverStopsAnotherHostsHangfireFromLoggingOrStartingAServer) },
            alive.Services.GetRequiredService<JobStorage>());
        Assert.That((await aliveClient.GetAsync("/api/timers")).IsSuccessStatusCode, "the host still alive still serves");
    }

    // Alone: it waits on a real Hangfire server, whose workers a machine busy with other fixtures starts late.
    [TestCase(true)]
    [TestCase(false)]
    [NonParallelizable]
    public async Task WithTheServerRunningAnExternalCallDueNowRunsInThisProcessAndOnlyWithTheDispatcherOffAsAJob(bool dispatcher)
    {
        using var app = new WorkflowApplication();
        app.Settings["Workflows:Hangfire:Server"] = "true";
        app.Settings["Workflows:ExternalTasks:Dispatcher"] = dispatcher ? "true" : "false";
        app.TestServices = services => services.AddWorkflowActivity<RemoteCall>();
        using var client = await app.OperatorClientAsync();
        await client.DeployAsync("""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="t">
              <bpmn:process id="call-now" isExecutable="true">
                <bpmn:startEvent id="start" />
                <bpmn:serviceTask id="call" camunda:type="external" camunda:topic="test.remote-call">
                  <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="calledBy">test</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:endEvent id="end" />
                <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="call" />
                <bpmn:sequenceFlow id="f1" sourceRef="call" targetRef="end" />
              </bpmn:process>
            </bpmn:definitions>
            """);
        var instanceId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "call-now" })).ReadJsonAsync())["id"]!.GetValue<string>();

        // Nobody sweeps: the call runs by itself, on the dispatcher or on a Hangfire worker. A Hangfire worker on a CI
        // machine busy with the other fixtures once took more than 20 s to start polling; the wait ends when it completes.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var instance = await (await client.GetAsync($"/api/instances/{instanceId}")).ReadJsonAsync();
        while (instance["status"]!.GetValue<string>() != "completed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            instance = await (await client.GetAsync($"/api/instances/{instanceId}")).ReadJsonAsync();
        }

        Assert.That(instance["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(instance["variables"]!["calledBy"]!.GetValue<string>(), Is.EqualTo("test"), "the call ran and its output was kept");
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var jobs = monitoring.SucceededJobs(0, 100).Select(j => j.Value.Job.Method.Name)
            .Concat(monitoring.EnqueuedJobs("default", 0, 100).Select(j => j.Value.Job.Method.Name))
            .Concat(monitoring.ProcessingJobs(0, 100).Select(j => j.Value.Job.Method.Name));
        Assert.That(jobs.Count(name => name == nameof(WorkflowJobs.RunExternalTaskAsync)), Is.EqualTo(dispatcher ? 0 : 1));
    }

    // Alone, as above: it runs a Hangfire server. The refill interval is 1 min; a window of 5 min leaves a refill two
    // intervals of slack, so the dispatcher alone fires the timer; a window of 2 min does not, so the timer keeps its job.
    [TestCase("00:05:00", 0)]
    [TestCase("00:02:00", 1)]
    [NonParallelizable]
    public async Task WithTheDispatcherRunningATimerBeyondItsWindowGetsAJobOnlyIfRefillsCouldMissItAndARefillReadsItBeforeItIsDue(string horizon, int jobs)
    {
        var clock = new ObservedClock(WorkflowApplication.Start);
        using var app = new WorkflowApplication(clock: clock);
        app.Settings["Workflows:Hangfire:Server"] = "true";
        app.Settings["Workflows:Timers:Horizon"] = horizon;
        app.Settings["Workflows:RecurringJobs:workflow-sweep:Cron"] = "0 0 1 1 *"; // no sweep meanwhile: the dispatcher alone
        using var client = await app.OperatorClientAsync();
        await client.DeployAsync(Fixtures.Review());
        var instanceId = (await (await client.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })).ReadJsonAsync())["id"]!.GetValue<string>();
        var dueAt = DateTimeOffset.Parse((await (await client.GetAsync("/api/timers")).ReadJsonAsync())[0]!["dueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(dueAt - clock.GetUtcNow(), Is.GreaterThan(TimeSpan.FromMinutes(5)), "beyond the dispatcher's window when armed");

        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.That(monitoring.ScheduledJobs(0, 100).Count(j => j.Value.Job.Method.Name == nameof(WorkflowJobs.FireTimerAsync)), Is.EqualTo(jobs));

        // 90 s before it is due a refill reads it; 30 s before, another refill, after which the dispatcher sleeps exactly
        // until the timer's due time (the next refill is later): it holds the timer in memory before it is due.
        var sleepsUntilDue = clock.WaitStartedAsync(TimeSpan.FromSeconds(30));
        clock.Advance(dueAt - clock.GetUtcNow() - TimeSpan.FromSeconds(90));
        await Task.Delay(200);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.That(await Task.WhenAny(sleepsUntilDue, Task.Delay(TimeSpan.FromSeconds(20))), Is.SameAs(sleepsUntilDue), "the dispatcher waits for the timer's due time");
        clock.Advance(TimeSpan.FromSeconds(30));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var open = await (await client.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync();
        while (open[0]!["elementId"]!.GetValue<string>() != "escalated" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            open = await (await client.GetAsync($"/api/tasks?instanceId={instanceId}&status=open")).ReadJsonAsync();
        }

        var history = (await (await client.GetAsync($"/api/instances/{instanceId}/history")).ReadJsonAsync()).AsArray();
        var fired = history.Where(h => h!["type"]!.GetValue<string>() == "timer.fired").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(open[0]!["elementId"]!.GetValue<string>(), Is.EqualTo("escalated"), "the dispatcher fired it");
            Assert.That(fired, Has.Count.EqualTo(1));
            Assert.That(DateTimeOffset.Parse(fired[0]!["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(dueAt).Within(TimeSpan.FromMilliseconds(1)), "at its due time on the engine's clock");
        });
    }

    /// <summary>An activity that runs after its step (as a call to another system would), copying its input to a variable.</summary>
    private sealed class RemoteCall : IActivity
    {
        public string Topic => "test.remote-call";

        public ActivityExecution Execution => ActivityExecution.External;

        public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["calledBy"];

        public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
        {
            context.SetVariable("calledBy", context.Inputs["calledBy"]?.DeepClone());
            return Task.CompletedTask;
        }
    }
}
