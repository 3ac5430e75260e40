namespace Zzut.Workflows.Domain.Units;

/// <summary>A 学校二级单位: the owner of systems, websites and VMs, and the recipient of its tasks' notices.</summary>
public sealed class UnitRecord : ILedgerRow
{
    /// <summary>Short stable code, e.g. <c>jsj</c>; candidate group <c>unit:{code}</c>.</summary>
    public required string Code { get; set; }

    /// <summary>Full name, e.g. 计算机与人工智能学院.</summary>
    public required string Name { get; set; }

    /// <summary>The head (负责人), first responsible person.</summary>
    public string HeadName { get; set; } = string.Empty;

    /// <summary>The head's e-mail: notices of tasks the head signs.</summary>
    public string HeadEmail { get; set; } = string.Empty;

    /// <summary>The security officer (安全员).</summary>
    public string OfficerName { get; set; } = string.Empty;

    /// <summary>The officer's e-mail: notices of the unit's tasks.</summary>
    public string OfficerEmail { get; set; } = string.Empty;

    /// <summary>Contact phone.</summary>
    public string Phone { get; set; } = string.Empty;

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(LedgerRules.IsUnitCode(Code), "code", "单位代码: 2–32 lower-case letters, digits or '-'.");
        errors.Check(!string.IsNullOrWhiteSpace(Name), "name", LedgerRules.Required);
        errors.Check(OfficerEmail.Length == 0 || LedgerRules.IsEmail(OfficerEmail), "officerEmail", "须为电子邮箱 (must be an e-mail address).");
        errors.Check(HeadEmail.Length == 0 || LedgerRules.IsEmail(HeadEmail), "headEmail", "须为电子邮箱 (must be an e-mail address).");
    }
}
