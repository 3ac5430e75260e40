using System.Globalization;
using Zzut.Workflows.Domain.Systems;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>When a system's level evaluation is due (P2, Art. 18), by its record's rules.</summary>
public sealed class InformationSystemRecordTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static InformationSystemRecord Row(SystemStatus status = SystemStatus.Accepted, int level = 3, string? nextDue = "2026-03-20") => new()
    {
        Id = Guid.CreateVersion7(), Name = "一卡通", UnitCode = "jsj", ProposedLevel = level, Status = status,
        NextEvaluationDue = nextDue is null ? null : DateOnly.Parse(nextDue, CultureInfo.InvariantCulture),
    };

    [TestCase(SystemStatus.Accepted, 3, "2026-04-01", true, TestName = "Due on the last day of the lead window")]
    [TestCase(SystemStatus.Accepted, 3, "2026-04-02", false, TestName = "Due the day after the window")]
    [TestCase(SystemStatus.Accepted, 3, null, true, TestName = "Never evaluated")]
    [TestCase(SystemStatus.Accepted, 1, "2026-03-10", false, TestName = "Level 1 has no cycle")]
    [TestCase(SystemStatus.Trial, 3, "2026-03-10", false, TestName = "Not yet accepted")]
    [TestCase(SystemStatus.Retired, 4, "2026-03-10", false, TestName = "Retired")]
    public void TheEvaluationIsDueWithinTheWindowForAcceptedSystemsUnderTheCycle(SystemStatus status, int level, string? nextDue, bool due) =>
        Assert.That(Row(status, level, nextDue).IsEvaluationDue(Today.AddDays(30)), Is.EqualTo(due));

    [Test]
    public void TheApprovedLevelDecidesWhetherTheSystemIsUnderTheCycle()
    {
        var system = Row(level: 2);
        system.ApprovedLevel = 1;
        Assert.That((system.Level, system.IsEvaluationDue(Today.AddDays(30))), Is.EqualTo((1, false)));
    }

    [TestCase("2026-03-01", true)]
    [TestCase("2026-03-02", false)]
    [TestCase(null, true)]
    public void AnEvaluationIsOverdueTheDayAfterItsDueDate(string? nextDue, bool overdue) =>
        Assert.That(Row(nextDue: nextDue).IsEvaluationOverdue(Today), Is.EqualTo(overdue));

    [TestCase(12, "2027-01-15")]
    [TestCase(6, "2026-07-15")]
    [TestCase(0, null)]
    public void TheNextEvaluationIsTheLastPlusThePeriod(int months, string? expected)
    {
        var system = Row(nextDue: null);
        system.LastEvaluationDate = new DateOnly(2026, 1, 15);
        system.ScheduleNextEvaluation(months);
        Assert.That(system.NextEvaluationDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Is.EqualTo(expected));
    }

    [Test]
    public void WithoutAnEvaluationThereIsNoNextDueDate()
    {
        var system = Row();
        system.ScheduleNextEvaluation(12);
        Assert.That(system.NextEvaluationDue, Is.Null);
    }

    [Test]
    public void TheBusinessKeyNamesThePeriodDue()
    {
        var system = Row(nextDue: "2026-03-20");
        Assert.That(system.EvaluationBusinessKey(), Is.EqualTo($"system:{system.Id}:eval:2026-03"));
        system.NextEvaluationDue = null;
        Assert.That(system.EvaluationBusinessKey(), Is.EqualTo($"system:{system.Id}:eval:first"));
    }

    [Test]
    public void APeriodMustBeForALevelAndBetweenNoneAndTenYears()
    {
        Assert.That(EvaluationPeriodRecord.Validate(3, 12), Is.Empty);
        Assert.That(EvaluationPeriodRecord.Validate(6, 121).Keys, Is.EquivalentTo(new[] { "level", "months" }));
        Assert.That(EvaluationPeriodRecord.Validate(2, null).Keys, Is.EqualTo(new[] { "months" }));
    }
}
