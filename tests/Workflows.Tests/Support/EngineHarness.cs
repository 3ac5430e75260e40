using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Tests.Support;

/// <summary>
/// A real engine on its own database — a SQLite file in a temp folder, or a PostgreSQL database of its own on the test
/// server (<see cref="TestPostgres"/>) — with a fake clock. Dispose to delete it; <see cref="RestartAsync"/> builds a new
/// engine on the same database, as after a process restart.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    /// <summary>The fixed instant every harness starts at: Monday 2 March 2026, 09:00 Beijing time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly string folder;
    private readonly Action<IServiceCollection>? configure;
    private ServiceProvider provider;

    private EngineHarness(string folder, WorkflowDatabaseOptions database, FakeTimeProvider clock, Action<IServiceCollection>? configure)
    {
        this.folder = folder;
        Database = database;
        this.configure = configure;
        Clock = clock;
        provider = Build();
    }

    /// <summary>The database the engine runs on.</summary>
    public WorkflowDatabaseOptions Database { get; }

    /// <summary>The container (for services a test added with <c>configure</c>).</summary>
    public IServiceProvider Services => provider;

    public FakeTimeProvider Clock { get; }

    public FlakyActivity Flaky { get; } = new();

    /// <summary><c>test.remote</c>: the same behaviour as <see cref="Flaky"/>, but external (runs after the step, retried).</summary>
    public FlakyActivity Remote { get; } = new("test.remote", ActivityExecution.External);

    /// <summary>Everything the engine handed to its scheduler after each committed step.</summary>
    public RecordingScheduler Scheduled { get; } = new();

    public IWorkflowEngine Engine => provider.GetRequiredService<IWorkflowEngine>();

    /// <summary>The SQLite file (SQLite harnesses only).</summary>
    public string DatabasePath => Database.Provider == DatabaseProvider.Sqlite ? Path.Combine(folder, "engine.db") : throw new InvalidOperationException("The harness runs on PostgreSQL.");

    /// <summary>An engine on a new database of <paramref name="provider"/>.</summary>
    public static async Task<EngineHarness> CreateAsync(Action<IServiceCollection>? configure = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var folder = Path.Combine(Path.GetTempPath(), "zzut-engine-tests", Guid.NewGuid().ToString("N"));
        var database = new WorkflowDatabaseOptions
        {
            Provider = provider,
            ConnectionString = provider == DatabaseProvider.PostgreSql ? await TestPostgres.CreateDatabaseAsync() : $"Data Source={Path.Combine(folder, "engine.db")}",
        };
        Directory.CreateDirectory(folder);
        var harness = new EngineHarness(folder, database, new FakeTimeProvider(Start), configure);
        await harness.provider.InitializeWorkflowDatabaseAsync();
        return harness;
    }

    /// <summary>Throws the current engine away and builds a new one on the same database file.</summary>
    public async Task RestartAsync()
    {
        await provider.DisposeAsync();
        provider = Build();
        await provider.InitializeWorkflowDatabaseAsync();
    }

    public Task<DeploymentResult> DeployAsync(string xml) => Engine.DeployAsync(xml);

    public Task<InstanceView> StartAsync(string key, object? variables = null, string? businessKey = null) =>
        Engine.StartAsync(new StartInstanceRequest(key, null, businessKey, Vars(variables)));

    public async Task<TaskView> SingleOpenTaskAsync(Guid instanceId, string? elementId = null)
    {
        var tasks = await Engine.QueryTasksAsync(new TaskQuery(InstanceId: instanceId, Status: UserTaskStatus.Open));
        var matching = tasks.Where(t => elementId is null || t.ElementId == elementId).ToList();
        Assert.That(matching, Has.Count.EqualTo(1), $"open tasks: {string.Join(", ", tasks.Select(t => t.ElementId))}");
        return matching[0];
    }

    public async Task<IReadOnlyList<string>> OpenTaskElementsAsync(Guid instanceId) =>
        [.. (await Engine.QueryTasksAsync(new TaskQuery(InstanceId: instanceId, Status: UserTaskStatus.Open))).Select(t => t.ElementId).Order(StringComparer.Ordinal)];

    public Task<InstanceView> CompleteAsync(TaskView task, object? variables = null, string? actor = null) =>
        Engine.CompleteTaskAsync(task.Id, Vars(variables), actor);

    public async Task<InstanceView> InstanceAsync(Guid id) => (await Engine.GetInstanceAsync(id))!;

    /// <summary>Moves the fake clock and fires whatever became due, as the scheduler would.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return await Engine.FireDueTimersAsync(Clock.GetUtcNow());
    }

    public async Task<IReadOnlyList<string>> HistoryTypesAsync(Guid id, string? elementId = null) =>
        [.. (await Engine.GetHistoryAsync(id))!.Where(h => elementId is null || h.ElementId == elementId).Select(h => h.Type)];

    /// <summary>Runs a query directly against the database (for asserting rows the API does not show).</summary>
    public async Task<T> WithDbAsync<T>(Func<WorkflowDbContext, Task<T>> query)
    {
        await using var scope = provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowDbContext>());
    }

    public static JsonObject? Vars(object? variables) => variables switch
    {
        null => null,
        JsonObject json => json,
        _ => System.Text.Json.JsonSerializer.SerializeToNode(variables)!.AsObject(),
    };

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        if (Database.Provider == DatabaseProvider.PostgreSql)
        {
            await TestPostgres.DropDatabaseAsync(Database.ConnectionString!);
        }
        else
        {
            // This harness's pool only: clearing every pool while fixtures run side by side can dispose a connection
            // another test is opening at that moment.
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(Database.ConnectionString);
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException ex)
        {
            TestContext.Out.WriteLine($"Could not delete {folder}: {ex.Message}");
        }
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddWorkflowEngine(Database);
        services.AddBuiltInActivities();
        services.AddSingleton<IActivity>(Flaky);
        services.AddSingleton<IActivity>(Remote);
        services.AddSingleton<IWorkScheduler>(Scheduled);
        services.Configure<WorkflowEngineOptions>(o =>
        {
            o.ExternalTaskAttempts = 3;
            o.ExternalTaskBackoff = TimeSpan.FromSeconds(10);
        });
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}

