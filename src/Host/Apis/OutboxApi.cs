using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Messaging;

namespace Zzut.Workflows.Host.Apis;

/// <summary>The e-mail outbox: what was sent, what is waiting, what failed (and re-queueing it), through the engine's <see cref="IOutbox"/>.</summary>
public static class OutboxApi
{
    /// <summary>Maps <c>/api/outbox</c>.</summary>
    public static IEndpointRouteBuilder MapOutboxApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/outbox").WithTags("Outbox").RequireAuthorization(p => p.RequireRole(Accounts.Roles.Admin));
        group.MapGet("/", ListAsync).WithSummary("Outbox messages, newest first, optionally by status (pending|sending|sent|failed) or instance.");
        group.MapPost("/{id:guid}/requeue", RequeueAsync).WithSummary("Put a failed message back in the queue with fresh attempts.");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<OutboxMessageView>>, ValidationProblem>> ListAsync(string? status, Guid? instanceId, IOutbox outbox, CancellationToken cancellationToken)
    {
        if (status is not null && !OutboxStatus.All.Contains(status))
        {
            return Problems.Field("status", "status must be pending, sending, sent or failed.");
        }

        return TypedResults.Ok(await outbox.QueryAsync(new OutboxQuery(status, instanceId), cancellationToken));
    }

    private static async Task<Ok<OutboxMessageView>> RequeueAsync(Guid id, IOutbox outbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(await outbox.RequeueAsync(id, cancellationToken));
}
