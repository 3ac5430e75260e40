using Zzut.Workflows.Activities.Ledgers;

namespace Zzut.Workflows.Tests.Ledgers;

/// <summary>漏报 and 瞒报, counted from the occurrence (Att. 9 §5).</summary>
public sealed class IncidentReportingTests
{
    private static readonly DateTimeOffset Occurred = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    [TestCase(null, 59, "onTime")]
    [TestCase(null, 60, "missed")]
    [TestCase(null, 119, "missed")]
    [TestCase(null, 120, "concealed")]
    [TestCase(60, 600, "onTime")]
    [TestCase(61, 600, "missed")]
    [TestCase(120, 600, "missed")]
    [TestCase(121, 600, "concealed")]
    public void TheStatusFollowsTheClocksFromTheOccurrence(int? reportedAfterMinutes, int nowAfterMinutes, string expected)
    {
        DateTimeOffset? reported = reportedAfterMinutes is { } r ? Occurred.AddMinutes(r) : null;
        Assert.That(IncidentReporting.StatusAt(Occurred, reported, Occurred.AddMinutes(nowAfterMinutes)), Is.EqualTo(expected));
    }

    [Test]
    public void SeverityOrdersTheStatuses() =>
        Assert.That(new[] { "concealed", "onTime", "missed" }.OrderBy(IncidentReporting.Severity), Is.EqualTo(new[] { "onTime", "missed", "concealed" }));
}
