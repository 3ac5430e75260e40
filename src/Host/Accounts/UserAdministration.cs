using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Messaging;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>An account as administrators see it.</summary>
/// <param name="Id">The account id.</param>
/// <param name="UserName">The sign-in name.</param>
/// <param name="RealName">The person's real name.</param>
/// <param name="Email">Where notices and one-time passwords go.</param>
/// <param name="UnitCode">The unit, for unit users.</param>
/// <param name="Roles">The roles.</param>
/// <param name="Enabled">False when an administrator disabled it.</param>
/// <param name="LockedUntil">Until when repeated failed sign-ins lock it, if now.</param>
/// <param name="MustChangePassword">Whether it signs in with a one-time password an administrator issued.</param>
public sealed record UserView(string Id, string UserName, string RealName, string? Email, string? UnitCode, IReadOnlyList<string> Roles, bool Enabled, DateTimeOffset? LockedUntil, bool MustChangePassword);

/// <summary>What an account should be: every field is checked, for a new account, a change and each row of an import.</summary>
/// <param name="UserName">The sign-in name (a new account only).</param>
/// <param name="RealName">The real name.</param>
/// <param name="Email">The e-mail address (needed to send a one-time password).</param>
/// <param name="UnitCode">The unit (needed for the unit role).</param>
/// <param name="Roles">The roles.</param>
public sealed record UserDraft(string? UserName, string? RealName, string? Email, string? UnitCode, IReadOnlyList<string>? Roles);

/// <summary>How a one-time password reaches its user: shown once to the administrator, or e-mailed through the outbox.</summary>
public enum PasswordDelivery
{
    /// <summary>In the answer, once; never stored in clear.</summary>
    Show,

    /// <summary>To the account's e-mail address, through the outbox.</summary>
    Email,
}

/// <summary>The outcome of a change: the account, or field errors, or a conflict; and a one-time password to show once.</summary>
/// <param name="User">The account after the change.</param>
/// <param name="Errors">Field errors (nothing was changed).</param>
/// <param name="Conflict">Why the change cannot be made (nothing was changed).</param>
/// <param name="OneTimePassword">The one-time password, when it is shown rather than e-mailed.</param>
public sealed record UserChange(UserView? User, IReadOnlyDictionary<string, string[]>? Errors = null, string? Conflict = null, string? OneTimePassword = null);

