namespace Zzut.Workflows.Domain.Units;

/// <summary>A role's mailbox: <c>leading-group</c>, <c>office</c>, <c>center</c>, <c>expert</c>.</summary>
public sealed class RoleMailboxRecord
{
    /// <summary>The role key; candidate group <c>role:{role}</c>.</summary>
    public required string Role { get; set; }

    /// <summary>Display name, e.g. 网络安全和信息化领导小组办公室.</summary>
    public required string Name { get; set; }

    /// <summary>Comma-separated addresses.</summary>
    public string Emails { get; set; } = string.Empty;
}
