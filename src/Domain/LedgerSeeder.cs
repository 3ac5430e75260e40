using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;

namespace Zzut.Workflows.Domain;

/// <summary>
/// Creates or upgrades the ledger tables and fills what is empty from the definitions folder: the units directory and
/// role mailboxes (<c>units.json</c>) when there are no units, each calendar year (<c>calendar/{year}.json</c>) that has
/// no day yet, and the policy's evaluation periods. Data that administrators already edited is never overwritten.
/// </summary>
public static class LedgerSeeder
{
    /// <summary>The shape of <c>units.json</c>.</summary>
    public sealed record DirectoryFile(List<UnitRecord> Units, List<RoleMailboxRecord> RoleMailboxes);

    /// <summary>The shape of <c>calendar/{year}.json</c>.</summary>
    public sealed record CalendarFile(int Year, string? Source, List<CalendarDayRecord> Days);

    /// <summary>Migrates, seeds and loads the calendar.</summary>
    public static async Task InitializeLedgersAsync(this IServiceProvider services, string definitionsFolder, CancellationToken cancellationToken = default)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            await db.Database.MigrateAsync(cancellationToken);
            await SeedAsync(db, definitionsFolder, cancellationToken);
        }

        await services.GetRequiredService<WorkingCalendar>().ReloadAsync(cancellationToken);
    }

    /// <summary>Fills the empty parts from the folder.</summary>
    public static async Task SeedAsync(LedgerDbContext db, string definitionsFolder, CancellationToken cancellationToken = default)
    {
        var directoryFile = Path.Combine(definitionsFolder, "units.json");
        if (File.Exists(directoryFile) && !await db.Units.AnyAsync(cancellationToken))
        {
            var directory = await ReadAsync<DirectoryFile>(directoryFile, cancellationToken);
            foreach (var unit in directory.Units)
            {
                await LedgerRules.EnsureValidAsync(unit, db, cancellationToken);
            }

            db.Units.AddRange(directory.Units);
            var existingRoles = await db.RoleMailboxes.Select(r => r.Role).ToListAsync(cancellationToken);
            db.RoleMailboxes.AddRange(directory.RoleMailboxes.Where(r => !existingRoles.Contains(r.Role)));
        }

        var calendarFolder = Path.Combine(definitionsFolder, "calendar");
        if (Directory.Exists(calendarFolder))
        {
            foreach (var file in Directory.EnumerateFiles(calendarFolder, "*.json").Order(StringComparer.Ordinal))
            {
                var calendar = await ReadAsync<CalendarFile>(file, cancellationToken);
                var from = new DateOnly(calendar.Year, 1, 1);
                var to = new DateOnly(calendar.Year, 12, 31);
                if (!await db.CalendarDays.AnyAsync(d => d.Date >= from && d.Date <= to, cancellationToken))
                {
                    var invalid = calendar.Days.FirstOrDefault(d => d.Date.Year != calendar.Year || !CalendarDayRecord.Kinds.Contains(d.Kind));
                    if (invalid is not null)
                    {
                        throw new InvalidDataException($"{file}: day {invalid.Date:yyyy-MM-dd} ({invalid.Kind}) is not a holiday or working day of {calendar.Year}.");
                    }

                    db.CalendarDays.AddRange(calendar.Days);
                }
            }
        }

        if (!await db.EvaluationPeriods.AnyAsync(cancellationToken))
        {
            db.EvaluationPeriods.AddRange(EvaluationPolicy.DefaultMonths.Select(p => new EvaluationPeriodRecord { Level = p.Key, Months = p.Value }));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, LedgerFields.Json, cancellationToken)
                ?? throw new InvalidDataException($"{file} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file}: {ex.Message}", ex);
        }
    }
}
