using Zzut.Workflows.Host.Apis;
using Zzut.Workflows.Host.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddWorkflowServices();
builder.AddHttpApi();

var app = builder.Build();

app.UseHttpApi();
app.MapDefinitionsApi();
app.MapInstancesApi();
app.MapTasksApi();
app.MapMessagesApi();
app.MapTimersApi();
app.MapHealthApi();

await app.InitializeWorkflowsAsync();
await app.RunAsync();

/// <summary>The host's entry point; public so that integration tests can start it (WebApplicationFactory).</summary>
public partial class Program;
