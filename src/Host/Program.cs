using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Apis;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Host.Jobs;
using Zzut.Workflows.Host.Jobs.Scans;
using Zzut.Workflows.Host.WebUi;

if (args is [MigrateToPostgreSqlCommand.Verb, ..])
{
    return await MigrateToPostgreSqlCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddWorkflowServices();
builder.AddAccounts(WorkflowHostExtensions.ResolveDatabase(builder));
builder.AddHttpApi();
builder.AddWorkflowJobs();
builder.AddScans();
builder.AddWebUi();

var app = builder.Build();

app.UseHttpApi();
app.UseWebUi();
app.UseAccounts();
app.UseJsonBodyCheck();
app.UseReferenceDataCheck();
app.UseWorkflowJobs();
app.MapAuthApi();
app.MapUsersApi();
app.MapDefinitionsApi();
app.MapInstancesApi();
app.MapTasksApi();
app.MapMessagesApi();
app.MapTimersApi();
app.MapOutboxApi();
app.MapOperationsApi();
app.MapFormsApi();
app.MapDirectoryApi();
app.MapLedgersApi();
app.MapReferencesApi();
app.MapCalendarApi();
app.MapVmsApi();
app.MapJobsApi();
app.MapComplianceApi();
app.MapDutiesApi();
app.MapDutyApi();
app.MapReportsApi();
app.MapHealthApi();
app.MapWebUi();

await app.InitializeWorkflowsAsync();
await app.InitializeAccountsAsync();
await app.RunStartupPassAsync();
await app.RunAsync();
return 0;

/// <summary>The host's entry point; public so that integration tests can start it (WebApplicationFactory).</summary>
public partial class Program;
