using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Persistence.Sqlite;

/// <summary>
/// The reads of one instance's rows that nearly every step makes, on SQLite: its instance (by its id, or through one of
/// its tasks) with its tokens, and its open tasks; and the one read a client makes between two steps, the instance's task
/// list. They run on the context's connection (a step's inside its read transaction), on statements the connection keeps
/// parsed (<see cref="SqliteStatementCache"/>). A step's rows are made and tracked as EF Core's tracking queries make and
/// track them (<see cref="SqliteEntityReader{T}"/>): the same objects, in the same order (EF Core orders an included
/// collection by its parent's key only, so tokens come, as open tasks do, in the order SQLite reads them through their
/// instance's index, the same condition as the compiled queries'), unchanged in the change tracker, the tokens in their
/// instance's <see cref="InstanceRecord.Tokens"/>.
/// The task list is ordered and paged as <see cref="Runtime.TaskListQueries"/> orders and pages it, and is not tracked.
/// On PostgreSQL EF Core's compiled queries read them.
/// </summary>
internal sealed class SqliteInstanceReads
{
    private static readonly ConditionalWeakTable<IModel, Texts> Statements = [];

    private readonly WorkflowDbContext db;
    private readonly SqliteConnection connection;
    private readonly Texts texts;

    private SqliteInstanceReads(WorkflowDbContext db, SqliteConnection connection)
    {
        this.db = db;
        this.connection = connection;
        texts = TextsFor(db.Model);
    }

    /// <summary>The reads on <paramref name="db"/>'s connection when it is an open SQLite connection (a step's); otherwise null.</summary>
    public static SqliteInstanceReads? Of(WorkflowDbContext db) =>
        db.Database.GetDbConnection() is SqliteConnection { State: System.Data.ConnectionState.Open } connection ? new SqliteInstanceReads(db, connection) : null;

    /// <summary>The statements run for <paramref name="model"/>, by name (for tests of their query plans).</summary>
    internal static IReadOnlyDictionary<string, string> StatementsFor(IModel model)
    {
        var texts = TextsFor(model);
        return new Dictionary<string, string>
        {
            ["instance by id"] = texts.InstanceById,
            ["instance by task"] = texts.InstanceByTask,
            ["tokens"] = texts.TokensOf,
            ["open tasks"] = texts.OpenTasksOf,
            ["task list"] = texts.TaskList,
            ["task list by status"] = texts.TaskListWithStatus,
        };
    }

    /// <summary>The instance with its tokens, tracked; null when it does not exist.</summary>
    public InstanceRecord? InstanceById(Guid instanceId) => WithTokens(Single(texts.InstanceById, instanceId));

    /// <summary>The instance of a task (whatever the task's status) with its tokens, tracked; null when the task does not exist.</summary>
    public InstanceRecord? InstanceByTask(Guid taskId) => WithTokens(Single(texts.InstanceByTask, taskId));

    /// <summary>The open tasks of an instance, tracked.</summary>
    public List<UserTaskRecord> OpenTasksOf(Guid instanceId)
    {
        var tasks = Read(texts.OpenTasksOf, instanceId, UserTaskStatus.Open, page: null, reader => texts.Tasks.Materialize(reader));
        for (var i = 0; i < tasks.Count; i++)
        {
            tasks[i] = texts.Tasks.Track(db, tasks[i]);
        }

        return tasks;
    }

    /// <summary>A page of an instance's tasks (of one status, if given) with its title and unit, untracked: <see cref="Runtime.TaskListQueries"/>.</summary>
    public List<TaskRow> TaskListOf(Guid instanceId, string? status, int skip, int take)
    {
        var title = texts.Tasks.Columns.Count; // the instance's title and unit follow the task's columns
        return Read(status is null ? texts.TaskList : texts.TaskListWithStatus, instanceId, status, (skip, take), reader => new TaskRow
        {
            Task = texts.Tasks.Materialize(reader),
            Title = reader.IsDBNull(title) ? null : reader.GetString(title),
            UnitCode = reader.IsDBNull(title + 1) ? null : reader.GetString(title + 1),
        });
    }

    private InstanceRecord? Single(string sql, Guid id) => Read(sql, id, status: null, page: null, reader => texts.Instances.Materialize(reader)) switch
    {
        [] => null,
        [var one] => one,
        _ => throw new InvalidOperationException("More than one instance matched a key."),
    };

