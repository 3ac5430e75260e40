using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Zzut.Workflows.Persistence;

/// <summary>
/// Stores an instant in SQLite as a sortable integer, always in UTC. The encoding is the one of EF Core's
/// <see cref="DateTimeOffsetToBinaryConverter"/> (the clock ticks / 1000, shifted left 11 bits, the offset in minutes in
/// the low 11 bits), but values are converted to UTC first — rows and query parameters alike — because that encoding
/// compares the <em>clock</em> times: 08:39+08:00 would sort after 00:40Z although it is an hour earlier. Rows written
/// with another offset by earlier versions are still read correctly (the offset bits are honoured when reading); only
/// their order in SQL comparisons was wrong.
/// </summary>
public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, long>(value => ToStored(value), stored => FromStored(stored))
{
    /// <summary>The integer stored for <paramref name="value"/>.</summary>
    public static long ToStored(DateTimeOffset value) => (value.UtcTicks / 1000) << 11;

    /// <summary>The instant an integer stores (any offset the row was written with is honoured), in UTC.</summary>
    public static DateTimeOffset FromStored(long stored)
    {
        var offsetMinutes = (int)(stored & 0x7FF);
        if (offsetMinutes > 0x3FF)
        {
            offsetMinutes -= 0x800; // A negative offset, in 11-bit two's complement.
        }

        var clockTicks = (stored >> 11) * 1000;
        return new DateTimeOffset(clockTicks, TimeSpan.FromMinutes(offsetMinutes)).ToUniversalTime();
    }
}
