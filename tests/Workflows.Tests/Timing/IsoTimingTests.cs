using Zzut.Workflows.Timing;

namespace Zzut.Workflows.Tests.Timing;

/// <summary>ISO 8601 durations, date-times and repeating intervals, with exact instants.</summary>
public sealed class IsoTimingTests
{
    private static readonly DateTimeOffset TenOClock = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [TestCase("PT30M", "2026-03-02T10:30:00Z")]
    [TestCase("PT1H", "2026-03-02T11:00:00Z")]
    [TestCase("P1D", "2026-03-03T10:00:00Z")]
    [TestCase("P2W", "2026-03-16T10:00:00Z")]
    [TestCase("P30D", "2026-04-01T10:00:00Z")]
    [TestCase("P1Y", "2027-03-02T10:00:00Z")]
    [TestCase("P3Y", "2029-03-02T10:00:00Z")]
    [TestCase("P1Y2M3DT4H5M6S", "2027-05-05T14:05:06Z")]
    [TestCase("PT0.5S", "2026-03-02T10:00:00.5Z")]
    public void DurationsAddWithCalendarSemantics(string text, string expected) =>
        Assert.That(IsoDuration.Parse(text).AddTo(TenOClock), Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public void MonthsAndYearsClampToTheEndOfShortMonths()
    {
        Assert.That(IsoDuration.Parse("P1M").AddTo(new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero)), Is.EqualTo(new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(IsoDuration.Parse("P1Y").AddTo(new DateTimeOffset(2028, 2, 29, 0, 0, 0, TimeSpan.Zero)), Is.EqualTo(new DateTimeOffset(2029, 2, 28, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void ADelayFarBeyondTwentyFourDaysIsFine()
    {
        var due = IsoDuration.Parse("P3Y").AddTo(TenOClock);
        Assert.That((due - TenOClock).TotalDays, Is.EqualTo(1096));
    }

    [TestCase("P")]
    [TestCase("PT")]
    [TestCase("P1DT")]
    [TestCase("-P1D")]
    [TestCase("30M")]
    [TestCase("PT30 M")]
    [TestCase("")]
    [TestCase("P1.5D")]
    public void MalformedDurationsAreRejected(string text)
    {
        Assert.That(IsoDuration.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => IsoDuration.Parse(text));
    }

    [TestCase("PT30M")]
    [TestCase("P1Y2M3DT4H5M6S")]
    [TestCase("P2W")]
    public void DurationsRoundTrip(string text) => Assert.That(IsoDuration.Parse(text).ToString(), Is.EqualTo(text));

    [TestCase("2026-09-01T08:00:00+08:00", "2026-09-01T00:00:00Z")]
    [TestCase("2026-09-01T08:00:00Z", "2026-09-01T08:00:00Z")]
    [TestCase("2026-09-01T08:00:00", "2026-09-01T08:00:00Z")]
    [TestCase("2026-09-01T08:00:00.250Z", "2026-09-01T08:00:00.25Z")]
    [TestCase("2026-09-01", "2026-09-01T00:00:00Z")]
    public void DateTimesParseWithUtcAsTheDefault(string text, string expectedUtc) =>
        Assert.That(IsoDateTime.Parse(text).UtcDateTime, Is.EqualTo(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime));

    [TestCase("01/09/2026")]
    [TestCase("tomorrow")]
    [TestCase("2026-13-01")]
    public void MalformedDateTimesAreRejected(string text) => Assert.That(IsoDateTime.TryParse(text, out _), Is.False);

    [Test]
    public void BoundedCycleFiresItsCountThenStops()
    {
        var cycle = TimerCycle.Parse("R3/PT1H");
        var first = cycle.FirstDue(TenOClock)!.Value;
        var second = cycle.NextDue(first, 1)!.Value;
        var third = cycle.NextDue(second, 2)!.Value;
        Assert.That(new[] { first, second, third }, Is.EqualTo(new[] { TenOClock.AddHours(1), TenOClock.AddHours(2), TenOClock.AddHours(3) }));
        Assert.That(cycle.NextDue(third, 3), Is.Null);
    }

    [Test]
    public void UnboundedYearlyCycleKeepsGoing()
    {
        var cycle = TimerCycle.Parse("R/P1Y");
        Assert.That(cycle.Repetitions, Is.Null);
        var due = cycle.FirstDue(TenOClock)!.Value;
        for (var fired = 1; fired < 10; fired++)
        {
            due = cycle.NextDue(due, fired)!.Value;
        }

        Assert.That(due, Is.EqualTo(TenOClock.AddYears(10)));
    }

    [Test]
    public void CycleWithAStartFiresAtTheStart()
    {
        var cycle = TimerCycle.Parse("R3/2026-04-01T00:00:00Z/P1D");
        Assert.That(cycle.FirstDue(TenOClock), Is.EqualTo(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(cycle.NextDue(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), 1), Is.EqualTo(new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void CycleWithAnEndStopsAtTheEnd()
    {
        var cycle = TimerCycle.Parse("R/PT1H/2026-03-02T12:30:00Z");
        var second = cycle.NextDue(cycle.FirstDue(TenOClock)!.Value, 1)!.Value;
        Assert.That(second, Is.EqualTo(TenOClock.AddHours(2)));
        Assert.That(cycle.NextDue(second, 2), Is.Null);
    }

    [TestCase("0 0 9 * * ?", "cron")]
    [TestCase("PT1H", "repeating interval")]
    [TestCase("R3/PT0S", "zero")]
    [TestCase("Rx/PT1H", "repeat count")]
    [TestCase("R3/soon/PT1H", "date-time")]
    public void MalformedCyclesAreRejectedWithAReason(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => TimerCycle.Parse(text));
        Assert.That(ex!.Message, Does.Contain(reason));
    }
}
