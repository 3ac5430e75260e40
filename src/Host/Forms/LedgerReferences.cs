using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// The ledgers whose rows a form field may name (<c>properties.ref</c>): <c>system</c>, <c>vm</c>, <c>website</c> and
/// <c>hosted-server</c>. The browser offers the rows the signed-in person may see (the ledger APIs' scope) as a select;
/// the server accepts only the id of an existing row the submitter may see (<see cref="Caller.MaySeeUnit"/>).
/// </summary>
public sealed class LedgerReferences(LedgerDbContext db)
{
    /// <summary>Each ledger a field may refer to, by its <c>ref</c> name, with the row's Chinese name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["system"] = "信息系统",
        ["vm"] = "虚拟机",
        ["website"] = "网站",
        ["hosted-server"] = "托管服务器",
    };

    /// <summary>
    /// Why <paramref name="text"/> does not name a row of the ledger that <paramref name="submitter"/> may see (null
    /// submitter: any row, for checks without a person, e.g. the form editor's preview), or null when it does.
    /// </summary>
    public async Task<string?> RefusalAsync(string reference, string label, string text, Caller? submitter, CancellationToken cancellationToken = default)
    {
        var row = Names[reference];
        var unit = Guid.TryParse(text, out var id) ? await UnitOfAsync(reference, id, cancellationToken) : null;
        return unit is not null && (submitter is null || submitter.MaySeeUnit(unit))
            ? null
            : $"「{label}」须为台账中您可查看的{row}，请从列表中选择 ({reference}: '{text}' is not a {reference} of the ledger you may see).";
    }

    /// <summary>The unit of the row, or null when the ledger has no such row.</summary>
    private Task<string?> UnitOfAsync(string reference, Guid id, CancellationToken cancellationToken) => reference switch
    {
        "system" => UnitOf(db.Systems, id, cancellationToken),
        "vm" => UnitOf(db.Vms, id, cancellationToken),
        "website" => UnitOf(db.Websites, id, cancellationToken),
        "hosted-server" => UnitOf(db.HostedServers, id, cancellationToken),
        _ => throw new InvalidOperationException($"The form refers to the ledger '{reference}', which does not exist; the ledgers are {string.Join(", ", Names.Keys)}."),
    };

    private static Task<string?> UnitOf<TRecord>(DbSet<TRecord> rows, Guid id, CancellationToken cancellationToken)
        where TRecord : class, IUnitLedgerRecord =>
        rows.AsNoTracking().Where(r => r.Id == id).Select(r => (string?)r.UnitCode).FirstOrDefaultAsync(cancellationToken);
}
