using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Zzut.Workflows.Domain;

/// <summary>
/// What a ledger row must satisfy, whoever writes it (an activity or the API): the row's own rules
/// (<see cref="ILedgerRow.Validate"/>) and that its unit exists in the directory. Field name → messages.
/// </summary>
public static partial class LedgerRules
{
    /// <summary>Security protection levels (等级): 1 to 5.</summary>
    public const int HighestLevel = 5;

    /// <summary>The message for a level outside 1–5.</summary>
    public const string LevelMessage = "等级须为 1–5 (level must be 1 to 5).";

    /// <summary>The message for a missing field.</summary>
    public const string Required = "必填 (required).";

    /// <summary>Whether the number is a security protection level (1–5).</summary>
    public static bool IsLevel(int level) => level is >= 1 and <= HighestLevel;

    /// <summary>Checks a row; the unit must exist in the directory.</summary>
    public static async Task<Dictionary<string, string[]>> ValidateAsync(ILedgerRow record, LedgerDbContext db, CancellationToken cancellationToken = default)
    {
        var errors = new LedgerErrors();
        if (record is IUnitLedgerRecord owned)
        {
            var known = !string.IsNullOrWhiteSpace(owned.UnitCode) && await db.Units.AsNoTracking().AnyAsync(u => u.Code == owned.UnitCode, cancellationToken);
            errors.Check(known, "unitCode", $"未知单位 (unknown unit '{owned.UnitCode}').");
        }

        record.Validate(errors);
        return errors.ToDictionary();
    }

    /// <summary>Throws <see cref="LedgerValidationException"/> when the row is invalid.</summary>
    public static async Task EnsureValidAsync(ILedgerRow record, LedgerDbContext db, CancellationToken cancellationToken = default)
    {
        var errors = await ValidateAsync(record, db, cancellationToken);
        if (errors.Count > 0)
        {
            throw new LedgerValidationException(errors);
        }
    }

    /// <summary>Whether the text looks like one e-mail address (the forms use the same check).</summary>
    public static bool IsEmail(string text) => Email().IsMatch(text);

    /// <summary>Whether the text is a host name such as <c>www.zzut.edu.cn</c>.</summary>
    public static bool IsHostName(string text) => HostName().IsMatch(text);

    /// <summary>Whether the text is a unit code: 2–32 lower-case letters, digits or '-'.</summary>
    public static bool IsUnitCode(string text) => UnitCode().IsMatch(text);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex("^[a-z0-9-]{2,32}$")]
    private static partial Regex UnitCode();
}
