using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        admin.MapPut("/years/{year:int}", PutYearAsync)
            .WithSummary("Replace a whole year with the national schedule, in the shape of definitions/calendar/{year}.json: {year, source, days:[{date, kind, name}]} (administrators).");
        admin.MapDelete("/{date}", DeleteAsync).WithSummary("Return a date to the weekday rule (administrators).");
        return routes;
    }

    /// <summary>A year of the calendar.</summary>
    public sealed record CalendarYear(int Year, IReadOnlyList<int> YearsCovered, IReadOnlyList<CalendarDayRecord> Days);

    /// <summary>A day as sent.</summary>
    public sealed record DayBody(string? Kind, string? Name);

    /// <summary>The answer of a year's replacement.</summary>
    public sealed record YearReplaced(int Year, string? Source, IReadOnlyList<CalendarDayRecord> Days, IReadOnlyList<int> YearsCovered);

    /// <summary>The answer of add-workdays.</summary>
    public sealed record WorkdaysResult(DateTimeOffset From, int Days, DateTimeOffset Result);

    /// <summary>The earliest and latest instants add-workdays counts from (the calendar's reach, with room to count a year either way).</summary>
    private static readonly (DateTimeOffset From, DateTimeOffset To) Reach = (new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static async Task<Results<Ok<CalendarYear>, ValidationProblem>> ListAsync(int? year, LedgerDbContext db, WorkingCalendar calendar, TimeProvider time, CancellationToken cancellationToken)
    {
        if (year is < 1 or > 9999)
        {
            return Problems.Field("year", "年份须为 1–9999 (year must be 1 to 9999).");
        }

        var y = year ?? calendar.LocalDate(time.GetUtcNow()).Year;
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var days = await db.CalendarDays.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).OrderBy(d => d.Date).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CalendarYear(y, calendar.Years, days));
    }

    private static Results<Ok<WorkdaysResult>, ValidationProblem> AddWorkdays(DateTimeOffset from, int days, WorkingCalendar calendar)
    {
        var errors = new Dictionary<string, string[]>();
        if (days is < -366 or > 366)
        {
            errors["days"] = ["须为 -366 到 366 (must be between -366 and 366)."];
        }

        if (from < Reach.From || from >= Reach.To)
        {
            errors["from"] = ["须在 1900 年到 2199 年之间 (must be in the years 1900 to 2199)."];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(new WorkdaysResult(from, days, calendar.AddWorkdays(from, days)));
    }

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

    /// <summary>
    /// A year at once, from the JSON <c>tools/definitions/calendar.mjs</c> writes (or typed from the State Council's notice):
    /// every day of that year is replaced, or — when anything is wrong, each wrong field named (<c>days[3].date</c>) —
    /// nothing changes.
    /// </summary>
    private static async Task<Results<Ok<YearReplaced>, ValidationProblem>> PutYearAsync(int year, JsonObject body, CalendarEditor editor, WorkingCalendar calendar, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body["year"] is { } given && (given.GetValueKind() != JsonValueKind.Number || given.GetValue<int>() != year))
        {
            errors["year"] = [$"须与地址中的年份 {year} 一致 (must be the year of the address, {year})."];
        }

        var days = new List<CalendarDayRecord>();
        if (body["days"] is not JsonArray array)
        {
            errors["days"] = ["须为数组：[{date, kind, name}] (an array of {date, kind, name})."];
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                var day = array[i] as JsonObject;
                var date = day?["date"] is JsonValue d && d.GetValueKind() == JsonValueKind.String
                    && DateOnly.TryParseExact(d.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : (DateOnly?)null;
                if (date is null)
                {
                    errors[$"days[{i}].date"] = ["须为日期 yyyy-MM-dd (must be a date)."];
                    continue;
                }

                days.Add(new CalendarDayRecord { Date = date.Value, Kind = day!["kind"]?.ToString() ?? string.Empty, Name = day["name"]?.ToString() ?? string.Empty });
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "日历数据有误 (the calendar year is invalid)");
        }

        var source = body["source"]?.ToString();
        var saved = await editor.ReplaceYearAsync(new CalendarYearFile(year, source, days), cancellationToken);
        return TypedResults.Ok(new YearReplaced(year, source, saved, calendar.Years));
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
