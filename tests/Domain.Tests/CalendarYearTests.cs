using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain.Calendar;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>A year of the national schedule arrives whole (PUT /api/calendar/years/{year}); a missing next year is noticed.</summary>
public sealed class CalendarYearTests
{
    private static CalendarDayRecord Day(string date, string kind = CalendarDayRecord.Holiday, string name = "元旦") =>
        new() { Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Kind = kind, Name = name };

    [Test]
    public void AYearNamesEveryWrongDayByItsPlace()
    {
        var year = new CalendarYearFile(2027, "国务院办公厅", [Day("2027-01-01"), Day("2026-12-31"), Day("2027-01-01"), Day("2027-02-06", "day-off")]);
        Assert.That(year.Check().ToDictionary().Keys, Is.EquivalentTo(new[] { "days[1].date", "days[2].date", "days[3].kind" }));
        Assert.That(new CalendarYearFile(1999, null, []).Check().ToDictionary().Keys, Is.EquivalentTo(new[] { "year", "days" }));
    }

    [Test]
    public async Task AYearIsReplacedWholeAndTheCalendarCountsWithItAtOnce()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        await database.WithAsync(async db =>
        {
            db.CalendarDays.AddRange(Day("2027-05-03", name: "旧数据"), Day("2026-10-01", name: "国庆节"));
            await db.SaveChangesAsync();
        });

        var saved = await database.WithAsync(sp => sp.GetRequiredService<CalendarEditor>().ReplaceYearAsync(
            new CalendarYearFile(2027, "国务院办公厅关于2027年部分节假日安排的通知", [Day("2027-01-01"), Day("2027-02-07", CalendarDayRecord.Workday, "春节调休上班")])));

        Assert.That(saved.Select(d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(new[] { "2027-01-01", "2027-02-07" }));
        await database.WithAsync(async db => Assert.That(await db.CalendarDays.Select(d => d.Name).ToListAsync(), Is.EquivalentTo(new[] { "国庆节", "元旦", "春节调休上班" })));
        var calendar = await database.WithAsync(sp => Task.FromResult(sp.GetRequiredService<WorkingCalendar>()));
        Assert.That((calendar.IsWorkday(new DateOnly(2027, 1, 1)), calendar.IsWorkday(new DateOnly(2027, 2, 7)), calendar.Years), Is.EqualTo((false, true, new[] { 2026, 2027 })));
    }

    [Test]
    public async Task ARefusedYearChangesNothing()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        await database.WithAsync(async db =>
        {
            db.CalendarDays.Add(Day("2027-01-01"));
            await db.SaveChangesAsync();
        });
        await Assert.ThrowsAsync<LedgerValidationException>(() => database.WithAsync(sp => sp.GetRequiredService<CalendarEditor>().ReplaceYearAsync(new CalendarYearFile(2027, null, [Day("2028-01-01")]))));
        await database.WithAsync(async db => Assert.That(await db.CalendarDays.CountAsync(), Is.EqualTo(1)));
    }

    [Test]
    public void NextYearIsMissingUntilItsScheduleIsLoaded()
    {
        var calendar = new WorkingCalendar(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), Microsoft.Extensions.Options.Options.Create(new LedgerOptions()));
        calendar.Replace([Day("2026-01-01")]);
        Assert.That(calendar.MissingNextYear(new DateOnly(2026, 12, 7)), Is.EqualTo(2027));
        calendar.Replace([Day("2026-01-01"), Day("2027-01-01")]);
        Assert.That(calendar.MissingNextYear(new DateOnly(2026, 12, 7)), Is.Null);
    }
}
