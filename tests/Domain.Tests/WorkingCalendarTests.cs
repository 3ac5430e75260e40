using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Domain.Calendar;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>Working-day arithmetic over the shipped national schedule (definitions/calendar).</summary>
public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static WorkingCalendar Shipped()
    {
        var calendar = new WorkingCalendar(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), Options.Create(new LedgerOptions()));
        var folder = Path.Combine(FindRepository(), "definitions", "calendar");
        var days = Directory.EnumerateFiles(folder, "*.json")
            .Select(f => System.Text.Json.JsonSerializer.Deserialize<LedgerSeeder.CalendarFile>(File.ReadAllText(f), LedgerFields.Json)!)
            .SelectMany(c => c.Days);
        calendar.Replace(days);
        return calendar;
    }

    [TestCase("2026-09-18T17:00:00+08:00", 1, "2026-09-20T17:00:00+08:00", TestName = "Friday before a worked Sunday (国庆节调休) → Sunday")]
    [TestCase("2026-09-24T17:00:00+08:00", 1, "2026-09-28T17:00:00+08:00", TestName = "Thursday before the Mid-Autumn holiday → Monday")]
    [TestCase("2026-09-30T10:00:00+08:00", 1, "2026-10-08T10:00:00+08:00", TestName = "Before the National Day week → the day after it")]
    [TestCase("2026-10-09T09:00:00+08:00", 1, "2026-10-10T09:00:00+08:00", TestName = "Friday before a worked Saturday → Saturday")]
    [TestCase("2026-03-02T09:00:00+08:00", 5, "2026-03-09T09:00:00+08:00", TestName = "An ordinary week")]
    [TestCase("2026-03-02T01:30:00+00:00", 1, "2026-03-03T09:30:00+08:00", TestName = "Counted in Beijing time")]
    [TestCase("2026-09-28T17:00:00+08:00", -1, "2026-09-24T17:00:00+08:00", TestName = "Backwards over the holiday")]
    [TestCase("2025-01-24T18:00:00+08:00", 1, "2025-01-26T18:00:00+08:00", TestName = "2025: Friday before the worked Sunday of the Spring Festival")]
    public void AddWorkdaysFollowsTheNationalSchedule(string from, int days, string expected)
    {
        var result = Shipped().AddWorkdays(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), days);
        Assert.That(result, Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(result.Offset, Is.EqualTo(Beijing));
    }

    [Test]
    public void WithoutDataForAYearOnlyWeekendsAreRestDays()
    {
        var calendar = Shipped();
        Assert.That(calendar.Years, Is.EqualTo(new[] { 2025, 2026 }));
        Assert.That(calendar.IsWorkday(new DateOnly(2030, 10, 1)), Is.True, "no 2030 data: a Tuesday works");
        Assert.That(calendar.IsWorkday(new DateOnly(2030, 10, 5)), Is.False, "a Saturday rests");
    }

    [Test]
    public void EditedDaysTakeEffectOnReplace()
    {
        var calendar = Shipped();
        var monday = new DateTimeOffset(2026, 3, 2, 9, 0, 0, Beijing);
        Assert.That(calendar.AddWorkdays(monday, 1).Day, Is.EqualTo(3));
        calendar.Replace([new CalendarDayRecord { Date = new DateOnly(2026, 3, 3), Kind = "holiday", Name = "校庆" }]);
        Assert.That(calendar.AddWorkdays(monday, 1).Day, Is.EqualTo(4));
    }

    internal static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZzutWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found.");
    }
}
