using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Zzut.Workflows.Persistence.Sqlite;

namespace Zzut.Workflows.Persistence;

/// <summary>
/// The rows a step changed, read from its change tracker on the step's own thread, as statements for the group-commit
/// writer to run: what <c>SaveChanges</c> would write, without the work <c>SaveChanges</c> does on the single writer
/// (building modification commands, generating and parsing their SQL, propagating results). Each statement has one
/// shape per entity type, state and set of modified columns; its text is made once per model, and the writer keeps it
/// prepared on its SQLite connection (<see cref="Statements"/>, <see cref="SqliteWriterStatement"/>), so a row costs the
/// binding of its own values, which are converted to what is stored when the row is captured, on the step's thread.
/// <para>
/// It writes what <c>SaveChanges</c> writes: every mapped column of an added row; the modified columns of a modified row,
/// matched on its key and on the original values of its concurrency tokens; a deleted row matched the same way. An
/// update or delete that matches no row throws <see cref="DbUpdateConcurrencyException"/>, as <c>SaveChanges</c> does, and
/// a constraint the database refuses throws <see cref="DbUpdateException"/>. Deletes run first (dependents before their
/// principals), then the updates that give up a unique value (a business key set to null), then the other updates, then
/// inserts (principals before their dependents). Values pass through each column's type
/// mapping (its value converter and store type), as <c>SaveChanges</c> binds them. A step with anything this does not
/// cover (a value the database generates, a column stored as a type <see cref="SqliteWriterStatement.CanStore"/> does not
/// know, an owned or complex type, an entity type that shares or splits a table, a
/// nullable concurrency token, an update of a key or foreign key or one that gives a unique column a value, whose order
/// against the step's other rows <c>SaveChanges</c> works out) is not captured (<see cref="TryCapture"/> returns null) and is written by
/// <c>SaveChanges</c>.
/// </para>
/// </summary>
internal sealed class StepRows
{
    // Per entity type, weakly: a model (one per provider, and one per host where tests run several) is not kept alive
    // by its statements. A type this writer leaves to SaveChanges maps to Unsupported.
    private static readonly ConditionalWeakTable<IEntityType, TableInfo> Tables = [];
    private static readonly TableInfo Unsupported = new(default, [], [], [], 0, 0, 0);

    private readonly List<Row> rows;

    private StepRows(List<Row> rows) => this.rows = rows;

    /// <summary>How many rows the step writes.</summary>
    public int Count => rows.Count;

    /// <summary>
    /// Reads the rows <paramref name="db"/> would write (its changes must have been detected), or null when a tracked
    /// change is one that only <c>SaveChanges</c> writes.
    /// </summary>
    public static StepRows? TryCapture(DbContext db)
    {
        var deletes = new List<Row>();
        var releases = new List<Row>();
        var updates = new List<Row>();
        var inserts = new List<Row>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var table = Tables.GetValue(entry.Metadata, static type => Describe(type) ?? Unsupported);
            if (ReferenceEquals(table, Unsupported))
            {
                return null;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    if (entry.Properties.Any(p => p.IsTemporary))
                    {
                        return null; // a key the database generates
                    }

                    inserts.Add(Capture(db, entry, table, EntityState.Added, mask: 0));
                    break;
                case EntityState.Modified:
                    var mask = 0UL;
                    for (var i = 0; i < table.Columns.Length; i++)
                    {
                        if (entry.Property(table.Columns[i]).IsModified)
                        {
                            mask |= 1UL << i;
                        }
                    }

                    if ((mask & table.Structural) != 0 || !ReleasesOnly(entry, table, mask & table.Unique))
                    {
                        // A key or foreign key changed, or a unique column took a value: its order against the step's
                        // other rows matters (a row moved to a parent the step inserts; a unique value passed between
                        // two rows), which SaveChanges works out and a fixed order does not.
                        return null;
                    }

                    if ((mask & table.Unique) != 0)
                    {
                        releases.Add(Capture(db, entry, table, EntityState.Modified, mask)); // before any row takes the value
                    }
                    else if (mask != 0)
                    {
                        updates.Add(Capture(db, entry, table, EntityState.Modified, mask));
                    }

                    break;
                case EntityState.Deleted:
                    deletes.Add(Capture(db, entry, table, EntityState.Deleted, mask: 0));
                    break;
            }
        }

