using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Activities.Email;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Domain.Units;

namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>
/// Recipients from the units directory: <c>unit:{code}</c> reaches the unit's security officer, <c>unit:{code}:head</c>
/// and <c>head:{code}</c> (the group of the head tasks) its head, <c>role:{name}</c> the role's mailbox, and <c>duty:{team}</c> (<c>duty:center</c>,
/// <c>duty:{unitCode}</c>) the people the duty rota has on duty now — or, with nobody on duty, the center's mailbox
/// (<c>duty:center</c>) or the unit's officer. A name with an entry in <c>Workflows:Recipients:Entries</c> uses that
/// entry instead (an override an operator can set without touching the directory); anything else (user names, plain
/// addresses) goes to the configured directory. The units' and mailboxes' addresses come from the in-memory
/// <see cref="UnitAddressBook"/>; only the duty rota is read each time.
/// </summary>
public sealed class UnitRecipientDirectory(
    IServiceScopeFactory scopes, UnitAddressBook addressBook, ConfiguredRecipientDirectory configured, IOptionsMonitor<RecipientOptions> options, TimeProvider time)
    : IRecipientDirectory
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        var all = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var overridden = options.CurrentValue.ToMap();
        var wanted = all.Where(n => !overridden.ContainsKey(n)).ToList();
        var teams = wanted.Where(n => n.StartsWith("duty:", StringComparison.Ordinal)).Select(n => n[5..]).Distinct().ToList();
        var unitCodes = wanted.Where(n => n.StartsWith("unit:", StringComparison.Ordinal) || HeadSignOff.IsHeadGroup(n)).Select(n => n.Split(':')[1])
            .Concat(teams.Where(t => t != DutyShiftRecord.CenterTeam)).Distinct().ToList();
        var roles = wanted.Where(n => n.StartsWith("role:", StringComparison.Ordinal)).Select(n => n[5..]).Append(teams.Contains(DutyShiftRecord.CenterTeam) ? "center" : null).OfType<string>().Distinct().ToList();
        var result = new List<string>();
        var unresolved = all.Where(overridden.ContainsKey).ToList();
        var book = unitCodes.Count + roles.Count > 0 ? await addressBook.GetAsync(cancellationToken) : null;
        var units = book?.Units ?? FrozenDictionary<string, UnitAddressBook.UnitAddresses>.Empty;
        var mailboxes = book?.Mailboxes ?? FrozenDictionary<string, string>.Empty;
        ILookup<string, DutyShiftRecord> onDuty = Array.Empty<DutyShiftRecord>().ToLookup(s => s.Team);
        if (teams.Count > 0)
        {
            // Who is on duty depends on the time: read each time.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            onDuty = (await db.DutyShifts.AsNoTracking().Where(s => teams.Contains(s.Team)).Where(DutyShiftRecord.OnDutyAt.For(time.GetUtcNow())).ToListAsync(cancellationToken))
                .Where(s => !string.IsNullOrWhiteSpace(s.Email)).ToLookup(s => s.Team);
        }

        foreach (var name in wanted)
        {
            var parts = name.Split(':');
            string? addresses = parts switch
            {
                ["unit", var code] when units.TryGetValue(code, out var unit) => unit.OfficerEmail,
                ["unit", var code, "head"] when units.TryGetValue(code, out var unit) => unit.HeadEmail,
                ["head", var code] when units.TryGetValue(code, out var unit) => unit.HeadEmail,
                ["role", var role] when mailboxes.TryGetValue(role, out var mailbox) => mailbox,
                ["duty", var team] when onDuty[team].Any() => string.Join(",", onDuty[team].Select(s => s.Email)),
                ["duty", DutyShiftRecord.CenterTeam] when mailboxes.TryGetValue("center", out var center) => center,
                ["duty", var team] when units.TryGetValue(team, out var unit) => unit.OfficerEmail,
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(addresses))
            {
                unresolved.Add(name);
                continue;
            }

            result.AddRange(addresses.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (unresolved.Count > 0)
        {
            result.AddRange(await configured.ResolveAsync(unresolved, cancellationToken));
        }

        return [.. result.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
