using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>Starting, reading, cancelling and repairing process instances.</summary>
public static class InstancesApi
{
    /// <summary>Maps <c>/api/instances</c>.</summary>
    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/instances").WithTags("Instances");
        group.MapPost("/", StartAsync).WithSummary("Start an instance of the latest (or a named) version.");
        group.MapGet("/", QueryAsync).WithSummary("Instances by definition key, status and business key.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One instance with its incidents.");
        group.MapGet("/{id:guid}/history", HistoryAsync).WithSummary("The instance's hash-chained history.");
        group.MapGet("/{id:guid}/history/verify", VerifyAsync).WithSummary("Whether the history chain is intact.");
        group.MapPost("/{id:guid}/cancel", CancelAsync).WithSummary("Cancel a running instance.");
        group.MapPatch("/{id:guid}/variables", SetVariablesAsync).WithSummary("Set variables of a running instance, e.g. to fix an incident's cause.");
        group.MapPost("/{id:guid}/incidents/{incidentId:guid}/retry", RetryAsync).WithSummary("Retry the element where an incident was raised.");
        return routes;
    }

    /// <summary>The body of a start request.</summary>
    public sealed record StartInstanceBody(string? DefinitionKey, int? Version, string? BusinessKey, JsonObject? Variables);

    private static async Task<Results<Created<InstanceView>, ValidationProblem>> StartAsync(StartInstanceBody body, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.DefinitionKey))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["definitionKey"] = ["The definition key is required."] });
        }

        var instance = await engine.StartAsync(new StartInstanceRequest(body.DefinitionKey, body.Version, body.BusinessKey, body.Variables, context.Actor()), cancellationToken);
        return TypedResults.Created($"/api/instances/{instance.Id}", instance);
    }

    private static async Task<Ok<IReadOnlyList<InstanceView>>> QueryAsync(string? definitionKey, string? status, string? businessKey, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.QueryInstancesAsync(new InstanceQuery(definitionKey, status, businessKey), cancellationToken));

    private static async Task<Results<Ok<InstanceView>, NotFound<ProblemDetails>>> GetAsync(Guid id, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        await engine.GetInstanceAsync(id, cancellationToken) is { } instance
            ? TypedResults.Ok(instance)
            : TypedResults.NotFound(Problems.NotFound($"Instance {id} does not exist."));

    private static async Task<Results<Ok<IReadOnlyList<HistoryEntryView>>, NotFound<ProblemDetails>>> HistoryAsync(Guid id, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        await engine.GetHistoryAsync(id, cancellationToken) is { } history
            ? TypedResults.Ok(history)
            : TypedResults.NotFound(Problems.NotFound($"Instance {id} does not exist."));

    private static async Task<Results<Ok<HistoryVerification>, NotFound<ProblemDetails>>> VerifyAsync(Guid id, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        await engine.VerifyHistoryAsync(id, cancellationToken) is { } verdict
            ? TypedResults.Ok(verdict)
            : TypedResults.NotFound(Problems.NotFound($"Instance {id} does not exist."));

    private static async Task<Ok<InstanceView>> CancelAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.CancelAsync(id, context.Actor(), cancellationToken));

    private static async Task<Ok<InstanceView>> SetVariablesAsync(Guid id, JsonObject variables, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.SetVariablesAsync(id, variables, context.Actor(), cancellationToken));

    private static async Task<Ok<InstanceView>> RetryAsync(Guid id, Guid incidentId, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.RetryIncidentAsync(id, incidentId, context.Actor(), cancellationToken));
}
