using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.History;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Persistence;

/// <summary>
/// The group-commit writer writes a step's rows by statements of its own (<see cref="StepRows"/>) instead of by
/// <c>SaveChanges</c>: they must leave the database byte for byte as <c>SaveChanges</c> would, and refuse what it refuses.
/// </summary>
public sealed class StepRowsTests
{
    private static readonly Type[] RowTypes =
    [
        typeof(DefinitionRecord), typeof(InstanceRecord), typeof(TokenRecord), typeof(UserTaskRecord), typeof(TimerRecord),
        typeof(MessageSubscriptionRecord), typeof(IncidentRecord), typeof(ExternalTaskRecord), typeof(OutboxMessageRecord),
        typeof(DefinitionDraftRecord),
    ];

    [Test]
    public async Task InsertsUpdatesAndDeletesOfEveryEngineRowLeaveTheDatabaseAsSaveChangesWould()
    {
        await using var bySaveChanges = await EngineHarness.CreateAsync();
        await using var byStatements = await EngineHarness.CreateAsync();

        // Every column set (seed 1) and every nullable column null (seed 0), in one row of each kind each.
        await WriteBothAsync(bySaveChanges, byStatements, db =>
        {
            foreach (var type in RowTypes)
            {
                db.Add(Filled(type, seed: 1, nulls: false));
                db.Add(Filled(type, seed: 2, nulls: true));
            }
        });
        Assert.That(await DumpAsync(byStatements), Is.EqualTo(await DumpAsync(bySaveChanges)));
        Assert.That(await DumpAsync(byStatements), Does.Contain("instances").And.Contain("outbox"), "the dump holds the rows");

        // Some columns of each row changed (the revision among them where it is a concurrency token), then one of each
        // kind deleted: an update writes only its changed columns, matched on the key and the revision read.
        await WriteBothAsync(bySaveChanges, byStatements, db =>
        {
            var seed = 10;
            foreach (var type in RowTypes)
            {
                foreach (var row in Load(db, type))
                {
                    seed++; // each row its own values: some columns are unique
                    var entry = db.Entry(row);
                    var changed = 0;
                    foreach (var property in entry.Properties.Where(p => !p.Metadata.IsKey() && !p.Metadata.IsForeignKey() && !p.Metadata.GetContainingIndexes().Any(i => i.IsUnique)))
                    {
                        if (changed++ % 3 == 0 || property.Metadata.IsConcurrencyToken)
                        {
                            property.CurrentValue = Value(property.Metadata.ClrType, seed, nulls: false, property.Metadata.Name);
                        }
                    }
                }
            }
        });
        Assert.That(await DumpAsync(byStatements), Is.EqualTo(await DumpAsync(bySaveChanges)));

        await WriteBothAsync(bySaveChanges, byStatements, db =>
        {
            foreach (var type in RowTypes)
            {
                db.Remove(Load(db, type)[0]);
            }
        });
        var after = await DumpAsync(byStatements);
        Assert.That(after, Is.EqualTo(await DumpAsync(bySaveChanges)));
        Assert.That(after, Does.Contain("instances"), "one row of each kind is left");
    }

