using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Activities.Ledgers;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Host.Forms;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>Wires the engine into the host: options, database, activities, start-up deployment.</summary>
public static class WorkflowHostExtensions
{
    /// <summary>Registers the engine on the configured database (SQLite under the data folder by default).</summary>
    public static IHostApplicationBuilder AddWorkflowServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkflowHostOptions>().BindConfiguration(WorkflowHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WorkflowEngineOptions>().BindConfiguration(WorkflowEngineOptions.Section);
        builder.Services.AddOptions<ExpressionSandboxOptions>().BindConfiguration(ExpressionSandboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<Parsing.BpmnReaderOptions>().BindConfiguration(Parsing.BpmnReaderOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddOptions<WorkflowDatabaseOptions>().BindConfiguration(WorkflowDatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddWorkflowEngine(ResolveDatabase(builder));
        builder.Services.AddBuiltInActivities();
        builder.Services.AddEmailActivities();
        builder.Services.AddLedgers();
        builder.Services.AddSingleton<FormStore>();
        builder.Services.AddSingleton<Domain.IReferenceSnapshot>(sp => sp.GetRequiredService<FormStore>());
        builder.Services.AddSingleton<Runtime.IStepPreparation, ReferenceDataStepPreparation>();
        builder.Services.AddOptions<SubmissionOptions>().BindConfiguration(SubmissionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<SubmissionRules>();
        builder.Services.AddScoped<FormValidator>();
        builder.Services.AddScoped<LedgerReferences>();
        builder.Services.AddScoped<SubmissionCheck>();
        builder.Services.AddScoped<ReferenceNames>();
        builder.Services.AddScoped<TaskCase>();
        builder.Services.AddScoped<InstanceVariables>();
        builder.Services.AddSingleton<ComputedVariables>();
        builder.Services.AddSingleton<Parsing.IDefinitionValidator, FormReferenceValidator>();
        builder.Services.AddSingleton<Parsing.IDefinitionValidator, ComputedVariableFormValidator>();
        builder.Services.AddOptions<Email.SmtpOptions>().BindConfiguration(Email.SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>
    /// Before every request: this node's snapshots (forms, calendar) are brought up to what the database holds, so a
    /// change another node committed before the request began is seen (<see cref="Domain.ReferenceData"/>; nothing on
    /// SQLite). Steps the request runs are not checked again.
    /// </summary>
    public static WebApplication UseReferenceDataCheck(this WebApplication app)
    {
        var data = app.Services.GetRequiredService<Domain.ReferenceData>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
            {
                await next(context); // reports a database that is down as such, instead of failing here
                return;
            }

            await data.EnsureCurrentAsync(context.RequestAborted);
            using (data.MarkChecked())
            {
                await next(context);
            }
        });
        return app;
    }

    /// <summary>
    /// Creates or migrates the database, seeds the ledgers' empty parts (units, calendar, evaluation periods) from the
    /// definitions folder, loads the forms, then deploys the shipped definitions (a broken one stops the start).
    /// </summary>
    public static async Task InitializeWorkflowsAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.InitializeWorkflowDatabaseAsync(cancellationToken);
        var folder = ResolveDefinitionsFolder(app.Services);
        await app.Services.InitializeLedgersAsync(folder, cancellationToken);
        var forms = app.Services.GetRequiredService<FormStore>();
        var deployedForms = await forms.DeployFolderAsync(Path.Combine(folder, "forms"), cancellationToken);
        var newVersions = deployedForms.Count(f => f.Created);
        HostLog.FormsLoaded(app.Logger, deployedForms.Count, newVersions, folder);
        var deployer = app.Services.GetRequiredService<IDefinitionFolderDeployer>();
        try
        {
            foreach (var deployment in await deployer.DeployFolderAsync(folder, cancellationToken))
            {
                HostLog.DefinitionReady(app.Logger, deployment.Key, deployment.Version, deployment.Created ? "deployed" : "unchanged");
            }
        }
        catch (Parsing.BpmnValidationException ex)
        {
            foreach (var error in ex.Errors)
            {
                HostLog.ShippedDefinitionInvalid(app.Logger, error);
            }

            throw;
        }
    }

    /// <summary>The definitions folder: <c>Workflows:DefinitionsPath</c>, or <c>definitions</c> next to the binaries.</summary>
    public static string ResolveDefinitionsFolder(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<WorkflowHostOptions>>().Value;
        return string.IsNullOrWhiteSpace(options.DefinitionsPath)
            ? Path.Combine(AppContext.BaseDirectory, "definitions")
            : Path.GetFullPath(options.DefinitionsPath, services.GetRequiredService<IHostEnvironment>().ContentRootPath);
    }

    /// <summary>
    /// The database of the engine, the ledgers and the accounts: <c>Workflows:Database:Provider</c> (SQLite by default)
    /// and <c>ConnectionStrings:Workflows</c> — for SQLite an empty one means a file in the data folder. Unusable settings
    /// (PostgreSQL without a connection string) stop the start here, with the setting to fix in the message.
    /// </summary>
    /// <exception cref="InvalidOperationException">The settings are unusable.</exception>
    public static WorkflowDatabaseOptions ResolveDatabase(IHostApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(WorkflowDatabaseOptions.Section).Get<WorkflowDatabaseOptions>() ?? new WorkflowDatabaseOptions();
        database.ConnectionString = builder.Configuration.GetConnectionString(WorkflowDatabaseOptions.ConnectionStringName);
        if (database.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            database.ConnectionString = $"Data Source={Path.Combine(ResolveDataPath(builder), "zzut-workflows.db")}";
        }

        database.EnsureValid();
        database.ConnectionString = database.EffectiveConnectionString();
        return database;
    }

    /// <summary>The data folder (<c>Workflows:DataPath</c> under the content root), created when missing.</summary>
    public static string ResolveDataPath(IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{WorkflowHostOptions.Section}:{nameof(WorkflowHostOptions.DataPath)}"];
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>Brings the node's reference-data snapshots up to date before a step (<see cref="Domain.ReferenceData"/>).</summary>
internal sealed class ReferenceDataStepPreparation(Domain.ReferenceData data) : Runtime.IStepPreparation
{
    /// <inheritdoc />
    public ValueTask PrepareAsync(CancellationToken cancellationToken = default) => data.EnsureCurrentAsync(cancellationToken);
}
