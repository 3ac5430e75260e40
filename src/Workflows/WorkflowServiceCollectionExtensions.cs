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
using Zzut.Workflows.Persistence.PostgreSql;
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
    /// <param name="database">The provider and connection string (<see cref="WorkflowDatabaseOptions"/>).</param>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, WorkflowDatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        database.EnsureValid();
        var connectionString = database.EffectiveConnectionString()!;
        services.AddSingleton(new WorkflowDatabaseChoice(database.Provider));
        services.AddOptions<WorkflowDatabaseOptions>().Configure(o =>
        {
            o.Provider = database.Provider;
            o.ConnectionString = connectionString;
        });
        // Each provider has its own context type, which owns that provider's migrations. SQLite contexts are pooled: a
        // step leases one instead of building its options and internal services anew (the pool resets its change
        // tracker and transaction). Its connection is the scope's, leased from the kept open connections whose
        // statements stay parsed (SqliteConnections, SqliteStatementCache); the group-commit writer hands a context back
        // that connection (see LeaveStepTransactionAsync). PostgreSQL contexts are not pooled: a pooled context keeps
        // its connection, whose connection string has lost its password once opened, and contexts sharing that
        // connection read it.
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.TryAddSingleton(sp => new SqliteConnections(connectionString, sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.SqliteSynchronous));
                services.TryAddScoped<SqliteConnectionLease>();
                services.AddDbContextPool<SqliteWorkflowDbContext>((sp, db) =>
                {
                    db.UseSqlite(connectionString);
                    db.ReplaceService<IModelCacheKeyFactory, ProviderAwareModelCacheKeyFactory>();
                    db.AddInterceptors(
                        new SqlitePragmas(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.SqliteSynchronous),
                        SqliteStatementReuse.Instance);
                });
                services.AddScoped<WorkflowDbContext>(sp =>
                {
                    // The lease first: the scope ends the context's lease before it gives the connection back.
                    var connection = sp.GetRequiredService<SqliteConnectionLease>().Connection;
                    var db = sp.GetRequiredService<SqliteWorkflowDbContext>();
                    db.Database.SetDbConnection(connection, contextOwnsConnection: false);
                    return db;
                });
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContext<PostgreSqlWorkflowDbContext>(db =>
                {
                    db.UseNpgsql(connectionString);
                    db.ReplaceService<IModelCacheKeyFactory, ProviderAwareModelCacheKeyFactory>();
                });
                services.AddScoped<WorkflowDbContext>(sp => sp.GetRequiredService<PostgreSqlWorkflowDbContext>());
                break;
            default:
                throw new InvalidOperationException($"The database provider {database.Provider} is not supported; use Sqlite or PostgreSql.");
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
        services.AddOptions<ExternalTaskDispatcherOptions>();
        services.TryAddSingleton<ExternalTaskDispatcher>();
        // Group commit serves SQLite's single writer; PostgreSQL locks rows, so each step commits on its own connection.
        services.TryAddSingleton<IStepPipeline>(sp => database.Provider == DatabaseProvider.Sqlite && sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.GroupCommit
            ? ActivatorUtilities.CreateInstance<GroupCommitPipeline>(sp)
            : ActivatorUtilities.CreateInstance<DirectStepPipeline>(sp));
        services.TryAddSingleton<IPipelineWrites, PipelineWrites>();
        services.TryAddSingleton<WorkflowEngine>();
        services.TryAddSingleton<IWorkflowEngine>(sp => sp.GetRequiredService<WorkflowEngine>());
        services.TryAddSingleton<IDefinitionFolderDeployer>(sp => sp.GetRequiredService<WorkflowEngine>());
        services.TryAddSingleton(sp => new DefinitionCatalog(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<DefinitionCache>()));
        services.TryAddSingleton<DefinitionDrafts>();
        services.AddEngineFacades();
        return services;
    }

    /// <summary>
    /// Registers another context on the engine's connection for the provider the engine was registered with:
    /// <typeparamref name="TContext"/> itself on SQLite, <typeparamref name="TPostgreSqlContext"/> (which owns the
    /// PostgreSQL migrations) on PostgreSQL, resolved as <typeparamref name="TContext"/> either way. On SQLite the
    /// contexts are pooled like the engine's (a scope leases one and points it at the scope's connection; building a
    /// context's options and internal services anew took a twentieth of the evaluation scan's CPU); on PostgreSQL each
    /// scope builds one on the engine context's connection. Call after
    /// <see cref="AddWorkflowEngine"/>.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="migrationsHistoryTable">The context's own migrations history table.</param>
    /// <param name="leased">Runs when a scope gets its context (a pooled one is reused: anything a lease may change is set here).</param>
    public static IServiceCollection AddWorkflowConnectionContext<TContext, TPostgreSqlContext>(this IServiceCollection services, string migrationsHistoryTable, Action<IServiceProvider, TContext>? leased = null)
        where TContext : DbContext
        where TPostgreSqlContext : TContext
    {
        var choice = services.LastOrDefault(d => d.ServiceType == typeof(WorkflowDatabaseChoice))?.ImplementationInstance as WorkflowDatabaseChoice
            ?? throw new InvalidOperationException($"Register the engine (AddWorkflowEngine) before {typeof(TContext).Name}, which shares its connection.");
        if (choice.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddDbContext<TPostgreSqlContext>((sp, db) => db.UseNpgsql(
                sp.GetRequiredService<WorkflowDbContext>().Database.GetDbConnection(),
                npgsql => npgsql.MigrationsHistoryTable(migrationsHistoryTable)));
            services.AddScoped<TContext>(sp =>
            {
                var context = sp.GetRequiredService<TPostgreSqlContext>();
                leased?.Invoke(sp, context);
                return context;
            });
        }
        else
        {
            services.AddPooledDbContextFactory<TContext>((sp, db) =>
            {
                db.UseSqlite(sqlite => sqlite.MigrationsHistoryTable(migrationsHistoryTable));
                db.AddInterceptors(new SqlitePragmas(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.SqliteSynchronous), SqliteStatementReuse.Instance);
            });
            services.AddScoped<TContext>(sp =>
            {
                var connection = sp.GetRequiredService<WorkflowDbContext>().Database.GetDbConnection();
                var context = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
                context.Database.SetDbConnection(connection, contextOwnsConnection: false);
                leased?.Invoke(sp, context);
                return context;
            });
        }

        return services;
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

    /// <summary>
    /// Undoes <see cref="JoinStepTransactionAsync"/> for a context whose own connection is its scope's
    /// (<see cref="SqliteConnectionLease"/>): leaves the transaction and the other connection (which stays open) and
    /// takes <paramref name="ownConnection"/> again, so that a context never carries another's connection.
    /// </summary>
    internal static async Task LeaveStepTransactionAsync(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, System.Data.Common.DbConnection stepConnection, System.Data.Common.DbConnection ownConnection)
    {
        if (!ReferenceEquals(database.GetDbConnection(), stepConnection))
        {
            return;
        }

        try
        {
            await database.UseTransactionAsync(null);
        }
        finally
        {
            database.SetDbConnection(ownConnection, contextOwnsConnection: false);
        }
    }

    /// <summary>Registers an activity; its <see cref="IActivity.Topic"/> is the name definitions use.</summary>
    public static IServiceCollection AddWorkflowActivity<TActivity>(this IServiceCollection services)
        where TActivity : class, IActivity
    {
        services.AddSingleton<IActivity, TActivity>();
        return services;
    }

    /// <summary>Creates or upgrades the engine's database (on PostgreSQL the database must exist); for SQLite also switches the file to WAL.</summary>
    public static async Task InitializeWorkflowDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        // The file's folder first: on SQLite a scope's context comes with its connection open (SqliteConnections).
        var database = services.GetRequiredService<IOptions<WorkflowDatabaseOptions>>().Value;
        if (database.Provider == DatabaseProvider.Sqlite && database.ConnectionString is { } connectionString)
        {
            var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
            var folder = string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" ? null : Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}

/// <summary>The provider the engine was registered with (found in the service collection by contexts that share its connection).</summary>
internal sealed record WorkflowDatabaseChoice(DatabaseProvider Provider);
