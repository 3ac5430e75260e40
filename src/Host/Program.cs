using Zzut.Workflows.Host.Apis;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Host.Jobs;

var builder = WebApplication.CreateBuilder(args);

builder.AddWorkflowServices();
builder.AddHttpApi();
builder.AddWorkflowJobs();

var app = builder.Build();

app.UseHttpApi();
app.UseWorkflowJobs();
app.MapDefinitionsApi();
app.MapInstancesApi();
app.MapTasksApi();
app.MapMessagesApi();
app.MapTimersApi();
app.MapOutboxApi();
app.MapHealthApi();

await app.InitializeWorkflowsAsync();
await app.RunStartupPassAsync();
await app.RunAsync();

/// <summary>The host's entry point; public so that integration tests can start it (WebApplicationFactory).</summary>
public partial class Program;
