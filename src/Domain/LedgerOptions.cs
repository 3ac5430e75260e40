namespace Zzut.Workflows.Domain;

/// <summary>Settings of the ledgers, the directory and the calendar (section <c>Workflows:Ledgers</c>).</summary>
public sealed class LedgerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Ledgers";

    /// <summary>The time zone working days and ledger dates are read in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// The yearly VM re-registration campaign date as <c>MM-dd</c> (e.g. <c>09-01</c>): every VM falls due on it in the
    /// year after its last registration or missed campaign. Empty (the default): the anniversary of the last registration.
    /// </summary>
    public string? VmCampaignDate { get; set; }

    /// <summary>
    /// Where <c>vm.reclaim</c> POSTs a reclamation (the virtualization platform's endpoint). Empty (the default): a
    /// center user confirms every reclamation by hand, and the scans start campaigns without the hook.
    /// </summary>
    public string? VmReclaimHookUrl { get; set; }
}
