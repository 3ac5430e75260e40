using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Domain.Calendar;

/// <summary>
/// Working days by the national schedule: Monday to Friday, except the holidays, plus the weekend days that are worked
/// (调休). The exceptions are data (<see cref="CalendarDayRecord"/>, seeded from <c>definitions/calendar/*.json</c>);
/// this class holds a snapshot of them, reloaded whenever they are edited.
/// </summary>
public sealed class WorkingCalendar(IServiceScopeFactory scopes, IOptions<LedgerOptions> options) : IReferenceSnapshot
{
    /// <inheritdoc />
    public string Kind => ReferenceKinds.Calendar;

    private volatile FrozenDictionary<DateOnly, string> exceptions = FrozenDictionary<DateOnly, string>.Empty;

    /// <summary>The time zone dates are read in (Asia/Shanghai by default).</summary>
    public TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The years the loaded data covers.</summary>
    public IReadOnlyList<int> Years => [.. exceptions.Keys.Select(d => d.Year).Distinct().Order()];

    /// <summary>
    /// The year after <paramref name="today"/>'s when its holiday schedule is not loaded yet (no holiday or working
    /// weekend day of that year): without it, working days of that year would silently ignore its holidays. Null when
    /// it is loaded.
    /// </summary>
    public int? MissingNextYear(DateOnly today) => Years.Contains(today.Year + 1) ? null : today.Year + 1;

    /// <summary>Reloads the exceptions from the database.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var days = await db.CalendarDays.AsNoTracking().ToListAsync(cancellationToken);
        Replace(days);
    }

    /// <summary>Replaces the snapshot (used by <see cref="ReloadAsync"/> and by tests of the arithmetic).</summary>
    public void Replace(IEnumerable<CalendarDayRecord> days) =>
        exceptions = days.ToFrozenDictionary(d => d.Date, d => d.Kind);

    /// <summary>The date of an instant in <see cref="TimeZone"/> (what "today" means for deadlines and ledgers).</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>Whether the date is a working day.</summary>
    public bool IsWorkday(DateOnly date) => exceptions.TryGetValue(date, out var kind)
        ? kind == CalendarDayRecord.Workday
        : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>
    /// The same local time of day <paramref name="days"/> working days later (earlier when negative), counted in
    /// <see cref="TimeZone"/>: handling ended Friday 17:00 before a worked Sunday → Sunday 17:00.
    /// </summary>
    public DateTimeOffset AddWorkdays(DateTimeOffset instant, int days)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var step = days >= 0 ? 1 : -1;
        for (var remaining = Math.Abs(days); remaining > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkday(date))
            {
                remaining--;
            }
        }

        var target = date.ToDateTime(TimeOnly.FromDateTime(local.DateTime));
        return new DateTimeOffset(target, TimeZone.GetUtcOffset(target));
    }
}
