using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Zzut.Workflows.Domain.Units;

/// <summary>
/// The e-mail addresses of the units directory (each unit's officer and head) and of the role mailboxes, held in memory
/// as reference data (<see cref="ReferenceKinds.Directory"/>): every notice resolves its recipients here instead of
/// reading two tables in a scope of its own. It is loaded at its first use and whenever the directory is edited on
/// this node (<see cref="ReloadAsync"/>, called by whatever saves units or mailboxes); other nodes see an edit through
/// <c>reference_versions</c> (<see cref="ReferenceData"/>), and the <c>reference-data-refresh</c> job reloads it too.
/// </summary>
public sealed class UnitAddressBook(IServiceScopeFactory scopes) : IReferenceSnapshot
{
    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Addresses? current;

    /// <inheritdoc />
    public string Kind => ReferenceKinds.Directory;

    /// <summary>The addresses as last loaded (loading them first if they never were).</summary>
    public async ValueTask<Addresses> GetAsync(CancellationToken cancellationToken = default) =>
        current ?? await LoadAsync(onlyIfMissing: true, cancellationToken);

    /// <inheritdoc />
    public async Task ReloadAsync(CancellationToken cancellationToken = default) => await LoadAsync(onlyIfMissing: false, cancellationToken);

    private async Task<Addresses> LoadAsync(bool onlyIfMissing, CancellationToken cancellationToken)
    {
        // One load at a time: a load that starts after an edit committed finishes after any load that started before it.
        await loading.WaitAsync(cancellationToken);
        try
        {
            if (onlyIfMissing && current is { } loaded)
            {
                return loaded;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            var units = await db.Units.AsNoTracking().Select(u => new { u.Code, u.OfficerEmail, u.HeadEmail }).ToListAsync(cancellationToken);
            var mailboxes = await db.RoleMailboxes.AsNoTracking().Select(r => new { r.Role, r.Emails }).ToListAsync(cancellationToken);
            var addresses = new Addresses(
                units.ToFrozenDictionary(u => u.Code, u => new UnitAddresses(u.OfficerEmail, u.HeadEmail), StringComparer.Ordinal),
                mailboxes.ToFrozenDictionary(r => r.Role, r => r.Emails, StringComparer.Ordinal));
            current = addresses;
            return addresses;
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>A unit's officer and head addresses (comma-separated lists, possibly empty).</summary>
    public sealed record UnitAddresses(string OfficerEmail, string HeadEmail);

    /// <summary>One loaded copy: units by code, mailbox addresses by role.</summary>
    public sealed record Addresses(FrozenDictionary<string, UnitAddresses> Units, FrozenDictionary<string, string> Mailboxes);
}