/// <summary>Records the work each committed step scheduled.</summary>
public sealed class RecordingScheduler : IWorkScheduler
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<ScheduledWork> work = new();

    public IReadOnlyList<ScheduledWork> All => [.. work];

    public Task ScheduleAsync(ScheduledWork scheduled, CancellationToken cancellationToken = default)
    {
        work.Enqueue(scheduled);
        return Task.CompletedTask;
    }
}

/// <summary><c>test.flaky</c>: fails while <see cref="FailuresLeft"/> is above zero, then succeeds and sets <c>flakyDone</c>.</summary>
public sealed class FlakyActivity(string topic = "test.flaky", ActivityExecution execution = ActivityExecution.Transactional) : IActivity
{
    private int failuresLeft;
    private int calls;

    public string Topic => topic;

    public ActivityExecution Execution => execution;

    public int FailuresLeft
    {
        get => Volatile.Read(ref failuresLeft);
        set => Volatile.Write(ref failuresLeft, value);
    }

    public int Calls => Volatile.Read(ref calls);

    /// <summary>A variable the activity also sets without declaring it (a defect the engine must refuse); null: none.</summary>
    public string? AlsoSets { get; set; }

    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["flakyDone"];

    public Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        if (Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            throw new InvalidOperationException("the remote system is unavailable");
        }

        Volatile.Write(ref failuresLeft, 0);
        context.SetVariable("flakyDone", true);
        if (AlsoSets is { } undeclared)
        {
            context.SetVariable(undeclared, true);
        }

        return Task.CompletedTask;
    }
}
