using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Forms;
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
        group.MapGet("/", QueryAsync).WithSummary("The instances the caller may read, by definition key, status and business key (mine=true: those the caller started), newest first; paged with skip and take, the total in X-Total-Count.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One instance with its incidents.");
        group.MapGet("/{id:guid}/history", HistoryAsync).WithSummary("The instance's hash-chained history.");
        group.MapGet("/{id:guid}/history/verify", VerifyAsync).WithSummary("Whether the history chain is intact.");
        var administration = group.MapGroup("/").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        administration.MapPost("/{id:guid}/cancel", CancelAsync).WithSummary("Cancel a running instance (administrators).");
        administration.MapPatch("/{id:guid}/variables", SetVariablesAsync).WithSummary("Set variables of a running instance, e.g. to fix an incident's cause (administrators).");
        administration.MapPost("/{id:guid}/incidents/{incidentId:guid}/retry", RetryAsync).WithSummary("Retry the element where an incident was raised (administrators).");
        return routes;
    }

    /// <summary>The body of a start request.</summary>
    public sealed record StartInstanceBody(string? DefinitionKey, int? Version, string? BusinessKey, JsonObject? Variables);

    private static async Task<Results<Created<InstanceView>, ValidationProblem, ProblemHttpResult>> StartAsync(StartInstanceBody body, HttpContext context, IWorkflowEngine engine, SubmissionCheck check, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.DefinitionKey))
        {
            return Problems.Field("definitionKey", "The definition key is required.");
        }

        var starters = await engine.GetStartersAsync(body.DefinitionKey, body.Version, cancellationToken)
            ?? throw new WorkflowNotFoundException(body.Version is null
                ? $"No definition with key '{body.DefinitionKey}' is deployed."
                : $"Definition '{body.DefinitionKey}' has no version {body.Version}.");

        if (!Caller.From(context.User).MayStart(starters))
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = starters.StartableByPeople
                    ? $"您无权发起该流程 (you may not start '{body.DefinitionKey}'; it may be started by {Describe(starters)})."
                    : $"该流程由其他流程自动发起，不能手工发起 ('{body.DefinitionKey}' is started only by other procedures).",
            });
        }

        if (await check.ValidateStartAsync(body.DefinitionKey, body.Version, starters.FormRef, body.Variables, Caller.From(context.User), cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var instance = await engine.StartAsync(new StartInstanceRequest(body.DefinitionKey, body.Version, body.BusinessKey, body.Variables, context.Actor()), cancellationToken);
        return TypedResults.Created($"/api/instances/{instance.Id}", instance);
    }

    private static async Task<Results<Ok<IReadOnlyList<InstanceView>>, ValidationProblem>> QueryAsync(
        string? definitionKey, string? status, string? businessKey, bool? mine, int? skip, int? take, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        // Participants see theirs, the overseeing roles every instance: filtered in the database, then paged.
        var caller = Caller.From(context.User);
        var query = new InstanceQuery(definitionKey, status, businessKey, Paging.Take(take))
        {
            Skip = skip ?? 0,
            VisibleTo = caller.OverseesInstances ? null : caller.Audience,
            StartedBy = mine == true ? caller.UserName : null,
        };
        var page = await engine.QueryInstancesAsync(query, cancellationToken);
        await Paging.SetTotalAsync(context, query.Skip, query.Limit, page.Count, () => engine.CountInstancesAsync(query, cancellationToken));
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        await MayReadAsync(id, context, engine, cancellationToken) && await engine.GetInstanceAsync(id, cancellationToken) is { } instance
            ? TypedResults.Ok(instance)
            : Problems.NotFound($"Instance {id} does not exist.");

    private static async Task<Results<Ok<IReadOnlyList<HistoryEntryView>>, ProblemHttpResult>> HistoryAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        await MayReadAsync(id, context, engine, cancellationToken) && await engine.GetHistoryAsync(id, cancellationToken) is { } history
            ? TypedResults.Ok(history)
            : Problems.NotFound($"Instance {id} does not exist.");

    private static async Task<Results<Ok<HistoryVerification>, ProblemHttpResult>> VerifyAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        await MayReadAsync(id, context, engine, cancellationToken) && await engine.VerifyHistoryAsync(id, cancellationToken) is { } verdict
            ? TypedResults.Ok(verdict)
            : Problems.NotFound($"Instance {id} does not exist.");

    /// <summary>
    /// Instances and their history: participants, and the center, office, leading group and administrators. Anybody
    /// else gets the same 404 as for an id that does not exist, and the attempt is recorded.
    /// </summary>
    private static async Task<bool> MayReadAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (caller.OverseesInstances || await engine.IsParticipantAsync(id, caller.UserName, caller.Groups, cancellationToken))
        {
            return true;
        }

        await Denials.RecordAsync(context, "instance", id);
        return false;
    }

    private static string Describe(DefinitionStarters starters) =>
        starters.Groups.Count + starters.Users.Count == 0 ? "administrators only" : string.Join(", ", starters.Groups.Concat(starters.Users));

    private static async Task<Ok<InstanceView>> CancelAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.CancelAsync(id, context.Actor(), cancellationToken));

    private static async Task<Ok<InstanceView>> SetVariablesAsync(Guid id, JsonObject variables, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.SetVariablesAsync(id, variables, context.Actor(), cancellationToken));

    private static async Task<Ok<InstanceView>> RetryAsync(Guid id, Guid incidentId, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.RetryIncidentAsync(id, incidentId, context.Actor(), cancellationToken));
}
