using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Tests.Persistence;

public sealed class UtcInstantConverterTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Test]
    public void AnInstantInBeijingTimeIsStoredLikeTheSameInstantInUtc()
    {
        var utc = new DateTimeOffset(2026, 9, 18, 0, 40, 0, TimeSpan.Zero);
        Assert.That(UtcInstantConverter.ToStored(utc.ToOffset(Beijing)), Is.EqualTo(UtcInstantConverter.ToStored(utc)));
    }

    [Test]
    public void StoredIntegersOrderLikeTheInstantsWhateverTheirOffsets()
    {
        // 08:39+08:00 is a minute before 00:40Z; EF Core's plain binary form orders them the other way round.
        var earlier = new DateTimeOffset(2026, 9, 18, 8, 39, 0, Beijing);
        var later = new DateTimeOffset(2026, 9, 18, 0, 40, 0, TimeSpan.Zero);
        Assert.That(UtcInstantConverter.ToStored(earlier), Is.LessThan(UtcInstantConverter.ToStored(later)));
        var plain = new DateTimeOffsetToBinaryConverter();
        Assert.That((long)plain.ConvertToProvider(earlier)!, Is.GreaterThan((long)plain.ConvertToProvider(later)!), "the reason for this converter");
    }

    [TestCase(8 * 60)]
    [TestCase(-5 * 60)]
    [TestCase(0)]
    public void RowsWrittenByThePlainBinaryFormAreReadAsTheSameInstant(int offsetMinutes)
    {
        var instant = new DateTimeOffset(2026, 9, 18, 8, 39, 12, 345, TimeSpan.FromMinutes(offsetMinutes));
        var legacy = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(instant)!;
        var read = UtcInstantConverter.FromStored(legacy);
        Assert.That(read, Is.EqualTo(instant));
        Assert.That(read.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void AStoredInstantReadsBackAsTheSameInstantInUtc()
    {
        var instant = new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, Beijing);
        Assert.That(UtcInstantConverter.FromStored(UtcInstantConverter.ToStored(instant)), Is.EqualTo(instant));
    }
}
