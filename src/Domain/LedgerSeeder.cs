using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;

namespace Zzut.Workflows.Domain;

/// <summary>
/// Creates or upgrades the ledger tables and fills what is empty from the definitions folder: the units directory
/// (<c>units.json</c>) when there are no units, each role mailbox of that file that is missing (a mailbox added in a
/// later release reaches existing databases), each calendar year (<c>calendar/{year}.json</c>) that has no day yet, and
/// the policy's evaluation periods. Data that administrators already edited is never overwritten.
/// </summary>
public static class LedgerSeeder
{
    /// <summary>The shape of <c>units.json</c>.</summary>
    public sealed record DirectoryFile(List<UnitRecord> Units, List<RoleMailboxRecord> RoleMailboxes);

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
        await services.GetRequiredService<Units.UnitAddressBook>().ReloadAsync(cancellationToken);
    }

    /// <summary>Fills the empty parts from the folder.</summary>
    public static async Task SeedAsync(LedgerDbContext db, string definitionsFolder, CancellationToken cancellationToken = default)
    {
        var directoryFile = Path.Combine(definitionsFolder, "units.json");
        if (File.Exists(directoryFile))
        {
            var directory = await ReadAsync<DirectoryFile>(directoryFile, cancellationToken);
            if (!await db.Units.AnyAsync(cancellationToken))
            {
                foreach (var unit in directory.Units)
                {
                    await LedgerRules.EnsureValidAsync(unit, db, cancellationToken);
                }

                db.Units.AddRange(directory.Units);
            }

            var existingRoles = await db.RoleMailboxes.Select(r => r.Role).ToListAsync(cancellationToken);
            db.RoleMailboxes.AddRange(directory.RoleMailboxes.Where(r => !existingRoles.Contains(r.Role)));
        }

        var calendarFolder = Path.Combine(definitionsFolder, "calendar");
        if (Directory.Exists(calendarFolder))
        {
            foreach (var file in Directory.EnumerateFiles(calendarFolder, "*.json").Order(StringComparer.Ordinal))
            {
                var calendar = await ReadAsync<CalendarYearFile>(file, cancellationToken);
                var from = new DateOnly(calendar.Year, 1, 1);
                var to = new DateOnly(calendar.Year, 12, 31);
                if (!await db.CalendarDays.AnyAsync(d => d.Date >= from && d.Date <= to, cancellationToken))
                {
                    if (calendar.Check().ToDictionary() is { Count: > 0 } errors)
                    {
                        throw new InvalidDataException($"{file}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
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