/// <summary>A row of a CSV import, checked.</summary>
/// <param name="Line">Its line in the file.</param>
/// <param name="Draft">What it asks for.</param>
/// <param name="Errors">Its problems by field; empty when it can be imported.</param>
public sealed record ImportRow(int Line, UserDraft Draft, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>An account created by an import, with its one-time password when it is shown.</summary>
public sealed record ImportedUser(UserView User, string? OneTimePassword);

/// <summary>
/// Administering local accounts: create with a one-time password, change name, e-mail, unit and roles, disable and
/// enable, unlock, reset the password, import a unit's people from CSV. Every change is recorded in the hash-chained
/// security history with who made it; a change that matters for access (roles, unit, disabling, a new password) gives
/// the account a new security stamp, which ends its sessions.
/// </summary>
public sealed partial class UserAdministration(
    UserManager<AccountUser> users, AccountsDbContext accounts, LedgerDbContext directory, SecurityAudit audit, SessionValidator sessions, SignInThrottle throttle, IOutbox outbox, TimeProvider time)
{
    /// <summary>The most rows one import takes.</summary>
    public const int MaxImportRows = 500;

    /// <summary>
    /// A page of the accounts by user name, optionally of one unit or role, or matching a text in name or user name,
    /// with how many match in all (<paramref name="skip"/> and <paramref name="take"/> as every list pages).
    /// </summary>
    public async Task<(IReadOnlyList<UserView> Page, int Total)> ListAsync(string? unitCode, string? role, string? text, int skip, int take, CancellationToken cancellationToken = default)
    {
        var query = users.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(unitCode))
        {
            query = query.Where(u => u.UnitCode == unitCode);
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            query = query.Where(u => u.UserName!.Contains(text) || u.RealName.Contains(text));
        }

        if (!string.IsNullOrWhiteSpace(role))
        {
            query = query.Where(u => accounts.UserRoles.Any(link => link.UserId == u.Id && accounts.Roles.Any(r => r.Id == link.RoleId && r.Name == role)));
        }

        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderBy(u => u.UserName).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var roles = await RolesOfAsync(page.Select(u => u.Id).ToList(), cancellationToken);
        return ([.. page.Select(u => View(u, roles.GetValueOrDefault(u.Id) ?? []))], total);
    }

    /// <summary>One account, or null.</summary>
    public async Task<UserView?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await users.FindByIdAsync(id) is { } user ? await ViewAsync(user, cancellationToken) : null;

    /// <summary>The security history of one account: its own sign-ins and every change made to it, oldest first.</summary>
    public async Task<IReadOnlyList<Runtime.HistoryEntryView>> HistoryAsync(string userName, CancellationToken cancellationToken = default) =>
        [.. (await audit.ReadAsync(cancellationToken)).Where(e => e.Actor == userName || (e.Data is JsonObject data && data["userName"]?.ToString() == userName))];

    /// <summary>Creates an account with a one-time password.</summary>
    public async Task<UserChange> CreateAsync(UserDraft draft, PasswordDelivery delivery, string? actor, CancellationToken cancellationToken = default)
    {
        var errors = await CheckAsync(draft, isNew: true, delivery, new HashSet<string>(StringComparer.OrdinalIgnoreCase), cancellationToken);
        if (errors.Count > 0)
        {
            return new UserChange(null, errors);
        }

        AccountUser user;
        string password;
        await using (var transaction = await accounts.Database.BeginTransactionAsync(cancellationToken))
        {
            (user, password) = await AddAsync(draft, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await audit.RecordAsync("user.created", actor, Describe(user, draft.Roles!, delivery), cancellationToken);
        return new UserChange(await ViewAsync(user, cancellationToken), OneTimePassword: await DeliverAsync(user, password, delivery, cancellationToken));
    }

    /// <summary>Changes an account's real name, e-mail, unit and roles.</summary>
    public async Task<UserChange?> UpdateAsync(string id, UserDraft draft, string? actor, CancellationToken cancellationToken = default)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        var errors = await CheckAsync(draft, isNew: false, PasswordDelivery.Show, [], cancellationToken);
        if (errors.Count > 0)
        {
            return new UserChange(null, errors);
        }

        var current = await users.GetRolesAsync(user);
        var wanted = draft.Roles!.Distinct(StringComparer.Ordinal).ToList();
        if (IsSelf(user, actor) && !wanted.Contains(Roles.Admin))
        {
            return new UserChange(null, Conflict: "不能取消自己的管理员角色 (you cannot drop your own admin role).");
        }

        var accessChanged = !current.ToHashSet(StringComparer.Ordinal).SetEquals(wanted) || user.UnitCode != Blank(draft.UnitCode);
        await using var transaction = await accounts.Database.BeginTransactionAsync(cancellationToken);
        user.RealName = draft.RealName!.Trim();
        user.Email = Blank(draft.Email);
        user.UnitCode = Blank(draft.UnitCode);
        Check(await users.UpdateAsync(user));
        Check(await users.RemoveFromRolesAsync(user, current.Except(wanted, StringComparer.Ordinal)));
        Check(await users.AddToRolesAsync(user, wanted.Except(current, StringComparer.Ordinal)));
        if (accessChanged)
        {
            Check(await users.UpdateSecurityStampAsync(user));
        }

        await transaction.CommitAsync(cancellationToken);
        sessions.Forget(user.Id);
        var data = Describe(user, wanted, null);
        data["sessionsEnded"] = accessChanged;
        await audit.RecordAsync("user.updated", actor, data, cancellationToken);
        return new UserChange(await ViewAsync(user, cancellationToken));
    }

    /// <summary>Disables (or enables) an account; disabling ends its sessions.</summary>
    public async Task<UserChange?> SetEnabledAsync(string id, bool enabled, string? actor, CancellationToken cancellationToken = default)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        if (!enabled && IsSelf(user, actor))
        {
            return new UserChange(null, Conflict: "不能停用自己的账户 (you cannot disable your own account).");
        }

        user.Disabled = !enabled;
        user.LockoutEnabled = true;
        user.LockoutEnd = enabled ? null : DateTimeOffset.MaxValue;
        user.AccessFailedCount = 0;
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        sessions.Forget(user.Id);
        await audit.RecordAsync(enabled ? "user.enabled" : "user.disabled", actor, new JsonObject { ["userName"] = user.UserName }, cancellationToken);
        return new UserChange(await ViewAsync(user, cancellationToken));
    }

    /// <summary>Ends a lockout after failed sign-ins (a disabled account stays disabled).</summary>
    public async Task<UserChange?> UnlockAsync(string id, string? actor, CancellationToken cancellationToken = default)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        if (user.Disabled)
        {
            return new UserChange(null, Conflict: "账户已停用，请改为启用 (the account is disabled; enable it instead).");
        }

        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        await throttle.ForgiveAsync(user.UserName!, cancellationToken);
        await audit.RecordAsync("user.unlocked", actor, new JsonObject { ["userName"] = user.UserName }, cancellationToken);
        return new UserChange(await ViewAsync(user, cancellationToken));
    }

    /// <summary>Gives an account a new one-time password (its sessions end), shown once or e-mailed.</summary>
    public async Task<UserChange?> ResetPasswordAsync(string id, PasswordDelivery delivery, string? actor, CancellationToken cancellationToken = default)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        if (delivery == PasswordDelivery.Email && string.IsNullOrWhiteSpace(user.Email))
        {
            return new UserChange(null, new Dictionary<string, string[]> { ["delivery"] = ["账户没有电子邮箱，只能显示一次性密码 (the account has no e-mail address; show the password instead)."] });
        }

        var password = NewPassword();
        await using (var transaction = await accounts.Database.BeginTransactionAsync(cancellationToken))
        {
            // The old password goes and the new one comes in one commit: never an account without a password.
            Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, password));
            user.PasswordIsOneTime = true;
            user.OneTimePasswordUsedAt = null;
            Check(await users.UpdateAsync(user));
            Check(await users.SetLockoutEndDateAsync(user, user.Disabled ? DateTimeOffset.MaxValue : null));
            Check(await users.ResetAccessFailedCountAsync(user));
            Check(await users.UpdateSecurityStampAsync(user));
            await transaction.CommitAsync(cancellationToken);
        }

        sessions.Forget(user.Id);
        await audit.RecordAsync("user.password-reset", actor, new JsonObject { ["userName"] = user.UserName, ["delivery"] = delivery.ToString().ToLowerInvariant() }, cancellationToken);
        return new UserChange(await ViewAsync(user, cancellationToken), OneTimePassword: await DeliverAsync(user, password, delivery, cancellationToken));
    }

    /// <summary>
    /// Reads a CSV of a unit's people (a header row: 用户名/userName, 姓名/realName, 邮箱/email, 单位代码/unitCode,
    /// 角色/roles — roles separated by ';' or '、', default <c>unit</c>; the unit defaults to <paramref name="unitCode"/>)
    /// and checks every row as a new account.
    /// </summary>
    public async Task<(IReadOnlyList<ImportRow> Rows, string? Problem)> PreviewAsync(string csv, string? unitCode, PasswordDelivery delivery, CancellationToken cancellationToken = default)
    {
        var table = ReadCsv(csv);
        if (table.Count == 0)
        {
            return ([], "文件为空 (the file is empty).");
        }

        var header = table[0].Select(h => Columns.GetValueOrDefault(h.Trim().TrimStart('\uFEFF'))).ToList();
        if (!header.Contains("userName") || !header.Contains("realName"))
        {
            return ([], "首行须为表头，至少含 用户名、姓名 两列 (the first row must name the columns; userName and realName are required).");
        }

        if (table.Count - 1 > MaxImportRows)
        {
            return ([], $"一次最多导入 {MaxImportRows} 行 (at most {MaxImportRows} rows at a time).");
        }

        var rows = new List<ImportRow>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < table.Count; i++)
        {
            if (table[i].All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string? Cell(string column) => header.IndexOf(column) is var index and >= 0 && index < table[i].Count ? Blank(table[i][index]) : null;
            var roles = Cell("roles") is { } text
                ? text.Split([';', '；', '、', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(RoleCode).ToList()
                : [Roles.Unit];
            var draft = new UserDraft(Cell("userName"), Cell("realName"), Cell("email"), Cell("unitCode") ?? Blank(unitCode), roles);
            rows.Add(new ImportRow(i + 1, draft, await CheckAsync(draft, isNew: true, delivery, seen, cancellationToken)));
        }

        return (rows, rows.Count == 0 ? "文件中没有数据行 (the file has no rows)." : null);
    }

    /// <summary>Creates every row's account, all or none: a file with any row in error creates nothing.</summary>
    public async Task<(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportedUser> Created, string? Problem)> ImportAsync(
        string csv, string? unitCode, PasswordDelivery delivery, string? actor, CancellationToken cancellationToken = default)
    {
        var (rows, problem) = await PreviewAsync(csv, unitCode, delivery, cancellationToken);
        if (problem is not null || rows.Any(r => r.Errors.Count > 0))
        {
            return (rows, [], problem ?? "有的行有错误，没有导入任何账户 (some rows have errors; nothing was imported).");
        }

        var created = new List<(AccountUser User, string Password, UserDraft Draft)>();
        await using (var transaction = await accounts.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var row in rows)
            {
                var (user, password) = await AddAsync(row.Draft, cancellationToken);
                created.Add((user, password, row.Draft));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var imported = new List<ImportedUser>();
        foreach (var (user, password, draft) in created)
        {
            var data = Describe(user, draft.Roles!, delivery);
            data["import"] = true;
            await audit.RecordAsync("user.created", actor, data, cancellationToken);
            imported.Add(new ImportedUser(await ViewAsync(user, cancellationToken), await DeliverAsync(user, password, delivery, cancellationToken)));
        }

        return (rows, imported, null);
    }

    private static readonly Dictionary<string, string> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["userName"] = "userName", ["用户名"] = "userName", ["realName"] = "realName", ["姓名"] = "realName",
        ["email"] = "email", ["邮箱"] = "email", ["电子邮箱"] = "email", ["unitCode"] = "unitCode", ["单位代码"] = "unitCode", ["单位"] = "unitCode",
        ["roles"] = "roles", ["角色"] = "roles",
    };

    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.Ordinal)
    {
        ["系统管理员"] = Roles.Admin, ["网络安全和信息化领导小组"] = Roles.LeadingGroup, ["领导小组"] = Roles.LeadingGroup, ["领导小组办公室"] = Roles.Office,
        ["办公室"] = Roles.Office, ["信息与网络管理中心"] = Roles.Center, ["中心"] = Roles.Center, ["二级单位"] = Roles.Unit, ["单位"] = Roles.Unit, ["专家"] = Roles.Expert,
    };

    private static string RoleCode(string text) => RoleNames.GetValueOrDefault(text, text);

    private async Task<Dictionary<string, string[]>> CheckAsync(UserDraft draft, bool isNew, PasswordDelivery delivery, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (isNew)
        {
            if (string.IsNullOrWhiteSpace(draft.UserName) || draft.UserName.Length > 64 || !UserNamePattern().IsMatch(draft.UserName))
            {
                errors["userName"] = ["必填，最多 64 个字符，只能是字母、数字和 -._@+ (required, at most 64 letters, digits or -._@+)."];
            }
            else if (!seen.Add(draft.UserName) || await users.FindByNameAsync(draft.UserName) is not null)
            {
                errors["userName"] = [$"用户名 '{draft.UserName}' 已被使用 (the user name is taken)."];
            }
        }

        if (string.IsNullOrWhiteSpace(draft.RealName) || draft.RealName.Trim().Length > 100)
        {
            errors["realName"] = ["必填，最多 100 个字符 (required, at most 100 characters)."];
        }

        if (Blank(draft.Email) is { } email && (email.Length > 256 || !LedgerRules.IsEmail(email)))
        {
            errors["email"] = ["须为电子邮箱 (must be an e-mail address)."];
        }
        else if (isNew && delivery == PasswordDelivery.Email && Blank(draft.Email) is null)
        {
            errors["email"] = ["通过邮件发送一次性密码时必填 (required to e-mail the one-time password)."];
        }

        if (draft.Roles is not { Count: > 0 } || draft.Roles.Any(r => !Roles.All.Contains(r)))
        {
            errors["roles"] = [$"须为以下角色之一或多个 (one or more of): {string.Join(", ", Roles.All)}."];
        }

        if (Blank(draft.UnitCode) is { } unit)
        {
            if (!await directory.Units.AsNoTracking().AnyAsync(u => u.Code == unit, cancellationToken))
            {
                errors["unitCode"] = [$"未知单位 '{unit}' (unknown unit)."];
            }
        }
        else if (draft.Roles?.Contains(Roles.Unit) == true)
        {
            errors["unitCode"] = ["二级单位用户须指定单位 (a unit user needs a unit)."];
        }

        return errors;
    }

    private async Task<(AccountUser User, string Password)> AddAsync(UserDraft draft, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var password = NewPassword();
        var user = new AccountUser
        {
            UserName = draft.UserName!.Trim(), RealName = draft.RealName!.Trim(), Email = Blank(draft.Email), UnitCode = Blank(draft.UnitCode), PasswordIsOneTime = true,
        };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, draft.Roles!.Distinct(StringComparer.Ordinal)));
        return (user, password);
    }

    /// <summary>Returns the password to show, or e-mails it (through the outbox) and returns null.</summary>
    private async Task<string?> DeliverAsync(AccountUser user, string password, PasswordDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery == PasswordDelivery.Show)
        {
            return password;
        }

        var text = $"""
            {user.RealName}，您好：

            管理员为您在网络信息安全工作流系统中设置了账户 {user.UserName} 的一次性密码：

            {password}

            它只能登录一次，登录后请立即在“账户”页面设置自己的密码（至少 12 个字符，含大写字母、小写字母和数字）。
            如非本人申请，请联系系统管理员。
            """;
        var html = $"<p>{Encode(user.RealName)}，您好：</p><p>管理员为您在网络信息安全工作流系统中设置了账户 <b>{Encode(user.UserName)}</b> 的一次性密码：</p><p style=\"font-size:1.2em\"><code>{Encode(password)}</code></p><p>它只能登录一次，登录后请立即在“账户”页面设置自己的密码（至少 12 个字符，含大写字母、小写字母和数字）。如非本人申请，请联系系统管理员。</p>";
        await outbox.EnqueueAsync([new OutgoingMessage([user.Email!], [], "【网络信息安全工作流】一次性密码", html, text)], cancellationToken);
        return null;
    }

    private async Task<UserView> ViewAsync(AccountUser user, CancellationToken cancellationToken) =>
        View(user, (await RolesOfAsync([user.Id], cancellationToken)).GetValueOrDefault(user.Id) ?? []);

    private UserView View(AccountUser user, IReadOnlyList<string> roles)
    {
        var end = user.LockoutEnd;
        var lockedUntil = !user.Disabled && end > time.GetUtcNow() ? end : null;
        return new UserView(user.Id, user.UserName!, user.RealName, user.Email, user.UnitCode, roles, !user.Disabled, lockedUntil, user.PasswordIsOneTime);
    }

    private async Task<Dictionary<string, IReadOnlyList<string>>> RolesOfAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var rows = await (from link in accounts.UserRoles.AsNoTracking()
                          join role in accounts.Roles.AsNoTracking() on link.RoleId equals role.Id
                          where ids.Contains(link.UserId)
                          select new { link.UserId, role.Name }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.Name!).Order(StringComparer.Ordinal)]);
    }

    private static JsonObject Describe(AccountUser user, IEnumerable<string> roles, PasswordDelivery? delivery)
    {
        var data = new JsonObject
        {
            ["userName"] = user.UserName, ["realName"] = user.RealName, ["unitCode"] = user.UnitCode, ["email"] = user.Email,
            ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode?)r)]),
        };
        if (delivery is { } d)
        {
            data["delivery"] = d.ToString().ToLowerInvariant();
        }

        return data;
    }

    private static bool IsSelf(AccountUser user, string? actor) => string.Equals(user.UserName, actor, StringComparison.Ordinal);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Encode(string? text) => System.Net.WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>
    /// 16 random characters (uniformly) from an alphabet without look-alikes, plus one of each class the password policy
    /// asks for (upper and lower case, a digit: <see cref="AuthExtensions"/>), 19 characters in all, over the 12 it needs.
    /// </summary>
    private static string NewPassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", 16) + "Zq7";

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("账户操作失败 (the account change failed): " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Rows and cells of a CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks).</summary>
    private static List<List<string>> ReadCsv(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c is ',' or '\t')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }

    [GeneratedRegex("^[A-Za-z0-9._@+-]+$")]
    private static partial Regex UserNamePattern();
}