        deletes.Sort((a, b) => b.Shape.Rank.CompareTo(a.Shape.Rank));
        inserts.Sort((a, b) => a.Shape.Rank.CompareTo(b.Shape.Rank)); // stable enough: equal ranks keep no particular order
        deletes.AddRange(releases);
        deletes.AddRange(updates);
        deletes.AddRange(inserts);
        return new StepRows(deletes);
    }

    /// <summary>Runs the statements on <paramref name="statements"/>' connection, inside the transaction open on it.</summary>
    public void Write(Statements statements)
    {
        foreach (var row in rows)
        {
            var statement = statements.For(row.Shape);
            for (var i = 0; i < row.Values.Length; i++)
            {
                statement.Bind(i, row.Values[i]);
            }

            var affected = statement.Execute();

            if (row.Shape.State != EntityState.Added && affected != 1)
            {
                throw new DbUpdateConcurrencyException(
                    $"The {row.Shape.Table} row the step {(row.Shape.State == EntityState.Deleted ? "deletes" : "updates")} was changed or deleted by another step meanwhile ({affected} rows matched).");
            }
        }
    }

    /// <summary>Whether every unique column in <paramref name="columns"/> is set to null (a unique value given up, as a business key when its instance ends).</summary>
    private static bool ReleasesOnly(EntityEntry entry, TableInfo table, ulong columns)
    {
        for (var i = 0; columns != 0; i++, columns >>= 1)
        {
            if ((columns & 1) != 0 && entry.Property(table.Columns[i]).CurrentValue is not null)
            {
                return false;
            }
        }

        return true;
    }

    private static Row Capture(DbContext db, EntityEntry entry, TableInfo table, EntityState state, ulong mask)
    {
        var shape = table.Shapes.GetOrAdd(new ShapeKey(state, mask), static (key, arguments) => Build(arguments.db, arguments.table, key), (db, table));
        var values = new object?[shape.Parameters.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = shape.Parameters[i];
            var property = entry.Property(parameter.Property);
            values[i] = SqliteWriterStatement.ToStored(parameter.Mapping, parameter.Original ? property.OriginalValue : property.CurrentValue);
        }

        return new Row(shape, values);
    }

    /// <summary>The table an entity type is written to, or null when the type is one this writer leaves to <c>SaveChanges</c>.</summary>
    private static TableInfo? Describe(IEntityType type)
    {
        if (type.IsOwned() || type.GetComplexProperties().Any() || type.BaseType is not null || type.GetDirectlyDerivedTypes().Any()
            || type.GetTableName() is not { } name || type.GetTableMappings().Count() != 1 || type.FindPrimaryKey() is not { } key)
        {
            return null;
        }

        var table = StoreObjectIdentifier.Table(name, type.GetSchema());
        if (type.Model.GetEntityTypes().Count(t => t.GetTableName() == name && t.GetSchema() == type.GetSchema()) != 1)
        {
            return null; // table splitting
        }

        // Only keys the client generates (a GUID set when the entity is tracked); a value the database computes or
        // generates would have to be read back, as SaveChanges does.
        var columns = type.GetProperties().ToArray();
        if (columns.Length > 64 || columns.Any(p => p.GetColumnName(table) is null
            || (p.ValueGenerated != ValueGenerated.Never && !(p.IsPrimaryKey() && p.ClrType == typeof(Guid)))
            || !SqliteWriterStatement.CanStore(p.GetRelationalTypeMapping())))
        {
            return null;
        }

        var tokens = columns.Where(p => p.IsConcurrencyToken).ToArray();
        if (tokens.Any(p => p.IsNullable))
        {
            return null; // matched on a null original value, which needs IS NULL
        }

        // The columns whose change may need another order than deletes, updates, inserts: keys and foreign keys, and
        // the columns of unique indexes (unless set to null: given up, which runs before any update or insert).
        var structural = 0UL;
        var unique = 0UL;
        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i].IsKey() || columns[i].IsForeignKey())
            {
                structural |= 1UL << i;
            }
            else if (columns[i].GetContainingIndexes().Any(index => index.IsUnique))
            {
                unique |= 1UL << i;
            }
        }

        return new TableInfo(table, columns, [.. key.Properties], tokens, structural, unique, Rank(type, 0));
    }

    /// <summary>How deep the type sits under its principals: principals are inserted before, and deleted after, their dependents.</summary>
    private static int Rank(IEntityType type, int depth) =>
        depth > 16 ? depth : type.GetForeignKeys().Where(fk => fk.PrincipalEntityType != type).Select(fk => 1 + Rank(fk.PrincipalEntityType, depth + 1)).DefaultIfEmpty(0).Max();

    private static Shape Build(DbContext db, TableInfo table, ShapeKey key)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var parameters = new List<Parameter>();
        string Add(IProperty property, bool original)
        {
            var name = "p" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add(new Parameter(property, property.GetRelationalTypeMapping(), sql.GenerateParameterName(name), original));
            return sql.GenerateParameterNamePlaceholder(name);
        }

        string Column(IProperty property) => sql.DelimitIdentifier(property.GetColumnName(table.Table)!);
        var text = new StringBuilder();
        var tableName = sql.DelimitIdentifier(table.Table.Name, table.Table.Schema);
        switch (key.State)
        {
            case EntityState.Added:
                text.Append("INSERT INTO ").Append(tableName).Append(" (").AppendJoin(", ", table.Columns.Select(Column)).Append(") VALUES (")
                    .AppendJoin(", ", table.Columns.Select(p => Add(p, original: false))).Append(')');
                break;
            case EntityState.Modified:
                text.Append("UPDATE ").Append(tableName).Append(" SET ")
                    .AppendJoin(", ", table.Columns.Where((_, i) => (key.Mask & (1UL << i)) != 0).Select(p => Column(p) + " = " + Add(p, original: false)));
                AppendMatch(text, table, Column, Add);
                break;
            default:
                text.Append("DELETE FROM ").Append(tableName);
                AppendMatch(text, table, Column, Add);
                break;
        }

        return new Shape(text.ToString(), [.. parameters], key.State, table.Table.Name, table.Rank);
    }

    private static void AppendMatch(StringBuilder text, TableInfo table, Func<IProperty, string> column, Func<IProperty, bool, string> add) =>
        text.Append(" WHERE ").AppendJoin(" AND ", table.Key.Concat(table.Tokens.Except(table.Key)).Select(p => column(p) + " = " + add(p, true)));

    /// <summary>The writer's prepared statements, one per shape, kept with its (SQLite) connection.</summary>
    internal sealed class Statements(DbConnection connection) : IDisposable
    {
        private readonly Dictionary<Shape, SqliteWriterStatement> statements = new(ReferenceEqualityComparer.Instance);

        public SqliteWriterStatement For(Shape shape)
        {
            if (!statements.TryGetValue(shape, out var statement))
            {
                statement = new SqliteWriterStatement(connection, shape.Text, [.. shape.Parameters.Select(p => p.Name)], shape.Table + " row");
                statements.Add(shape, statement);
            }

            return statement;
        }

        public void Dispose()
        {
            foreach (var statement in statements.Values)
            {
                statement.Dispose();
            }

            statements.Clear();
        }
    }

    private sealed record TableInfo(StoreObjectIdentifier Table, IProperty[] Columns, IProperty[] Key, IProperty[] Tokens, ulong Structural, ulong Unique, int Rank)
    {
        public ConcurrentDictionary<ShapeKey, Shape> Shapes { get; } = new();
    }

    private readonly record struct ShapeKey(EntityState State, ulong Mask);

    /// <summary>One statement: its text, its parameters in order, and what it does.</summary>
    internal sealed record Shape(string Text, Parameter[] Parameters, EntityState State, string Table, int Rank);

    /// <summary>A parameter: the property whose current (or, to match the row, original) value it binds.</summary>
    internal sealed record Parameter(IProperty Property, RelationalTypeMapping Mapping, string Name, bool Original);

    private sealed record Row(Shape Shape, object?[] Values);
}
