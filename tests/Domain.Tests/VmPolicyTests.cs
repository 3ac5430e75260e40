using System.Globalization;
using Zzut.Workflows.Domain.Hosting;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>When a VM's yearly registration falls due (Att. 6 说明 2).</summary>
public sealed class VmPolicyTests
{
    [TestCase("2026-03-02", null, "2027-03-02", TestName = "Default: the anniversary")]
    [TestCase("2028-02-29", null, "2029-02-28", TestName = "A leap day's anniversary")]
    [TestCase("2026-03-02", "09-01", "2027-09-01", TestName = "Campaign: the campaign date of the following year")]
    [TestCase("2026-11-30", "09-01", "2027-09-01", TestName = "Campaign: also after a late registration")]
    public void TheNextRegistrationFallsDue(string from, string? campaign, string expected) =>
        Assert.That(VmPolicy.NextDue(DateOnly.Parse(from, CultureInfo.InvariantCulture), campaign),
            Is.EqualTo(DateOnly.Parse(expected, CultureInfo.InvariantCulture)));
}
