using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Zzut.Workflows;

/// <summary>The database products the service runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file (WAL): one host. The default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: one or more hosts on one database.</summary>
    PostgreSql,
}

/// <summary>
/// Which database the engine, the ledgers and the accounts live in. The provider is bound from
/// <c>Workflows:Database:Provider</c>; the connection string from <c>ConnectionStrings:Workflows</c> (for SQLite an empty
/// one means a file in the data folder; PostgreSQL has no default and does not start without one).
/// </summary>
public sealed class WorkflowDatabaseOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Database";

    /// <summary>The name of the connection string (under <c>ConnectionStrings</c>).</summary>
    public const string ConnectionStringName = "Workflows";

    /// <summary><see cref="DatabaseProvider.Sqlite"/> (the default) or <see cref="DatabaseProvider.PostgreSql"/>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The connection string (<c>ConnectionStrings:Workflows</c>): for SQLite <c>Data Source=…</c>, for PostgreSQL
    /// <c>Host=…;Database=…;Username=…;Password=…</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How many statements each PostgreSQL connection keeps prepared when its connection string does not say
    /// (<c>Max Auto Prepare</c>, Npgsql's automatic preparation). Without it the server parses and plans every statement
    /// again on each execution: about a third of its CPU in a burst of timers (ADR 0024).
    /// </summary>
    public const int DefaultMaxAutoPrepare = 100;

    /// <summary>
    /// The connection string as the service uses it: for PostgreSQL with <see cref="DefaultMaxAutoPrepare"/> statements
    /// prepared per connection unless it sets <c>Max Auto Prepare</c> itself (<c>Max Auto Prepare=0</c> turns preparation
    /// off, e.g. behind a pooler that cannot keep prepared statements); for SQLite as given.
    /// </summary>
    /// <exception cref="InvalidOperationException">The PostgreSQL connection string cannot be parsed; the message says why.</exception>
    public string? EffectiveConnectionString()
    {
        if (Provider != DatabaseProvider.PostgreSql || string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:Workflows is not a PostgreSQL connection string ({ex.Message}); write it as Host=db.example;Database=zzut;Username=zzut;Password=…", ex);
        }

        // Npgsql's own builder reports every keyword it knows as present; the plain one holds only what was written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString };
        if (written.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return ConnectionString;
        }

        builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        return builder.ConnectionString;
    }

    /// <summary>Stops the start with the reason when the settings are unusable (e.g. PostgreSQL without a connection string).</summary>
    /// <exception cref="InvalidOperationException">The settings are unusable; the message says what to set.</exception>
    public void EnsureValid()
    {
        var problems = Validate(new ValidationContext(this)).Select(r => r.ErrorMessage).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                Provider == DatabaseProvider.PostgreSql
                    ? "Workflows:Database:Provider is PostgreSql but ConnectionStrings:Workflows is empty; set it to the PostgreSQL connection string, e.g. Host=db.example;Database=zzut;Username=zzut;Password=…"
                    : "ConnectionStrings:Workflows is empty.",
                [nameof(ConnectionString)]);
        }
    }
}
