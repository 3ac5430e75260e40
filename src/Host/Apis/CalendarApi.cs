using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The working-day calendar: national holidays and the weekend days that are worked (调休). Deadlines in working days
/// (<c>addWorkdays</c> in definitions) follow it. Everybody reads it; administrators edit it.
/// </summary>
public static class CalendarApi
{
    /// <summary>Maps <c>/api/calendar</c>.</summary>
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/calendar").WithTags("Calendar");
        group.MapGet("/", ListAsync).WithSummary("The holidays and working weekend days of a year (default: this year), and the years covered.");
        group.MapGet("/add-workdays", AddWorkdays).WithSummary("The instant n working days after (or before) another, as definitions compute it.");
        var admin = group.MapGroup("/").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapPut("/{date}", PutAsync).WithSummary("Make a date a holiday or a working day (administrators).");
        admin.MapDelete("/{date}", DeleteAsync).WithSummary("Return a date to the weekday rule (administrators).");
        return routes;
    }

    /// <summary>A year of the calendar.</summary>
    public sealed record CalendarYear(int Year, IReadOnlyList<int> YearsCovered, IReadOnlyList<CalendarDayRecord> Days);

    /// <summary>A day as sent.</summary>
    public sealed record DayBody(string? Kind, string? Name);

    /// <summary>The answer of add-workdays.</summary>
    public sealed record WorkdaysResult(DateTimeOffset From, int Days, DateTimeOffset Result);

    private static async Task<Ok<CalendarYear>> ListAsync(int? year, LedgerDbContext db, WorkingCalendar calendar, TimeProvider time, CancellationToken cancellationToken)
    {
        var y = year ?? calendar.LocalDate(time.GetUtcNow()).Year;
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var days = await db.CalendarDays.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).OrderBy(d => d.Date).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CalendarYear(y, calendar.Years, days));
    }

    private static Results<Ok<WorkdaysResult>, ValidationProblem> AddWorkdays(DateTimeOffset from, int days, WorkingCalendar calendar) =>
        days is < -366 or > 366
            ? Problems.Field("days", "Must be between -366 and 366.")
            : TypedResults.Ok(new WorkdaysResult(from, days, calendar.AddWorkdays(from, days)));

    private static async Task<Results<Ok<CalendarDayRecord>, ValidationProblem>> PutAsync(string date, DayBody body, LedgerDbContext db, WorkingCalendar calendar, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors["date"] = ["须为日期 yyyy-MM-dd (must be a date)."];
        }

        if (body.Kind is null || !CalendarDayRecord.Kinds.Contains(body.Kind))
        {
            errors["kind"] = ["Must be holiday or workday."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var record = await db.CalendarDays.FirstOrDefaultAsync(d => d.Date == day, cancellationToken);
        if (record is null)
        {
            record = new CalendarDayRecord { Date = day };
            db.CalendarDays.Add(record);
        }

        record.Kind = body.Kind!;
        record.Name = body.Name ?? string.Empty;
        await db.SaveChangesAsync(cancellationToken);
        await calendar.ReloadAsync(cancellationToken);
        return TypedResults.Ok(record);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string date, LedgerDbContext db, WorkingCalendar calendar, CancellationToken cancellationToken)
    {
        var day = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        var record = day is null ? null : await db.CalendarDays.FirstOrDefaultAsync(x => x.Date == day, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound($"{date} is not in the calendar.");
        }

        db.CalendarDays.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
        await calendar.ReloadAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