    private InstanceRecord? WithTokens(InstanceRecord? read)
    {
        if (read is null)
        {
            return null;
        }

        // An instance this context already tracks is returned as tracked; its tokens are read all the same, as EF Core's
        // include reads them (those tracked already stay as they are).
        var instance = texts.Instances.Track(db, read);
        foreach (var token in Read(texts.TokensOf, instance.Id, status: null, page: null, reader => texts.Tokens.Materialize(reader)))
        {
            texts.Tokens.Track(db, token); // added to instance.Tokens as it is tracked (EF Core's fix-up)
        }

        return instance;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with its parameters (<c>$id</c>; <c>$status</c> and <c>$skip</c>/<c>$take</c> where
    /// given) on the connection's kept statement for it, and makes an object of each row. The command is made by the
    /// connection, so it runs in the connection's transaction if one is open.
    /// </summary>
    private List<T> Read<T>(string sql, Guid id, string? status, (int Skip, int Take)? page, Func<SqliteDataReader, T> make)
    {
        var made = connection.CreateCommand();
        made.CommandText = sql;
        made.Parameters.AddWithValue("$id", SqliteWriterStatement.ToStored(texts.Ids, id));
        if (status is not null)
        {
            made.Parameters.AddWithValue("$status", status);
        }

        if (page is var (skip, take))
        {
            made.Parameters.AddWithValue("$skip", skip);
            made.Parameters.AddWithValue("$take", take);
        }

        var command = SqliteStatementCache.Reuse(made);
        try
        {
            var list = new List<T>();
            using var reader = ((SqliteCommand)command).ExecuteReader();
            while (reader.Read())
            {
                list.Add(make(reader));
            }

            return list;
        }
        finally
        {
            command.Dispose();
        }
    }

    private static Texts TextsFor(IModel model) => Statements.GetValue(model, static m => new Texts(m));

    /// <summary>The statements' texts and readers for one model.</summary>
    private sealed class Texts
    {
        public Texts(IModel model)
        {
            Instances = SqliteEntityReader<InstanceRecord>.For(model);
            Tokens = SqliteEntityReader<TokenRecord>.For(model);
            Tasks = SqliteEntityReader<UserTaskRecord>.For(model);
            Ids = Instances.Key.GetRelationalTypeMapping();
            var instanceKey = Instances.Column(nameof(InstanceRecord.Id));
            var taskKey = Tasks.Column(nameof(UserTaskRecord.Id));
            var taskInstance = Tasks.Column(nameof(UserTaskRecord.InstanceId));
            var taskStatus = Tasks.Column(nameof(UserTaskRecord.Status));
            InstanceById = $"SELECT {Instances.SelectList()} FROM {Instances.Table} WHERE {instanceKey} = $id";
            InstanceByTask = $"SELECT {Instances.SelectList()} FROM {Instances.Table} WHERE {instanceKey} = (SELECT {taskInstance} FROM {Tasks.Table} WHERE {taskKey} = $id)";
            TokensOf = $"SELECT {Tokens.SelectList()} FROM {Tokens.Table} WHERE {Tokens.Column(nameof(TokenRecord.InstanceId))} = $id";
            OpenTasksOf = $"SELECT {Tasks.SelectList()} FROM {Tasks.Table} WHERE {taskInstance} = $id AND {taskStatus} = $status";
            var list = $"SELECT {Tasks.SelectList("t")}, i.{Instances.Column(nameof(InstanceRecord.Title))}, i.{Instances.Column(nameof(InstanceRecord.UnitCode))}"
                + $" FROM {Tasks.Table} AS t INNER JOIN {Instances.Table} AS i ON t.{taskInstance} = i.{instanceKey} WHERE t.{taskInstance} = $id";
            var order = $" ORDER BY t.{Tasks.Column(nameof(UserTaskRecord.Priority))} DESC, t.{Tasks.Column(nameof(UserTaskRecord.CreatedAt))}, t.{taskKey} LIMIT $take OFFSET $skip";
            TaskList = list + order;
            TaskListWithStatus = list + $" AND t.{taskStatus} = $status" + order;
        }

        public SqliteEntityReader<InstanceRecord> Instances { get; }

        public SqliteEntityReader<TokenRecord> Tokens { get; }

        public SqliteEntityReader<UserTaskRecord> Tasks { get; }

        /// <summary>The mapping of the keys bound as <c>$id</c> (every one a GUID column mapped alike).</summary>
        public RelationalTypeMapping Ids { get; }

        public string InstanceById { get; }

        public string InstanceByTask { get; }

        public string TokensOf { get; }

        public string OpenTasksOf { get; }

        public string TaskList { get; }

        public string TaskListWithStatus { get; }
    }
}
