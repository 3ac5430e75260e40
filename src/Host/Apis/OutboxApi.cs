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
        group.MapGet("/", ListAsync).WithSummary("Outbox messages, newest first, optionally by status (pending|sending|sent|failed) or instance; paged with skip and take, the total in X-Total-Count.");
        group.MapPost("/{id:guid}/requeue", RequeueAsync).WithSummary("Put a failed message back in the queue with fresh attempts.");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<OutboxMessageView>>, ValidationProblem>> ListAsync(
        string? status, Guid? instanceId, int? skip, int? take, HttpContext context, IOutbox outbox, CancellationToken cancellationToken)
    {
        if (status is not null && !OutboxStatus.All.Contains(status))
        {
            return Problems.Field("status", "status must be pending, sending, sent or failed.");
        }

        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        var query = new OutboxQuery(status, instanceId, Paging.Take(take)) { Skip = skip ?? 0 };
        var page = await outbox.QueryAsync(query, cancellationToken);
        await Paging.SetTotalAsync(context, query.Skip, query.Limit, page.Count, () => outbox.CountAsync(query, cancellationToken));
        return TypedResults.Ok(page);
    }

    private static async Task<Ok<OutboxMessageView>> RequeueAsync(Guid id, IOutbox outbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(await outbox.RequeueAsync(id, cancellationToken));
}
