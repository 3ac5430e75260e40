using System.Globalization;

namespace Zzut.Workflows.Domain.Hosting;

/// <summary>The yearly registration of cloud VMs (Att. 6 说明 2): when it falls due, and when a VM may be reclaimed.</summary>
public static class VmPolicy
{
    /// <summary>Yearly registrations missed in a row after which the center may reclaim the VM.</summary>
    public const int ReclaimAfterMissedYears = 3;

    /// <summary>
    /// The next due date after a registration (or a missed campaign) on <paramref name="from"/>: one year later, or,
    /// with a campaign date (<c>MM-dd</c>), that date in the following year.
    /// </summary>
    public static DateOnly NextDue(DateOnly from, string? campaignDate) =>
        string.IsNullOrWhiteSpace(campaignDate)
            ? from.AddYears(1)
            : DateOnly.ParseExact($"{from.Year + 1}-{campaignDate}", "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
