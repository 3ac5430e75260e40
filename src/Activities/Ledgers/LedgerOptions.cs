namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>Settings of the ledgers, the directory and the calendar (section <c>Workflows:Ledgers</c>).</summary>
public sealed class LedgerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Ledgers";

    /// <summary>The time zone working days and ledger dates are read in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}
