using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Messaging;

/// <summary>The engine's <see cref="IOutbox"/>: rows of the outbox table in the scope's engine context.</summary>
internal sealed class Outbox(WorkflowDbContext db, TimeProvider time, IWorkScheduler scheduler, IEnumerable<IStepParticipant> participants) : IOutbox
{
    public Guid Add(OutgoingMessage message, DateTimeOffset now)
    {
        var record = new OutboxMessageRecord
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = message.InstanceId,
            TaskId = message.TaskId,
            To = string.Join(',', message.To),
            Cc = string.Join(',', message.Cc),
            Subject = message.Subject,
            HtmlBody = message.HtmlBody,
            TextBody = message.TextBody,
            Status = OutboxStatus.Pending,
            DueAt = now,
            CreatedAt = now,
        };
        db.Outbox.Add(record);
        return record.Id;
    }

    public async Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var ids = messages.Select(m => Add(m, now)).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var participant in participants)
            {
                await participant.SaveAsync(transaction.GetDbTransaction(), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (ids.Count > 0)
        {
            await scheduler.ScheduleAsync(new ScheduledWork([], [], ids), cancellationToken);
        }

        return ids;
    }

    public async Task<IReadOnlyList<OutboxMessageView>> QueryAsync(OutboxQuery query, CancellationToken cancellationToken = default)
    {
        var rows = db.Outbox.AsNoTracking();
        if (query.Status is not null)
        {
            rows = rows.Where(m => m.Status == query.Status);
        }

        if (query.InstanceId is not null)
        {
            rows = rows.Where(m => m.InstanceId == query.InstanceId);
        }

        var found = await rows.OrderByDescending(m => m.CreatedAt).Take(Math.Clamp(query.Limit, 1, 5000)).ToListAsync(cancellationToken);
        return [.. found.Select(ToView)];
    }

    public async Task<OutboxMessageView> RequeueAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var message = await db.Outbox.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new WorkflowNotFoundException($"Outbox message {id} does not exist.");
        if (message.Status != OutboxStatus.Failed)
        {
            throw new WorkflowConflictException($"Only failed messages can be re-queued; this one is {message.Status}.");
        }

        message.Status = OutboxStatus.Pending;
        message.Attempts = 0;
        message.DueAt = time.GetUtcNow();
        message.Revision++;
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.ScheduleAsync(new ScheduledWork([], [], [id]), cancellationToken);
        return ToView(message);
    }

    private static OutboxMessageView ToView(OutboxMessageRecord m) =>
        new(m.Id, m.InstanceId, m.TaskId, m.To, m.Cc, m.Subject, m.Status, m.Attempts, m.DueAt, m.LastError, m.ServerResponse, m.CreatedAt, m.SentAt);
}
