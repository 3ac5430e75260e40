using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Zzut.Workflows.Persistence;

/// <summary>
/// PostgreSQL's <c>timestamptz</c> takes instants in UTC only (Npgsql refuses a <see cref="DateTimeOffset"/> with
/// another offset): rows and query parameters are converted to UTC on the way in, and read back in UTC — as the SQLite
/// mapping (<see cref="UtcInstantConverter"/>) reads them.
/// </summary>
public sealed class UtcOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(value => value.ToUniversalTime(), stored => stored);
