using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Zzut.Workflows.Persistence.Sqlite;

/// <summary>
/// Reads rows of one entity type from SQLite and makes its objects, as a query of EF Core would, without EF Core's query
/// pipeline: for the few reads every step makes (<see cref="SqliteInstanceReads"/>). A compiled EF Core query still builds,
/// at every run, the delegates nested in its executor (its shaper and its command resolver: a new dynamic-method
/// delegate each, <c>DynamicMethod.CreateDelegate</c>), makes a query context, a relational command, a data reader
/// wrapper and a result coordinator: measured 2026-12-05 with <c>perf</c> on <c>bench review</c>, a step's load of its
/// instance, tokens and open tasks was 11.6 % of the process's CPU samples, 2 % of them in <c>CreateDelegate</c>. Here the
/// materializer is one delegate per entity type and model, compiled once from the model's own metadata: every mapped
/// property, its column, and its value converter (<see cref="Columns"/> lists the columns in the order it reads them).
/// <para>
/// Each property is set through the member EF Core's own materializer sets (<c>GetMemberInfo</c> for materialization:
/// the backing field of an auto-property), so a setter's logic runs, or not, as it does for EF Core. Only entity types
/// without derived, owned or complex types, whose every property is a CLR property or field stored as a type
/// Microsoft.Data.Sqlite reads directly (after the column's converter), are read here; the constructor refuses any
/// other by name, so a record that gains what this cannot read fails every test that loads an instance rather than being
/// half read.
/// <c>SqliteInstanceReadsTests</c> compares every property of what this reads with what EF Core's queries read.
/// </para>
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
internal sealed class SqliteEntityReader<T>
    where T : class, new()
{
    private static readonly ConditionalWeakTable<IModel, SqliteEntityReader<T>> Readers = [];

    private readonly Func<SqliteDataReader, int, T> materialize;
    private readonly IEntityType type;
    private readonly StoreObjectIdentifier table;

    private SqliteEntityReader(IModel model)
    {
        type = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var name = type.GetTableName() ?? throw new NotSupportedException($"{typeof(T).Name} is not mapped to a table.");
        table = StoreObjectIdentifier.Table(name, type.GetSchema());
        Table = Quote(name);
        if (type.ClrType != typeof(T) || type.GetDerivedTypes().Any() || type.GetComplexProperties().Any()
            || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || type.IsOwned())
        {
            throw new NotSupportedException($"{typeof(T).Name} has derived, owned or complex types, which this reader does not make.");
        }

        var properties = type.GetProperties().ToArray();
        Key = type.FindPrimaryKey()?.Properties is [var key] ? key : throw new NotSupportedException($"{typeof(T).Name} has no single-column key.");

        var reader = Expression.Parameter(typeof(SqliteDataReader), "reader");
        var offset = Expression.Parameter(typeof(int), "offset");
        var entity = Expression.Variable(typeof(T), "entity");
        var body = new List<Expression> { Expression.Assign(entity, Expression.New(typeof(T))) };
        var columns = new List<string>(properties.Length);
        for (var i = 0; i < properties.Length; i++)
        {
            var property = properties[i];
            columns.Add(Quote(property.GetColumnName(table) ?? throw new NotSupportedException($"{typeof(T).Name}.{property.Name} has no column.")));
            if (property.IsShadowProperty())
            {
                throw new NotSupportedException($"{typeof(T).Name}.{property.Name} is a shadow property, which this reader does not set.");
            }

            // The member EF Core's materializer sets (the backing field, unless the model says otherwise).
            var member = property.GetMemberInfo(forMaterialization: true, forSet: true);
            var ordinal = Expression.Add(offset, Expression.Constant(i));
            var value = Read(reader, ordinal, property);
            body.Add(Expression.Assign(Expression.MakeMemberAccess(entity, member), value));
        }

        body.Add(entity);
        Columns = columns;
        materialize = Expression.Lambda<Func<SqliteDataReader, int, T>>(Expression.Block([entity], body), reader, offset).Compile();
    }

    /// <summary>The table's name, quoted.</summary>
    public string Table { get; }

    /// <summary>The key property.</summary>
    public IProperty Key { get; }

    /// <summary>The columns (quoted) in the order <see cref="Materialize"/> reads them.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The reader for <paramref name="model"/> (made once per model).</summary>
    public static SqliteEntityReader<T> For(IModel model) => Readers.GetValue(model, static m => new SqliteEntityReader<T>(m));

    /// <summary>The column of property <paramref name="property"/>, quoted.</summary>
    public string Column(string property) => Quote(type.FindProperty(property)?.GetColumnName(table)
        ?? throw new ArgumentException($"{typeof(T).Name}.{property} has no column.", nameof(property)));

    /// <summary>The column list for a <c>SELECT</c>, each column prefixed with <paramref name="alias"/> (if given).</summary>
    public string SelectList(string? alias = null) => string.Join(", ", alias is null ? Columns : Columns.Select(c => alias + "." + c));

    /// <summary>Makes the object of the current row, whose <see cref="Columns"/> start at column <paramref name="offset"/>.</summary>
    public T Materialize(SqliteDataReader reader, int offset = 0) => materialize(reader, offset);

    /// <summary>
    /// Tracks <paramref name="entity"/>, just read, as unchanged (as a tracking query does), or returns the object the
    /// context already tracks with its key (as a tracking query returns it, without overwriting its values).
    /// </summary>
    public T Track(DbContext db, T entity)
    {
        // The local view detects every tracked entity's changes when it is asked for, unless told not to: a look-up by
        // key needs none of that.
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            if (db.Set<T>().Local.FindEntryUntyped([Key.GetGetter().GetClrValue(entity)]) is { } tracked)
            {
                return tracked.Entity;
            }

            db.Entry(entity).State = EntityState.Unchanged;
            return entity;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The expression that reads <paramref name="property"/>'s column as the property's CLR type (null when the column is NULL and the property can hold null).</summary>
    private static Expression Read(ParameterExpression reader, Expression ordinal, IProperty property)
    {
        var mapping = property.GetRelationalTypeMapping();
        var converter = mapping.Converter;
        var stored = converter?.ProviderClrType ?? property.ClrType;
        stored = Nullable.GetUnderlyingType(stored) ?? stored;
        var getter = stored switch
        {
            _ when stored == typeof(string) => nameof(SqliteDataReader.GetString),
            _ when stored == typeof(long) => nameof(SqliteDataReader.GetInt64),
            _ when stored == typeof(int) => nameof(SqliteDataReader.GetInt32),
            _ when stored == typeof(short) => nameof(SqliteDataReader.GetInt16),
            _ when stored == typeof(byte) => nameof(SqliteDataReader.GetByte),
            _ when stored == typeof(bool) => nameof(SqliteDataReader.GetBoolean),
            _ when stored == typeof(double) => nameof(SqliteDataReader.GetDouble),
            _ when stored == typeof(Guid) => nameof(SqliteDataReader.GetGuid),
            _ => throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name} is stored as {stored.Name}, which this reader does not read."),
        };

        Expression value = Expression.Call(reader, typeof(SqliteDataReader).GetMethod(getter, [typeof(int)])!, ordinal);
        if (converter is not null)
        {
            var fromProvider = converter.ConvertFromProviderExpression;
            var input = fromProvider.Parameters[0];
            value = Expression.Invoke(fromProvider, value.Type == input.Type ? value : Expression.Convert(value, input.Type));
        }

        if (value.Type != property.ClrType)
        {
            value = Expression.Convert(value, property.ClrType);
        }

        if (!property.IsNullable)
        {
            return value;
        }

        var isNull = Expression.Call(reader, typeof(SqliteDataReader).GetMethod(nameof(SqliteDataReader.IsDBNull), [typeof(int)])!, ordinal);
        return Expression.Condition(isNull, Expression.Default(property.ClrType), value);
    }
}
