using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>Message correlation.</summary>
public static class MessagesApi
{
    /// <summary>Maps <c>/api/messages</c>.</summary>
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/messages").WithTags("Messages")
            .RequireAuthorization(p => p.RequireRole(Accounts.Roles.Admin, Accounts.Roles.Center))
            .MapPost("/", CorrelateAsync)
            .WithSummary("Deliver a message to the instances waiting for it (or start instances by message start event).");
        return routes;
    }

    /// <summary>The body of a message.</summary>
    public sealed record MessageBody(string? Name, string? BusinessKey, JsonObject? Variables);

    /// <summary>The instances a message reached.</summary>
    public sealed record CorrelationResponse(IReadOnlyList<Guid> InstanceIds);

    private static async Task<Results<Ok<CorrelationResponse>, ProblemHttpResult, ValidationProblem>> CorrelateAsync(MessageBody body, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            return Problems.Field("name", "The message name is required.");
        }

        var reached = await engine.CorrelateMessageAsync(body.Name, body.BusinessKey, body.Variables, cancellationToken);
        return reached.Count == 0
            ? Problems.NotFound(body.BusinessKey is null
                ? $"Nothing is waiting for message '{body.Name}'."
                : $"Nothing with business key '{body.BusinessKey}' is waiting for message '{body.Name}'.")
            : TypedResults.Ok(new CorrelationResponse(reached));
    }
}
