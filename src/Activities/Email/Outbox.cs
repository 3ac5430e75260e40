using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Activities.Email;

/// <summary>Writes e-mails to the outbox of the current step; they are sent after it commits.</summary>
public static class Outbox
{
    /// <summary>The pending state of a new message.</summary>
    public const string Pending = "pending";

    /// <summary>Adds a message to the step's database context (it commits with the step or not at all).</summary>
    public static OutboxMessageRecord Add(WorkflowDbContext db, DateTimeOffset now, IReadOnlyList<string> to, IReadOnlyList<string> cc, RenderedEmail email, Guid? instanceId, Guid? taskId)
    {
        var message = new OutboxMessageRecord
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = instanceId,
            TaskId = taskId,
            To = string.Join(',', to),
            Cc = string.Join(',', cc),
            Subject = email.Subject,
            HtmlBody = email.Html,
            TextBody = email.Text,
            Status = Pending,
            DueAt = now,
            CreatedAt = now,
        };
        db.Outbox.Add(message);
        return message;
    }
}