    /// <summary>
    /// History rows and task candidates go by the group-commit writer's prepared statements, bound through SQLite's own
    /// API (SqliteWriterStatement), and otherwise by multi-row statements made through the type mappings: both must
    /// store the same values with the same storage classes (a GUID stored otherwise would never match again).
    /// </summary>
    [Test]
    public async Task HistoryRowsAndTaskCandidatesAreStoredByTheWritersStatementsAsByTheMultiRowStatements()
    {
        await using var byCommands = await EngineHarness.CreateAsync();
        await using var byWriter = await EngineHarness.CreateAsync();
        var instance = Key(7);
        var at = new DateTimeOffset(2026, 12, 5, 9, 30, 15, 123, TimeSpan.FromHours(8));
        var first = HistoryChain.NextRow("instance:" + instance, 0, null, at, "instance.started", instance, "start", "张三", "{\"level\":3}");
        List<HistoryRecord> history = [first, HistoryChain.NextRow("definition:review", 4, first.Hash, at.AddSeconds(1), "definition.deployed")];
        var task = (UserTaskRecord)Filled(typeof(UserTaskRecord), seed: 1, nulls: false);
        var changes = new TaskCandidateRows.Changes(
            [new() { TaskId = task.Id, Candidate = "g:role:center", Open = true }, new() { TaskId = task.Id, Candidate = "u:张三", Open = true }], []);
        var closing = new TaskCandidateRows.Changes([], [task.Id]);

        foreach (var harness in new[] { byCommands, byWriter })
        {
            await WriteAsync(harness, db => db.Add(Filled(typeof(UserTaskRecord), seed: 1, nulls: false)), statements: false);
        }

        await using (var scope = byCommands.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await HistoryRows.InsertAsync(db, history, CancellationToken.None);
            await TaskCandidateRows.WriteAsync(db, changes, CancellationToken.None);
            await TaskCandidateRows.WriteAsync(db, closing, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var scope = byWriter.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            await using var connection = new SqliteConnection($"Data Source={byWriter.DatabasePath};Pooling=False");
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            using var insert = HistoryRows.Prepare(db, connection);
            using var candidates = new TaskCandidateRows.Prepared(db, connection);
            insert.Insert(history);
            candidates.Write(changes);
            candidates.Write(closing);
            await transaction.CommitAsync();
        }

        const string Query = """
            SELECT 'history', "Stream", "Sequence", quote("InstanceId"), "Timestamp", typeof("Timestamp"), "Type", "ElementId", "Actor", "DataJson", "PreviousHash", "Hash" FROM history WHERE "Stream" LIKE 'instance:%' OR "Sequence" = 5
            UNION ALL SELECT 'candidate', quote("TaskId"), "Candidate", "Open", typeof("Open"), NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM task_candidates
            ORDER BY 1, 2, 3
            """;
        var expected = await QueryAsync(byCommands, Query);
        Assert.That(await QueryAsync(byWriter, Query), Is.EqualTo(expected));
        Assert.That(expected, Has.Count.EqualTo(4), "two history rows and two candidates");
        Assert.That(expected, Has.Some.Contains("'" + instance.ToString().ToUpperInvariant() + "'"), "the instance's GUID as EF Core stores it");
        Assert.That(expected.Where(r => r.StartsWith("candidate", StringComparison.Ordinal)), Has.All.Contains("|0|integer|"), "both closed");
    }

    private static async Task<List<string>> QueryAsync(EngineHarness harness, string query)
    {
        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    [Test]
    public async Task AnUpdateOrDeleteOfARowChangedMeanwhileThrowsAConcurrencyErrorAndAConstraintADatabaseError()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var instance = (InstanceRecord)Filled(typeof(InstanceRecord), seed: 3, nulls: true);
        await WriteAsync(harness, db => db.Add(instance));

        // The row's revision moved on after this context read it.
        await using var scope = harness.Services.CreateAsyncScope();
        var stale = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var read = await stale.Instances.SingleAsync(i => i.Id == instance.Id);
        await WriteAsync(harness, db =>
        {
            var current = db.Instances.Single(i => i.Id == instance.Id);
            current.Revision++;
        });
        read.Status = "completed";
        read.Revision++;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => WriteByStatementsAsync(stale));
        stale.Entry(read).State = EntityState.Deleted;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => WriteByStatementsAsync(stale));

