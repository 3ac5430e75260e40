using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Activities.Builtin;

/// <summary>
/// <c>procedure.start</c>: starts another procedure and goes on without waiting for it (one procedure hands a case to
/// another, e.g. a triaged incident tip becomes the unit's incident report). Inputs: <c>definitionKey</c>,
/// <c>businessKey</c> (required: it makes the start idempotent — an instance with that key, running or ended, is the
/// one started, so a retried attempt never starts a second), <c>variables</c> (a <c>camunda:map</c>), and optional
/// <c>starter</c> (recorded as who started it; default <c>procedure:{this definition key}</c>). Output:
/// <c>startedInstanceId</c>. Runs as an external activity, after the step that reached it, with retries.
/// </summary>
public sealed class StartProcedureActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "procedure.start";

    /// <inheritdoc />
    public IReadOnlyCollection<string> OutputNames(IReadOnlyCollection<string> inputNames) => ["startedInstanceId"];

    /// <inheritdoc />
    public ActivityExecution Execution => ActivityExecution.External;

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var key = Text(context.Inputs.GetValueOrDefault("definitionKey")) ?? throw new InvalidOperationException("procedure.start needs the input 'definitionKey'.");
        var businessKey = Text(context.Inputs.GetValueOrDefault("businessKey")) ?? throw new InvalidOperationException("procedure.start needs the input 'businessKey' (it keeps a retried start from starting twice).");
        var variables = context.Inputs.GetValueOrDefault("variables") as JsonObject ?? [];
        var starter = Text(context.Inputs.GetValueOrDefault("starter")) ?? "procedure:" + context.DefinitionKey;
        var engine = context.Services.GetRequiredService<IWorkflowEngine>();

        var existing = await engine.QueryInstancesAsync(new InstanceQuery(key, BusinessKey: businessKey, Limit: 1), cancellationToken);
        var started = existing.Count > 0
            ? existing[0]
            : await StartAsync(engine, new StartInstanceRequest(key, null, businessKey, (JsonObject)variables.DeepClone(), starter), cancellationToken);
        context.SetVariable("startedInstanceId", started.Id.ToString());
    }

    private static async Task<InstanceView> StartAsync(IWorkflowEngine engine, StartInstanceRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.StartAsync(request, cancellationToken);
        }
        catch (WorkflowConflictException)
        {
            // A concurrent attempt started it meanwhile: that one is ours.
            return (await engine.QueryInstancesAsync(new InstanceQuery(request.DefinitionKey, BusinessKey: request.BusinessKey, Limit: 1), cancellationToken)).Single();
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.ToString() is { Length: > 0 } text ? text : null;
}
