namespace Zzut.Workflows.Domain.Units;

/// <summary>
/// A role's mailbox: <c>leading-group</c>, <c>office</c>, <c>center</c>, <c>expert</c>, and the mailboxes of people told
/// without a role of their own: <c>school-leader</c> (分管（联系）校领导, told of level I–II incidents, Att. 9 §5(一)) and
/// <c>admin</c> (the administrators, told of missing calendar years).
/// </summary>
public sealed class RoleMailboxRecord
{
    /// <summary>The mailboxes there are.</summary>
    public static readonly IReadOnlyList<string> Known = ["leading-group", "office", "center", "expert", "school-leader", "admin"];

    /// <summary>The role key; candidate group <c>role:{role}</c>.</summary>
    public required string Role { get; set; }

    /// <summary>Display name, e.g. 网络安全和信息化领导小组办公室.</summary>
    public required string Name { get; set; }

    /// <summary>Comma-separated addresses.</summary>
    public string Emails { get; set; } = string.Empty;
}