        // The same key again: refused by the database, as SaveChanges reports it.
        await using var again = harness.Services.CreateAsyncScope();
        var duplicate = again.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        duplicate.Add(Filled(typeof(InstanceRecord), seed: 3, nulls: true));
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => WriteByStatementsAsync(duplicate));
        Assert.That(refused!.InnerException, Is.InstanceOf<SqliteException>());
        Assert.That(await harness.WithDbAsync(db => db.Instances.Where(i => i.Id == instance.Id).Select(i => i.Revision).SingleAsync()), Is.EqualTo(instance.Revision + 1), "nothing of the refused writes is there");
    }

    [Test]
    public async Task ARowWhoseKeyTheDatabaseGeneratesIsLeftToSaveChanges()
    {
        await using var harness = await EngineHarness.CreateAsync();
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        db.Add(Filled(typeof(InstanceRecord), seed: 4, nulls: true));
        db.ChangeTracker.DetectChanges();
        Assert.That(StepRows.TryCapture(db)?.Count, Is.EqualTo(1), "an instance alone is captured");

        db.History.Add(new HistoryRecord { Stream = "s", Sequence = 1, Type = "t", Hash = "h", Timestamp = EngineHarness.Start });
        db.ChangeTracker.DetectChanges();
        Assert.That(StepRows.TryCapture(db), Is.Null, "a history row's id is the database's: the step goes to SaveChanges");
    }

    [Test]
    public async Task AnUpdateOfAForeignKeyOrAUniqueColumnIsLeftToSaveChangesWhichOrdersItAgainstTheOtherRows()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var first = (InstanceRecord)Filled(typeof(InstanceRecord), seed: 1, nulls: false);
        var token = (TokenRecord)Filled(typeof(TokenRecord), seed: 1, nulls: false);
        await WriteAsync(harness, db =>
        {
            db.Add(first);
            db.Add(token);
        });

        // A token moved to an instance the same step inserts: its UPDATE must come after that INSERT.
        await using (var scope = harness.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var second = (InstanceRecord)Filled(typeof(InstanceRecord), seed: 2, nulls: true);
            db.Add(second);
            db.Tokens.Single(t => t.Id == token.Id).InstanceId = second.Id;
            db.ChangeTracker.DetectChanges();
            Assert.That(StepRows.TryCapture(db), Is.Null, "a foreign key changed");
            await db.SaveChangesAsync();
        }

        // A unique business-key lock passed from one instance to another in one step.
        await using (var scope = harness.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var rows = db.Instances.OrderBy(i => i.Id).ToList();
            (rows[1].BusinessKeyLock, rows[0].BusinessKeyLock) = (rows[0].BusinessKeyLock, null);
            db.ChangeTracker.DetectChanges();
            Assert.That(StepRows.TryCapture(db), Is.Null, "a unique column changed");
            await db.SaveChangesAsync();
        }

        var locks = await harness.WithDbAsync(db => db.Instances.OrderBy(i => i.Id).Select(i => i.BusinessKeyLock).ToListAsync());
        Assert.That(locks, Is.EqualTo(new[] { null, first.BusinessKeyLock }), "SaveChanges wrote both, in its order");

        // Giving a key up while a new instance takes it in the same step (an instance ending, another started with its
        // business key): statements, the release first.
        await WriteAsync(harness, db =>
        {
            var holder = db.Instances.OrderBy(i => i.Id).ToList()[1];
            var next = (InstanceRecord)Filled(typeof(InstanceRecord), seed: 3, nulls: true);
            next.BusinessKeyLock = holder.BusinessKeyLock;
            db.Add(next);
            holder.BusinessKeyLock = null;
        });
        locks = await harness.WithDbAsync(db => db.Instances.OrderBy(i => i.Id).Select(i => i.BusinessKeyLock).ToListAsync());
        Assert.That(locks, Is.EqualTo(new[] { null, null, first.BusinessKeyLock }));
    }

    private static async Task WriteBothAsync(EngineHarness bySaveChanges, EngineHarness byStatements, Action<WorkflowDbContext> change)
    {
        await WriteAsync(bySaveChanges, change, statements: false);
        await WriteAsync(byStatements, change, statements: true);
    }

    private static async Task WriteAsync(EngineHarness harness, Action<WorkflowDbContext> change, bool statements = true)
    {
        await using var scope = harness.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        change(db);
        if (statements)
        {
            await WriteByStatementsAsync(db);
        }
        else
        {
            await db.SaveChangesAsync();
        }
    }

    private static async Task WriteByStatementsAsync(WorkflowDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var rows = StepRows.TryCapture(db);
        Assert.That(rows, Is.Not.Null, "every engine row but history is written by statements");
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            using var statements = new StepRows.Statements(db.Database.GetDbConnection());
            rows!.Write(statements);
            await transaction.CommitAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The rows of <paramref name="type"/>, tracked, in key order (the same order in both databases).</summary>
    private static List<object> Load(WorkflowDbContext db, Type type)
    {
        var key = db.Model.FindEntityType(type)!.FindPrimaryKey()!.Properties[0].Name;
        var rows = ((IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(type).Invoke(db, null)!).ToList();
        return [.. rows.OrderBy(r => Convert.ToString(db.Entry(r).Property(key).CurrentValue, CultureInfo.InvariantCulture), StringComparer.Ordinal)];
    }

    /// <summary>Every row of every table, each value with its SQLite storage class, in key order.</summary>
    private static async Task<string> DumpAsync(EngineHarness harness)
    {
        var dump = new StringBuilder();
        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        foreach (var table in new[] { "definitions", "instances", "tokens", "user_tasks", "task_candidates", "timers", "message_subscriptions", "incidents", "external_tasks", "outbox", "definition_drafts" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(' ').Append(reader.GetName(i)).Append('=').Append(reader.IsDBNull(i) ? "NULL" : reader.GetDataTypeName(i) + ":" + Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
                }

                dump.AppendLine();
            }
        }

        return dump.ToString();
    }

    /// <summary>A row of <paramref name="type"/> with a value of its type in every settable property (null where allowed and asked).</summary>
    private static object Filled(Type type, int seed, bool nulls)
    {
        var row = Activator.CreateInstance(type)!;

        // Every settable column property: not the navigations (a list of tokens), but nullable value types.
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && (!p.PropertyType.IsGenericType || Nullable.GetUnderlyingType(p.PropertyType) is not null)))
        {
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
                || !property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
            property.SetValue(row, nulls && nullable ? null : Value(property.PropertyType, seed, nulls: false, property.Name));
        }

        if (row is TokenRecord token)
        {
            token.InstanceId = Key(1); // the first instance's: tokens belong to an instance
        }

        return row;
    }

    private static Guid Key(int seed) => new(seed, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]);

    private static object? Value(Type type, int seed, bool nulls, string name)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (nulls && (underlying != type || !type.IsValueType))
        {
            return null;
        }

        return underlying switch
        {
            _ when underlying == typeof(string) => name == "Status" ? (seed > 2 ? "completed" : "active") : name + "-" + seed.ToString(CultureInfo.InvariantCulture) + "-值",
            _ when underlying == typeof(Guid) => name == "Id" ? Key(seed) : new Guid(seed + 100, (short)name.Length, 0, [0, 0, 0, 0, 0, 0, 0, 2]),
            _ when underlying == typeof(int) => seed * 10 + name.Length,
            _ when underlying == typeof(long) => (long)seed * 1_000_000_007L,
            _ when underlying == typeof(bool) => seed % 2 == 1,
            _ when underlying == typeof(DateTimeOffset) => new DateTimeOffset(2026, 3, 2, 9, seed, name.Length, 123, TimeSpan.FromHours(8)).AddTicks(4567),
            _ when underlying.IsEnum => Enum.GetValues(underlying).GetValue(seed % Enum.GetValues(underlying).Length),
            _ => throw new NotSupportedException($"No test value for {underlying.Name} {name}."),
        };
    }
}
