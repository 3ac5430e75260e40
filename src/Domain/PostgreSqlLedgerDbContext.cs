using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Zzut.Workflows.Domain;

/// <summary>
/// The ledgers on PostgreSQL: the same model as <see cref="LedgerDbContext"/> (the service asks for that type), a type
/// of its own so that it owns the PostgreSQL migrations in <c>Migrations/PostgreSql/</c>.
/// </summary>
public sealed class PostgreSqlLedgerDbContext(DbContextOptions<PostgreSqlLedgerDbContext> options)
    : LedgerDbContext(options);

/// <summary>
/// PostgreSQL's <c>timestamptz</c> takes instants in UTC only (Npgsql refuses a <see cref="DateTimeOffset"/> with another
/// offset): rows and query parameters are converted to UTC on the way in and read back in UTC.
/// </summary>
internal sealed class UtcOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(value => value.ToUniversalTime(), stored => stored);
