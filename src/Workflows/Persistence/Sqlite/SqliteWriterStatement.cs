using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Zzut.Workflows.Persistence.Sqlite;

/// <summary>
/// A statement the group-commit writer keeps prepared on its connection and runs through SQLite's own API: each
/// parameter bound by its position, then step and reset. The writer runs a dozen of these per step, on the one thread
/// every step passes through. Through <c>SqliteCommand</c> each run also made a data reader, walked the command's
/// statements with an iterator, made a parameter object per value, found each parameter's position by its name (a
/// string comparison per name in SQLite) and gave the reader back: measured 2026-12-05 with <c>perf</c> on
/// <c>bench review</c>, a fifth of the writer thread's CPU samples were in that wrapper, as many as in SQLite itself.
/// <para>
/// A value is stored as Microsoft.Data.Sqlite stores it for the parameter EF Core's type mapping makes
/// (<see cref="ToStored"/>): the mapping's value converter first, then strings as text, integers and booleans as
/// integers, reals as reals, byte arrays as blobs and GUIDs as upper-case text (EF Core's GUID mapping on SQLite).
/// Only columns whose stored type is one of these are written here (<see cref="CanStore"/>). <c>StepRowsTests</c>
/// compares the stored values and their storage classes, column by column, with what <c>SaveChanges</c> and the
/// multi-row statements store. (Microsoft.Data.Sqlite cuts a text or blob to a parameter's <c>Size</c> where one is
/// set; EF Core's SQLite mappings set none, a column's maximum length included, so values are stored whole both ways.)
/// </para>
/// </summary>
internal sealed class SqliteWriterStatement : IDisposable
{
    private const uint PreparePersistent = 0x01; // SQLITE_PREPARE_PERSISTENT: kept for a long time, many runs

    private readonly SqliteConnection connection;
    private readonly sqlite3_stmt statement;
    private readonly string what;

    /// <summary>The position in the statement of each parameter named when it was prepared.</summary>
    private readonly int[] positions;

    /// <summary>Prepares <paramref name="sql"/> (one statement) on <paramref name="connection"/>, which must be open.</summary>
    /// <param name="connection">The writer's connection (SQLite: these statements are kept by the group-commit writer only).</param>
    /// <param name="sql">The statement.</param>
    /// <param name="parameterNames">The names of its parameters as written in it (<c>@p0</c>), in the order <see cref="Bind"/> numbers them.</param>
    /// <param name="what">What it writes, for error messages.</param>
    public SqliteWriterStatement(DbConnection connection, string sql, IReadOnlyList<string> parameterNames, string what)
    {
        this.connection = connection as SqliteConnection
            ?? throw new NotSupportedException("Statements run through SQLite's own API are kept by the SQLite group-commit writer only.");
        this.what = what;
        var rc = raw.sqlite3_prepare_v3(this.connection.Handle, sql, PreparePersistent, out statement, out string tail);
        SqliteException.ThrowExceptionForRC(rc, this.connection.Handle);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            statement.Dispose();
            throw new ArgumentException($"One statement is prepared at a time; this text has more: {tail}", nameof(sql));
        }

        var count = raw.sqlite3_bind_parameter_count(statement);
        positions = new int[parameterNames.Count];
        for (var i = 0; i < parameterNames.Count; i++)
        {
            positions[i] = raw.sqlite3_bind_parameter_index(statement, parameterNames[i]);
            if (positions[i] == 0)
            {
                statement.Dispose();
                throw new ArgumentException($"The statement has no parameter {parameterNames[i]}: {sql}", nameof(parameterNames));
            }
        }

        if (count != parameterNames.Count)
        {
            statement.Dispose();
            throw new ArgumentException($"The statement has {count} parameters, {parameterNames.Count} were named: {sql}", nameof(parameterNames));
        }
    }

    /// <summary>Whether a column of this type mapping is stored by <see cref="ToStored"/> as Microsoft.Data.Sqlite would store it.</summary>
    public static bool CanStore(RelationalTypeMapping mapping)
    {
        var stored = Nullable.GetUnderlyingType(mapping.Converter?.ProviderClrType ?? mapping.ClrType) ?? mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        return stored == typeof(string) || stored == typeof(long) || stored == typeof(int) || stored == typeof(short) || stored == typeof(byte)
            || stored == typeof(bool) || stored == typeof(double) || stored == typeof(byte[]) || stored == typeof(Guid);
    }

    /// <summary>The value stored for <paramref name="value"/> of a column of <paramref name="mapping"/>: its converted value, a GUID as EF Core stores it on SQLite.</summary>
    public static object? ToStored(RelationalTypeMapping mapping, object? value)
    {
        var stored = value is null ? null : mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        return stored is Guid guid ? guid.ToString().ToUpperInvariant() : stored;
    }

    /// <summary>Binds the stored value of parameter number <paramref name="parameter"/> (as named when prepared, from 0).</summary>
    public void Bind(int parameter, object? stored)
    {
        var position = positions[parameter];
        var rc = stored switch
        {
            null => raw.sqlite3_bind_null(statement, position),
            string text => raw.sqlite3_bind_text(statement, position, text),
            long number => raw.sqlite3_bind_int64(statement, position, number),
            int number => raw.sqlite3_bind_int64(statement, position, number),
            short number => raw.sqlite3_bind_int64(statement, position, number),
            byte number => raw.sqlite3_bind_int64(statement, position, number),
            bool flag => raw.sqlite3_bind_int64(statement, position, flag ? 1 : 0),
            double real when double.IsNaN(real) => throw new NotSupportedException($"NaN cannot be stored ({what})."), // SQLite would store NULL
            double real => raw.sqlite3_bind_double(statement, position, real),
            byte[] bytes => raw.sqlite3_bind_blob(statement, position, bytes),
            _ => throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"The writer does not store values of type {stored.GetType().Name} ({what})")),
        };
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }

    /// <summary>
    /// Runs the statement with the values bound, then resets it (the bindings stay until bound again); returns the rows it
    /// changed. A refusal of the database is thrown as <see cref="DbUpdateException"/>, as <c>SaveChanges</c> reports it.
    /// </summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(statement);
        var reset = raw.sqlite3_reset(statement); // repeats the step's error, if any
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            try
            {
                SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            }
            catch (SqliteException ex)
            {
                throw new DbUpdateException($"Writing the {what} failed: " + ex.Message, ex);
            }
        }

        SqliteException.ThrowExceptionForRC(reset, connection.Handle);
        return raw.sqlite3_changes(connection.Handle);
    }

    public void Dispose() => statement.Dispose();
}
