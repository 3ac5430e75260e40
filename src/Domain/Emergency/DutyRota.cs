using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain.Calendar;

namespace Zzut.Workflows.Domain.Emergency;

/// <summary>
/// The duty rota's queries: who is on duty for a team at an instant, the shifts in a window, and the holiday periods of a
/// year (from the working-day calendar) with what the rota leaves uncovered.
/// </summary>
public sealed class DutyRota(LedgerDbContext db, WorkingCalendar calendar)
{
    /// <summary>The shifts of a team covering <paramref name="at"/>, earliest start first.</summary>
    public async Task<IReadOnlyList<DutyShiftRecord>> OnDutyAsync(string team, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (await db.DutyShifts.AsNoTracking().Where(s => s.Team == team).Where(DutyShiftRecord.OnDutyAt.For(at)).ToListAsync(cancellationToken))
        .OrderBy(s => s.StartsAt).ToList();

    /// <summary>The shifts of a team (every team when null) overlapping the window, by start.</summary>
    public async Task<IReadOnlyList<DutyShiftRecord>> ShiftsAsync(string? team, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var query = db.DutyShifts.AsNoTracking().Where(s => s.StartsAt < to && s.EndsAt > from);
        if (team is not null)
        {
            query = query.Where(s => s.Team == team);
        }

        return (await query.ToListAsync(cancellationToken)).OrderBy(s => s.StartsAt).ThenBy(s => s.Team, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The holiday periods of <paramref name="year"/>: each run of days off that holds a holiday (the weekend days next to
    /// it included), named after its holiday, with the stretches of it the team's rota leaves uncovered.
    /// </summary>
    public async Task<IReadOnlyList<HolidayPeriod>> HolidayPeriodsAsync(string team, int year, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var holidays = (await db.CalendarDays.AsNoTracking().Where(d => d.Date >= first && d.Date <= last && d.Kind == CalendarDayRecord.Holiday).ToListAsync(cancellationToken))
            .OrderBy(d => d.Date).ToList();
        var runs = new List<(string Name, DateOnly From, DateOnly To)>();
        foreach (var holiday in holidays)
        {
            if (runs.Count > 0 && runs[^1].To >= holiday.Date)
            {
                continue;
            }

            var from = holiday.Date;
            while (!calendar.IsWorkday(from.AddDays(-1)) && from.AddDays(-1) >= first.AddDays(-7))
            {
                from = from.AddDays(-1);
            }

            var to = holiday.Date;
            while (!calendar.IsWorkday(to.AddDays(1)) && to.AddDays(1) <= last.AddDays(7))
            {
                to = to.AddDays(1);
            }

            runs.Add((holiday.Name, from, to));
        }

        if (runs.Count == 0)
        {
            return [];
        }

        var start = Instant(runs[0].From);
        var end = Instant(runs[^1].To.AddDays(1));
        var shifts = await ShiftsAsync(team, start, end, cancellationToken);
        return [.. runs.Select(r => new HolidayPeriod(r.Name, r.From, r.To, Gaps(shifts, Instant(r.From), Instant(r.To.AddDays(1)))))];
    }

    /// <summary>The stretches of [from, to) no shift covers.</summary>
    public static IReadOnlyList<DutyGap> Gaps(IEnumerable<DutyShiftRecord> shifts, DateTimeOffset from, DateTimeOffset to)
    {
        var gaps = new List<DutyGap>();
        var cursor = from;
        foreach (var shift in shifts.Where(s => s.EndsAt > from && s.StartsAt < to).OrderBy(s => s.StartsAt))
        {
            if (shift.StartsAt > cursor)
            {
                gaps.Add(new DutyGap(cursor, shift.StartsAt));
            }

            if (shift.EndsAt > cursor)
            {
                cursor = shift.EndsAt;
            }
        }

        if (cursor < to)
        {
            gaps.Add(new DutyGap(cursor, to));
        }

        return gaps;
    }

    private DateTimeOffset Instant(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, calendar.TimeZone.GetUtcOffset(local));
    }
}
