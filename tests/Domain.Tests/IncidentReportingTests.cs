using Zzut.Workflows.Domain.Incidents;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>漏报 and 瞒报, counted from the occurrence (Att. 9 §5), and how an incident's record applies them.</summary>
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
        Assert.That(IncidentReporting.StatusAt(Occurred, reported, Occurred.AddMinutes(nowAfterMinutes)).ToWire(), Is.EqualTo(expected));
    }

    [Test]
    public void SeverityOrdersTheStatuses() =>
        Assert.That(new[] { ReportingStatus.Concealed, ReportingStatus.OnTime, ReportingStatus.Missed }.Order(),
            Is.EqualTo(new[] { ReportingStatus.OnTime, ReportingStatus.Missed, ReportingStatus.Concealed }));

    [TestCase(20, "onTime")]
    [TestCase(60, "missed")]
    [TestCase(150, "concealed")]
    public void AnIncidentIsJudgedWhenItIsEntered(int enteredAfterMinutes, string expected)
    {
        var incident = new IncidentRecord { UnitCode = "jsj", OccurredAt = Occurred, DiscoveredAt = Occurred };
        incident.Enter(Occurred.AddMinutes(enteredAfterMinutes));
        Assert.That((incident.ReportingStatus.ToWire(), incident.EnteredAt, incident.ReportingUnit), Is.EqualTo((expected, Occurred.AddMinutes(enteredAfterMinutes), "jsj")));
    }

    [Test]
    public void AssessingOnlyEverWorsensTheStatusAndSaysWhenItDid()
    {
        var incident = new IncidentRecord { UnitCode = "jsj", OccurredAt = Occurred, DiscoveredAt = Occurred, Revision = 1 };
        incident.Enter(Occurred.AddMinutes(10));

        Assert.That(incident.Assess(Occurred.AddMinutes(30)), Is.False, "still on time");
        Assert.That(incident.Assess(Occurred.AddMinutes(60)), Is.True, "1 hour without a written report: 漏报");
        Assert.That((incident.ReportingStatus, incident.Revision, incident.UpdatedAt), Is.EqualTo((ReportingStatus.Missed, 2, Occurred.AddMinutes(60))));
        Assert.That(incident.Assess(Occurred.AddMinutes(90)), Is.False, "judged again, no worse: no second notice");
        Assert.That(incident.Assess(Occurred.AddMinutes(120)), Is.True, "2 hours: 瞒报");

        incident.WrittenReportAt = Occurred.AddMinutes(30);
        Assert.That(incident.Assess(Occurred.AddMinutes(200)), Is.False, "a report on time later never makes it better");
        Assert.That(incident.ReportingStatus, Is.EqualTo(ReportingStatus.Concealed));
    }

    [Test]
    public void AnAccountabilityMeasureIsRecordedAgainstTheIncident()
    {
        var incident = new IncidentRecord { Id = Guid.CreateVersion7(), UnitCode = "jsj", Revision = 3 };
        var instance = Guid.CreateVersion7();
        var measure = incident.RecordAccountability(AccountabilityKind.Circular, "王院长", "瞒报", "bangongshi", new LedgerAct(Occurred, DateOnly.FromDateTime(Occurred.DateTime), "bangongshi", instance));
        Assert.That((measure.IncidentId, measure.Kind, measure.ResponsiblePerson, measure.RecordedAt, measure.InstanceId), Is.EqualTo((incident.Id, AccountabilityKind.Circular, "王院长", Occurred, (Guid?)instance)));
        Assert.That(incident.Revision, Is.EqualTo(4));
    }

    [Test]
    public void AnIncidentBreaksItsRulesFieldByField()
    {
        var incident = new IncidentRecord { Title = "", Category = "alien", OccurredAt = Occurred, DiscoveredAt = Occurred.AddMinutes(-1), ApprovedLevel = 5 };
        var errors = new LedgerErrors();
        incident.Validate(errors);
        Assert.That(errors.ToDictionary().Keys, Is.EquivalentTo(new[] { "title", "category", "discoveredAt", "approvedLevel" }));
    }
}
