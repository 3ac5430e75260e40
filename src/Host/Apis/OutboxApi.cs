using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Host.Jobs;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Host.Apis;

/// <summary>The e-mail outbox: what was sent, what is waiting, what failed (and re-queueing it).</summary>
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

    /// <summary>A message as the API shows it.</summary>
    public sealed record OutboxMessageView(
        Guid Id, Guid? InstanceId, Guid? TaskId, string To, string Cc, string Subject, string Status, int Attempts,
        DateTimeOffset DueAt, string? LastError, string? ServerResponse, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

    private static async Task<Results<Ok<List<OutboxMessageView>>, ValidationProblem>> ListAsync(
        string? status, Guid? instanceId, int? skip, int? take, HttpContext context, WorkflowDbContext db, CancellationToken cancellationToken)
    {
        if (status is not (null or "pending" or "sending" or "sent" or "failed"))
        {
            return Problems.Field("status", "status must be pending, sending, sent or failed.");
        }

        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        var query = db.Outbox.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(m => m.Status == status);
        }

        if (instanceId is not null)
        {
            query = query.Where(m => m.InstanceId == instanceId);
        }

        Paging.SetTotal(context, await query.CountAsync(cancellationToken));
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(skip ?? 0).Take(Paging.Take(take)).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(ToView).ToList());
    }

    private static async Task<Results<Ok<OutboxMessageView>, ProblemHttpResult>> RequeueAsync(
        Guid id, WorkflowDbContext db, TimeProvider time, IBackgroundJobClient jobs, CancellationToken cancellationToken)
    {
        var message = await db.Outbox.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return Problems.NotFound($"Outbox message {id} does not exist.");
        }

        if (message.Status != "failed")
        {
            return Problems.Conflict($"Only failed messages can be re-queued; this one is {message.Status}.");
        }

        message.Status = "pending";
        message.Attempts = 0;
        message.DueAt = time.GetUtcNow();
        message.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<WorkflowJobs>(j => j.SendEmailAsync(id, CancellationToken.None));
        return TypedResults.Ok(ToView(message));
    }

    private static OutboxMessageView ToView(OutboxMessageRecord m) =>
        new(m.Id, m.InstanceId, m.TaskId, m.To, m.Cc, m.Subject, m.Status, m.Attempts, m.DueAt, m.LastError, m.ServerResponse, m.CreatedAt, m.SentAt);
}
