using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.Sqlite;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows;

/// <summary>Registers the engine.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IWorkflowEngine"/>, its database context, the activity registry and the expression sandbox.
    /// <see cref="TimeProvider"/> defaults to the system clock; register another one to replace it.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configureDatabase">Chooses the provider, e.g. <c>db => db.UseSqlite(connectionString)</c>.</param>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<DbContextOptionsBuilder> configureDatabase)
    {
        // Each provider has its own context type, which owns that provider's migrations.
        var probe = new DbContextOptionsBuilder();
        configureDatabase(probe);
        var provider = probe.Options.Extensions.Select(e => e.GetType().Name).FirstOrDefault(n => n.EndsWith("OptionsExtension", StringComparison.Ordinal) && !n.StartsWith("Core", StringComparison.Ordinal));
        switch (provider)
        {
            case "SqliteOptionsExtension":
                services.AddDbContext<SqliteWorkflowDbContext>((sp, db) =>
                {
                    configureDatabase(db);
                    db.ReplaceService<IModelCacheKeyFactory, ProviderAwareModelCacheKeyFactory>();
                    db.AddInterceptors(new SqlitePragmas(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.SqliteSynchronous));
                });
                services.AddScoped<WorkflowDbContext>(sp => sp.GetRequiredService<SqliteWorkflowDbContext>());
                break;
            default:
                throw new InvalidOperationException($"The engine database provider ({provider ?? "none"}) is not supported; configure SQLite with db.UseSqlite(...).");
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WorkflowEngineOptions>();
        services.AddOptions<ExpressionSandboxOptions>();
        services.TryAddSingleton<IExpressionEvaluator>(sp => new JintExpressionEvaluator(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ExpressionSandboxOptions>>().Value,
            sp.GetServices<ExpressionDateFunction>()));
        services.TryAddSingleton<IActivityRegistry, ActivityRegistry>();
        services.TryAddSingleton<IWorkScheduler, SweepOnlyWorkScheduler>();
        services.TryAddSingleton<BpmnCompiler>();
        services.TryAddSingleton<DefinitionCache>();
        services.TryAddSingleton<StepTimings>();
        services.AddOptions<TimerDispatcherOptions>();
        services.TryAddSingleton<TimerDispatcher>();
        services.TryAddSingleton<IStepPipeline>(sp => sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.GroupCommit
            ? ActivatorUtilities.CreateInstance<GroupCommitPipeline>(sp)
            : ActivatorUtilities.CreateInstance<DirectStepPipeline>(sp));
        services.TryAddSingleton<WorkflowEngine>();
        services.TryAddSingleton<IWorkflowEngine>(sp => sp.GetRequiredService<WorkflowEngine>());
        services.TryAddSingleton<IDefinitionFolderDeployer>(sp => sp.GetRequiredService<WorkflowEngine>());
        services.AddEngineFacades();
        return services;
    }

    /// <summary>
    /// Points another context at the connection of the engine's context in the same scope, with the engine's per-connection
    /// settings, so that it reads what the step sees and can save in the step's transaction as an <see cref="IStepParticipant"/>.
    /// </summary>
    /// <param name="builder">The other context's options.</param>
    /// <param name="scope">The scope's services (the engine's context is resolved from them).</param>
    /// <param name="sqlite">Provider options of the other context, e.g. its own migrations history table.</param>
    public static DbContextOptionsBuilder UseWorkflowConnection(this DbContextOptionsBuilder builder, IServiceProvider scope, Action<Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder>? sqlite = null)
    {
        var engineContext = scope.GetRequiredService<WorkflowDbContext>();
        if (!engineContext.Database.IsSqlite())
        {
            throw new InvalidOperationException("Only the SQLite engine database is supported.");
        }

        builder.UseSqlite(engineContext.Database.GetDbConnection(), sqlite);
        builder.AddInterceptors(new SqlitePragmas(scope.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.SqliteSynchronous));
        return builder;
    }

    /// <summary>
    /// Enlists another context in the step's transaction (an <see cref="IStepParticipant"/>): moves it onto the
    /// transaction's connection (the step may be written by a group-commit writer on a connection of its own) and
    /// joins the transaction. Undo with <c>UseTransactionAsync(null)</c> after saving.
    /// </summary>
    public static async Task JoinStepTransactionAsync(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        var connection = transaction.Connection ?? throw new InvalidOperationException("The step's transaction has no connection.");
        if (!ReferenceEquals(database.GetDbConnection(), connection))
        {
            await database.CloseConnectionAsync();
            database.SetDbConnection(connection, contextOwnsConnection: false);
        }

        database.AutoSavepointsEnabled = false; // The step has its own savepoint.
        await database.UseTransactionAsync(transaction, cancellationToken);
    }

    /// <summary>Registers an activity; its <see cref="IActivity.Topic"/> is the name definitions use.</summary>
    public static IServiceCollection AddWorkflowActivity<TActivity>(this IServiceCollection services)
        where TActivity : class, IActivity
    {
        services.AddSingleton<IActivity, TActivity>();
        return services;
    }

    /// <summary>Creates or upgrades the engine's database; for SQLite also switches the file to WAL.</summary>
    public static async Task InitializeWorkflowDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        if (db.Database.IsSqlite())
        {
            var connection = db.Database.GetConnectionString();
            var dataSource = connection is null ? null : new SqliteConnectionStringBuilder(connection).DataSource;
            var folder = string.IsNullOrEmpty(dataSource) ? null : Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
