using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Zzut.Workflows.Host.Tests.Support;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Tests;

/// <summary>
/// Two hosts on one PostgreSQL database (issue 16): what one host changes the other uses at once, a scan run on both at
/// the same moment starts each instance once, sign-in limits count across hosts, 10,000 timers due together fire once
/// each with both hosts' dispatchers racing, and a host that dies holding timer claims leaves them to the other, each
/// fired once.
/// </summary>
public sealed class MultiNodeTests
{
    [Test]
    public async Task AFormDeployedOnOneHostIsUsedByTheOtherAtOnce()
    {
        using var hosts = await Hosts.StartAsync();
        var (onA, onB) = (hosts.OnA, hosts.OnB);
        Assert.That((await onA.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var refused = await onB.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj", nodeNote = "B" } });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the start form has no nodeNote yet");

        var form = await (await onA.GetAsync($"/api/forms/{Fixtures.ReviewStartForm}")).ReadJsonAsync();
        form["components"]!.AsArray().Add(JsonNode.Parse("""{ "id": "Field_nodeNote", "type": "textfield", "key": "nodeNote", "label": "节点", "validate": { "maxLength": 20 } }"""));
        var deployed = await onA.PutAsJsonAsync($"/api/forms/{Fixtures.ReviewStartForm}", form);
        Assert.That(deployed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await deployed.Content.ReadAsStringAsync());

        // At once: no refresh job, no waiting.
        var started = await onB.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj", nodeNote = "B" } });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
        Assert.That((await started.ReadJsonAsync())["variables"]!["nodeNote"]!.GetValue<string>(), Is.EqualTo("B"));
    }

    [Test]
    public async Task ACalendarChangeOnOneHostIsUsedByTheOthersNextDeadlineAtOnceInARequestAndInAStep()
    {
        using var hosts = await Hosts.StartAsync();
        var (onA, onB) = (hosts.OnA, hosts.OnB);
        var calendarOnB = hosts.B.Services.GetRequiredService<Domain.Calendar.WorkingCalendar>();
        Assert.That(await NextWorkdayOnBAsync(), Is.EqualTo(new DateTimeOffset(2026, 3, 3, 17, 0, 0, TimeSpan.FromHours(8))));

        // A step B runs outside any request (a timer, a job) reads the calendar as it is now.
        Assert.That((await onA.PutAsJsonAsync("/api/calendar/2026-03-03", new { kind = "holiday", name = "校庆" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await onA.DeployAsync(TimerOnly("nodes-step", "PT1H"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await hosts.B.Services.GetRequiredService<IWorkflowEngine>().StartAsync(new StartInstanceRequest("nodes-step"));
        Assert.That(calendarOnB.IsWorkday(new DateOnly(2026, 3, 3)), Is.False, "the step on B brought B's calendar up to date");

        // A request on B computes the deadline with A's change of a moment ago.
        Assert.That((await onA.PutAsJsonAsync("/api/calendar/2026-03-04", new { kind = "holiday", name = "校庆" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await NextWorkdayOnBAsync(), Is.EqualTo(new DateTimeOffset(2026, 3, 5, 17, 0, 0, TimeSpan.FromHours(8))));

        Assert.That((await onA.DeleteAsync("/api/calendar/2026-03-04")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await NextWorkdayOnBAsync(), Is.EqualTo(new DateTimeOffset(2026, 3, 4, 17, 0, 0, TimeSpan.FromHours(8))), "a removed holiday too");

        async Task<DateTimeOffset> NextWorkdayOnBAsync() =>
            (await (await onB.GetAsync("/api/calendar/add-workdays?from=2026-03-02T17:00:00%2B08:00&days=1")).ReadJsonAsync())["result"]!.GetValue<DateTimeOffset>();
    }

    [Test]
    public async Task AUnitAddedOnOneHostIsOfferedAndAcceptedOnTheOtherAtOnce()
    {
        using var hosts = await Hosts.StartAsync();
        var (onA, onB) = (hosts.OnA, hosts.OnB);
        Assert.That((await onA.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await onA.PostJsonAsync("/api/units", new { code = "nodes", name = "多节点测试单位" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var units = (await (await onB.GetAsync("/api/units")).ReadJsonAsync()).AsArray();
        Assert.That(units.Select(u => u!["code"]!.GetValue<string>()), Does.Contain("nodes"));
        var started = await onB.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "nodes" } });
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task AUnitsNewOfficerAddressSetOnOneHostIsUsedByTheOthersNextNoticeAtOnce()
    {
        using var hosts = await Hosts.StartAsync();
        var (onA, onB) = (hosts.OnA, hosts.OnB);
        Assert.That((await onA.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await onA.PostJsonAsync("/api/units", new { code = "nodes", name = "多节点测试单位", officerEmail = "old@nodes.zzut.edu.cn" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await NoticeOnBAsync(), Is.EqualTo("old@nodes.zzut.edu.cn"));

        Assert.That((await onA.PutAsJsonAsync("/api/units/nodes", new { name = "多节点测试单位", officerEmail = "new@nodes.zzut.edu.cn" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await NoticeOnBAsync(), Is.EqualTo("new@nodes.zzut.edu.cn"), "B's address book followed A's edit");

        async Task<string> NoticeOnBAsync()
        {
            var started = await onB.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "nodes" } });
            Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Created), await started.Content.ReadAsStringAsync());
            var id = (await started.ReadJsonAsync())["id"]!.GetValue<string>();
            var notices = (await (await onB.GetAsync($"/api/outbox?instanceId={id}")).ReadJsonAsync()).AsArray();
            return notices.Single()!["to"]!.GetValue<string>();
        }
    }

    [Test]
    public async Task TheEvaluationScanRunOnBothHostsAtTheSameMomentStartsOneEvaluationPerDueSystem()
    {
        using var hosts = await Hosts.StartAsync();
        var (onA, onB) = (hosts.OnA, hosts.OnB);
        const int Systems = 12;
        for (var i = 0; i < Systems; i++)
        {
            var registered = await onA.PostJsonAsync("/api/systems", new { unitCode = "jsj", name = $"系统 {i}", proposedLevel = 3, approvedLevel = 3, status = "accepted", lastEvaluationDate = "2025-03-02", filingNumber = $"41010099999-{i}" });
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        }

        // What Hangfire runs on each host (WorkflowJobs.RunRecurringAsync), and the operators' "run now" on each host,
        // all at once: what keeps them from starting an evaluation twice is the shared business key.
        await Task.WhenAll(
            Run(hosts.A), Run(hosts.B),
            Ok(onA.PostAsync("/api/jobs/evaluation-scan/run", null)), Ok(onB.PostAsync("/api/jobs/evaluation-scan/run", null)));

        await using var connection = new NpgsqlConnection(hosts.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*), count(DISTINCT "BusinessKey") FROM instances WHERE "DefinitionKey" = 'level-evaluation'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That((reader.GetInt64(0), reader.GetInt64(1)), Is.EqualTo(((long)Systems, (long)Systems)), "one evaluation per system, not one per host");

        static async Task Run(WorkflowApplication host)
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Jobs.WorkflowJobs>().RunRecurringAsync("evaluation-scan", CancellationToken.None);
        }

        static async Task Ok(Task<HttpResponseMessage> request)
        {
            var response = await request;
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }
    }

    [Test]
    public async Task SignInLimitsCountTheAttemptsOfBothHostsTogether()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Workflows:Auth:MaxFailedAttempts"] = "3",
            ["Workflows:Auth:SignInPermitLimit"] = "8",
            ["Workflows:Auth:SignInWindow"] = "00:10:00",
        };
        using var hosts = await Hosts.StartAsync(settings, signIn: false);
        using var anonymousOnA = hosts.A.CreateClient();
        using var anonymousOnB = hosts.B.CreateClient();
        HttpClient On(int attempt) => attempt % 2 == 0 ? anonymousOnA : anonymousOnB;
        Task<HttpResponseMessage> SignIn(int attempt, string password) =>
            On(attempt).PostJsonAsync("/api/auth/login", new { userName = "admin", password });

        // Three wrong passwords, two on A and one on B: the pair (admin, this address) is paused on both hosts.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.That((await SignIn(attempt, "Wrong-Passw0rd-1")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        Assert.That((await SignIn(3, WorkflowApplication.AdminPassword)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized),
            "B saw one failure itself; the pause counts A's two as well");

        // The per-address limit: 8 attempts in the window across both hosts, then 429 on either.
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 4; attempt < 12; attempt++)
        {
            statuses.Add((await SignIn(attempt, "Wrong-Passw0rd-1")).StatusCode);
        }

        Assert.That(statuses.Take(4), Is.All.EqualTo(HttpStatusCode.Unauthorized), string.Join(", ", statuses));
        Assert.That(statuses.Skip(4), Is.All.EqualTo(HttpStatusCode.TooManyRequests), string.Join(", ", statuses));
    }

    [Test]
    [NonParallelizable] // Two Hangfire servers and 10,000 timers: it needs the machine to itself.
    public async Task TenThousandTimersDueInOneSecondOnTwoHostsWithTheirDispatchersAndHangfireEachFireExactlyOnce()
    {
        const int Timers = 10_000;
        var clock = new FakeTimeProvider(WorkflowApplication.Start);
        using var b = new WorkflowApplication(clock: clock, provider: DatabaseProvider.PostgreSql);
        using var a = new WorkflowApplication(clock: clock, postgreSqlDatabase: b.PostgreSqlDatabase);
        foreach (var host in new[] { a, b })
        {
            // As in service, each host runs its Hangfire server and its timer dispatcher; the sweep is left out, so that
            // every step a host commits below is a firing of its dispatcher.
            host.Settings["Workflows:Hangfire:Server"] = "true";
            host.Settings["Workflows:RecurringJobs:workflow-sweep:Cron"] = "0 0 1 1 *";
        }

        using var onA = await a.OperatorClientAsync();
        Assert.That((await onA.DeployAsync(TimerOnly("nodes-ten-thousand", "PT1H"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        List<IWorkflowEngine> engines = [a.Services.GetRequiredService<IWorkflowEngine>(), b.Services.GetRequiredService<IWorkflowEngine>()];
        await Parallel.ForAsync(0, Timers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await engines[i % 2].StartAsync(new StartInstanceRequest("nodes-ten-thousand"), ct));
        List<StepTimings> timings = [a.Services.GetRequiredService<StepTimings>(), b.Services.GetRequiredService<StepTimings>()];
        timings.ForEach(t => t.Reset());

        await using var connection = new NpgsqlConnection(a.PostgreSqlDatabase);
        await connection.OpenAsync();
        Assert.That(await ScalarAsync("""SELECT count(*) FROM timers WHERE "Status" = 'Armed'"""), Is.EqualTo(Timers), "all armed, all due at the same instant");

        // The hour passes on both hosts at once: both dispatchers wake, read the burst and claim it batch by batch.
        clock.Advance(TimeSpan.FromHours(1));
        // The clock stays there: a firing that failed after its claim would wait for a lease that never ends, so the wait
        // ends when a minute passes without progress, and the message says what was left.
        var (completed, progressAt) = (0L, DateTime.UtcNow);
        while (completed < Timers && DateTime.UtcNow - progressAt < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(200);
            var now = await ScalarAsync("""SELECT count(*) FROM instances WHERE "DefinitionKey" = 'nodes-ten-thousand' AND "Status" = 'completed'""");
            (completed, progressAt) = now > completed ? (now, DateTime.UtcNow) : (completed, progressAt);
        }

        var left = $"armed {await ScalarAsync("""SELECT count(*) FROM timers WHERE "Status" = 'Armed'""")}, of them claimed {await ScalarAsync("""SELECT count(*) FROM timers WHERE "Status" = 'Armed' AND "ClaimedUntil" IS NOT NULL""")}, tried more than once {await ScalarAsync("""SELECT count(*) FROM timers WHERE "Attempts" > 1""")}";

        var fired = await ScalarAsync("""SELECT count(*) FROM history WHERE "Type" = 'timer.fired'""");
        var firedInstances = await ScalarAsync("""SELECT count(DISTINCT "InstanceId") FROM history WHERE "Type" = 'timer.fired'""");
        var stampedElsewhen = await ScalarAsync("""SELECT count(*) FROM history WHERE "Type" = 'timer.fired' AND "Timestamp" <> @due""", ("due", clock.GetUtcNow()));
        Assert.Multiple(() =>
        {
            Assert.That(fired, Is.EqualTo(Timers), "each timer fired once");
            Assert.That(firedInstances, Is.EqualTo(Timers), "none twice, none lost");
            Assert.That(completed, Is.EqualTo(Timers), "every instance completed; " + left);
            Assert.That(stampedElsewhen, Is.Zero, "each fired at the instant the clock reached");
            Assert.That(timings.Select(t => t.Snapshot().Steps), Is.All.GreaterThan(0L), "both hosts fired part of the burst");
        });

        async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return (long)(await command.ExecuteScalarAsync())!;
        }
    }

    [Test]
    public async Task AHostKilledWhileFiringABurstOfTimersLeavesItsClaimsToTheOtherWhichFiresEachOnce()
    {
        const int Timers = 500;
        var clock = new FakeTimeProvider(WorkflowApplication.Start);
        using var b = new WorkflowApplication(clock: clock, provider: DatabaseProvider.PostgreSql);
        var a = new WorkflowApplication(clock: clock, postgreSqlDatabase: b.PostgreSqlDatabase);
        var death = new KillSwitch(after: 10); // of the 16 steps firing the 500 (32 timers to a step, 8 steps at once)
        a.TestServices = services => services.AddSingleton<IStepPreparation>(death);
        using var onB = await b.OperatorClientAsync();
        Assert.That((await onB.DeployAsync(TimerOnly("nodes-burst", "PT1H"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var engineB = b.Services.GetRequiredService<IWorkflowEngine>();
        for (var i = 0; i < Timers; i += 50)
        {
            await Task.WhenAll(Enumerable.Range(i, 50).Select(_ => engineB.StartAsync(new StartInstanceRequest("nodes-burst"))));
        }

        await using var connection = new NpgsqlConnection(b.PostgreSqlDatabase);
        await connection.OpenAsync();
        var engineA = a.Services.GetRequiredService<IWorkflowEngine>();
        clock.Advance(TimeSpan.FromHours(1));

        // A claims the whole burst in one sweep and starts firing; after 10 steps have begun it dies: no step of it
        // begins or commits any more, and its claims stay in the database.
        death.Arm();
        var killed = await Assert.CatchAsync<OperationCanceledException>(() => engineA.FireDueTimersAsync(clock.GetUtcNow(), death.Dead));
        Assert.That(killed!.CancellationToken, Is.EqualTo(death.Dead), "A's sweep ended because A died");
        a.Dispose();
        var firedByA = await FiredAsync();
        Assert.That(firedByA, Is.InRange(1, Timers - 1), "A was killed mid-burst");
        await using (var claimed = new NpgsqlCommand("""SELECT count(*) FROM timers WHERE "Status" = 'Armed' AND "ClaimedUntil" IS NOT NULL""", connection))
        {
            Assert.That(await claimed.ExecuteScalarAsync(), Is.GreaterThan(0L), "A died holding claims");
        }

        // Before the claims' lease runs out B leaves them alone; after it, B fires every one left.
        Assert.That(await engineB.FireDueTimersAsync(clock.GetUtcNow()), Is.Zero, "claims A still holds are not taken");
        clock.Advance(TimeSpan.FromMinutes(3));
        var firedByB = await engineB.FireDueTimersAsync(clock.GetUtcNow());

        await using var counts = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM history WHERE "Type" = 'timer.fired'),
                   (SELECT count(DISTINCT "InstanceId") FROM history WHERE "Type" = 'timer.fired'),
                   (SELECT count(*) FROM instances WHERE "DefinitionKey" = 'nodes-burst' AND "Status" = 'completed'),
                   (SELECT count(*) FROM timers WHERE "Status" = 'Armed')
            """, connection);
        await using var reader = await counts.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(firedByB, Is.EqualTo(Timers - firedByA), "B fired exactly the ones A had not");
            Assert.That(reader.GetInt64(0), Is.EqualTo(Timers), "each timer fired once");
            Assert.That(reader.GetInt64(1), Is.EqualTo(Timers), "none fired twice, none lost");
            Assert.That(reader.GetInt64(2), Is.EqualTo(Timers), "every instance completed");
            Assert.That(reader.GetInt64(3), Is.Zero, "no timer left armed");
        });

        async Task<long> FiredAsync()
        {
            await using var command = new NpgsqlCommand("""SELECT count(*) FROM history WHERE "Type" = 'timer.fired'""", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }

    [Test]
    public async Task AHostKilledWhileSendingQueuedEmailsLeavesTheRestToTheOtherAndNoneIsSentTwiceOrSilentlyLost()
    {
        const int Emails = 200;
        using var smtp = await SmtpTestServer.StartAsync();
        var clock = new FakeTimeProvider(WorkflowApplication.Start);
        using var b = new WorkflowApplication(clock: clock, provider: DatabaseProvider.PostgreSql);
        var a = new WorkflowApplication(clock: clock, postgreSqlDatabase: b.PostgreSqlDatabase);
        foreach (var host in new[] { a, b })
        {
            host.Settings["Workflows:Smtp:Host"] = "127.0.0.1";
            host.Settings["Workflows:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            host.Settings["Workflows:Smtp:Security"] = "None";
            host.Settings["Workflows:Recipients:Entries:0:Name"] = "unit:jsj";
            host.Settings["Workflows:Recipients:Entries:0:Addresses"] = "anquan@jsj.zzut.edu.cn";
        }

        using var onB = await b.OperatorClientAsync();
        var senderOnA = a.Services.GetRequiredService<Email.OutboxSender>(); // A is up (its start-up pass done) before the queue fills
        Assert.That((await onB.DeployAsync(Fixtures.Review())).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        for (var i = 0; i < Emails; i += 20)
        {
            // Each start writes one notice to the outbox.
            var starts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => onB.PostJsonAsync("/api/instances", new { definitionKey = "api-review", variables = new { unitCode = "jsj" } })));
            Assert.That(starts.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
        }

        Assert.That((await (await onB.GetAsync("/api/outbox?status=pending")).ReadJsonAsync()).AsArray(), Has.Count.EqualTo(Emails), "queued, none sent yet");
        Assert.That(smtp.Messages(), Is.Empty);

        // A sends the queue one message after another and dies once the server has stored the fifth (a watcher on the
        // server's maildir pulls the plug).
        using var death = new CancellationTokenSource();
        var stored = 0;
        using var watcher = new FileSystemWatcher(Directory.CreateDirectory(Path.Combine(smtp.MailDir, "new")).FullName) { EnableRaisingEvents = true };
        void Count(object? sender, FileSystemEventArgs e)
        {
            if (Interlocked.Increment(ref stored) >= 5)
            {
                death.Cancel();
            }
        }

        watcher.Created += Count;
        watcher.Renamed += Count;
        var sending = senderOnA.SendDueAsync(clock.GetUtcNow(), death.Token);
        Assert.That(async () => await sending, Throws.InstanceOf<OperationCanceledException>(), "A died mid-queue");
        a.Dispose();
        var byA = smtp.Messages().Count;
        Assert.That(byA, Is.InRange(5, Emails - 1));

        // B sends what is left; a message A had begun (status "sending": the server may have it) is not resent but
        // marked failed for an administrator once it is older than twice the SMTP timeout.
        clock.Advance(TimeSpan.FromMinutes(2));
        var byB = await b.Services.GetRequiredService<Email.OutboxSender>().SendDueAsync(clock.GetUtcNow());

        var rows = (await (await onB.GetAsync("/api/outbox")).ReadJsonAsync()).AsArray();
        var sent = rows.Count(r => r!["status"]!.GetValue<string>() == "sent");
        var failed = rows.Where(r => r!["status"]!.GetValue<string>() == "failed").ToList();
        var delivered = smtp.Messages();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(Emails));
            Assert.That(sent + failed.Count, Is.EqualTo(Emails), "every message sent or visibly failed, none left behind");
            Assert.That(failed, Has.Count.AtMost(1), "at most the one A was sending when it died");
            Assert.That(failed.Select(f => f!["lastError"]!.GetValue<string>()), Has.All.Contain("stopped before the server's answer"));
            Assert.That(byB, Is.EqualTo(Emails - byA - failed.Count).Or.EqualTo(Emails - byA), "B sent exactly the ones A had not begun");
            Assert.That(delivered.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(delivered.Count), "none delivered twice");
            Assert.That(delivered.Count, Is.InRange(sent, sent + failed.Count), "the server has each sent one (and perhaps the failed one)");
        });
    }

    /// <summary>
    /// Host A's death: once armed, the first <c>after</c> steps run; then every step stops before it begins (as if the
    /// process were gone), and <see cref="Dead"/> is cancelled.
    /// </summary>
    private sealed class KillSwitch(int after) : IStepPreparation
    {
        private readonly CancellationTokenSource dead = new();
        private int armed;
        private int steps;

        public CancellationToken Dead => dead.Token;

        public void Arm() => Volatile.Write(ref armed, 1);

        public ValueTask PrepareAsync(CancellationToken cancellationToken = default)
        {
            if (Volatile.Read(ref armed) == 1 && Interlocked.Increment(ref steps) > after)
            {
                dead.Cancel();
                throw new OperationCanceledException("Host A is gone.", dead.Token);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>start → a timer of <paramref name="duration"/> → end.</summary>
    internal static string TimerOnly(string key, string duration) => $$"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://zzut.edu.cn/tests">
          <bpmn:process id="{{key}}" name="定时" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>{{duration}}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
            <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Host A on a new PostgreSQL database, host B on the same one (one clock), each with a signed-in operator.</summary>
    private sealed class Hosts : IDisposable
    {
        private Hosts(WorkflowApplication a, WorkflowApplication b)
        {
            A = a;
            B = b;
        }

        public WorkflowApplication A { get; }

        public WorkflowApplication B { get; }

        public string Database => A.PostgreSqlDatabase!;

        public HttpClient OnA { get; private set; } = null!;

        public HttpClient OnB { get; private set; } = null!;

        public static async Task<Hosts> StartAsync(Dictionary<string, string?>? settings = null, bool signIn = true)
        {
            var clock = new FakeTimeProvider(WorkflowApplication.Start);
            var a = new WorkflowApplication(clock: clock, provider: DatabaseProvider.PostgreSql);
            var hosts = new Hosts(a, new WorkflowApplication(clock: clock, postgreSqlDatabase: a.PostgreSqlDatabase));
            foreach (var (key, value) in settings ?? [])
            {
                hosts.A.Settings[key] = value;
                hosts.B.Settings[key] = value;
            }

            if (signIn)
            {
                hosts.OnA = await a.OperatorClientAsync();
                hosts.OnB = await hosts.B.OperatorClientAsync();
            }

            return hosts;
        }

        public void Dispose()
        {
            OnA?.Dispose();
            OnB?.Dispose();
            B.Dispose();
            A.Dispose();
        }
    }
}
