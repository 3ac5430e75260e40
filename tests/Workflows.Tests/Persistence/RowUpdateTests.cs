using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Persistence;

/// <summary>
/// <see cref="RowUpdate{TEntity}"/> stores and compares values through each column's mapping, as ExecuteUpdate does: an
/// instant compared with the stored one, a null set, counters incremented (SQLite and PostgreSQL).
/// </summary>
[Parallelizable(ParallelScope.Self)]
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class RowUpdateTests(DatabaseProvider provider)
{
    [Test]
    public async Task AnUpdateChangesOnlyTheRowsItsConditionsMatchAndStoresEachValueAsTheModelMapsIt()
    {
        await using var harness = await EngineHarness.CreateAsync(provider: provider);
        var due = EngineHarness.Start.AddMinutes(5).ToOffset(TimeSpan.FromHours(8));
        var message = new OutboxMessageRecord
        {
            Id = Guid.NewGuid(), To = "a@zzut.edu.cn", Subject = "通知", Status = "pending", DueAt = due, CreatedAt = EngineHarness.Start,
            LastError = "before", Revision = 3,
        };
        await harness.WithDbAsync(async db =>
        {
            db.Outbox.Add(message);
            return await db.SaveChangesAsync();
        });

        Task<int> ClaimAsync(DateTimeOffset now) => harness.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var changed = await RowUpdate.Of<OutboxMessageRecord>(db)
                .Set(nameof(OutboxMessageRecord.Status), "sending")
                .Set(nameof(OutboxMessageRecord.LastError), null)
                .Set(nameof(OutboxMessageRecord.SentAt), now)
                .Increment(nameof(OutboxMessageRecord.Attempts), 1)
                .Increment(nameof(OutboxMessageRecord.Revision), 1)
                .Where(nameof(OutboxMessageRecord.Id), message.Id)
                .Where(nameof(OutboxMessageRecord.Status), "pending")
                .WhereAtMost(nameof(OutboxMessageRecord.DueAt), now)
                .ExecuteAsync("outbox message", CancellationToken.None);
            await transaction.CommitAsync();
            return changed;
        });

        Assert.That(await ClaimAsync(due.AddTicks(-10)), Is.Zero, "not due yet, by a microsecond");
        Assert.That(await ClaimAsync(due.ToUniversalTime()), Is.EqualTo(1), "due at that instant, in another offset");
        Assert.That(await ClaimAsync(due.AddHours(1)), Is.Zero, "no longer pending");

        var row = await harness.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == message.Id));
        Assert.That(row.Status, Is.EqualTo("sending"));
        Assert.That(row.LastError, Is.Null);
        Assert.That(row.SentAt, Is.EqualTo(due));
        Assert.That(row.Attempts, Is.EqualTo(1));
        Assert.That(row.Revision, Is.EqualTo(4));
        Assert.That(row.DueAt, Is.EqualTo(due), "a column not set is left as it was");
        var matched = await harness.WithDbAsync(db => db.Outbox.CountAsync(m => m.SentAt == due && m.DueAt <= due));
        Assert.That(matched, Is.EqualTo(1), "the instant written compares with LINQ's as the model maps it");
    }

    [Test]
    public async Task AnUpdateOutsideATransactionOrWithoutAConditionIsRefused()
    {
        await using var harness = await EngineHarness.CreateAsync(provider: provider);
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => RowUpdate.Of<OutboxMessageRecord>(db).Set(nameof(OutboxMessageRecord.Status), "x").Where(nameof(OutboxMessageRecord.Id), Guid.NewGuid()).ExecuteAsync("outbox message", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => RowUpdate.Of<OutboxMessageRecord>(db).Set(nameof(OutboxMessageRecord.Status), "x").ExecuteAsync("outbox message", CancellationToken.None));
        Assert.Throws<InvalidOperationException>(() => RowUpdate.Of<OutboxMessageRecord>(db).Set("NoSuchColumn", 1));
    }
}
