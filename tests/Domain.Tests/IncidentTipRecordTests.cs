using Zzut.Workflows.Domain.Incidents;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>Anybody reports to the center (Art. 33), vendors within 24 hours (Att. 2 §8); the center opens or closes the tip.</summary>
public sealed class IncidentTipRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly LedgerAct Reporter = new(Now, new DateOnly(2026, 3, 2), "zhangsan", Guid.CreateVersion7());
    private static readonly LedgerAct Center = new(Now.AddHours(1), new DateOnly(2026, 3, 2), "zhongxin", Reporter.InstanceId);

    private static IncidentTipRecord Tip(string? company = null, DateTimeOffset? occurred = null) =>
        IncidentTipRecord.Receive("张三", "0371-61910009", "zhangsan@zzut.edu.cn", company, null, occurred, "图书馆网站首页出现博彩链接", Reporter);

    [Test]
    public void ATipIsReceivedFromItsReporter()
    {
        var tip = Tip();
        Assert.That((tip.ReportedBy, tip.ReceivedAt, tip.Status, tip.IsVendorReport, tip.VendorReportLate, tip.InstanceId),
            Is.EqualTo(("zhangsan", Now, IncidentTipStatus.Received, false, false, Reporter.InstanceId)));
    }

    [Test]
    public void ATipWithoutWhatHappenedOrHowToReachTheReporterIsRefusedFieldByField()
    {
        var refused = Assert.Throws<LedgerValidationException>(() => IncidentTipRecord.Receive("", "", "not-an-address", null, null, Now.AddHours(1), " ", Reporter))!;
        Assert.That(refused.Errors.Keys, Is.EquivalentTo(new[] { "reporterName", "reporterPhone", "reporterEmail", "description", "occurredAt" }));
    }

    [TestCase(23, false)]
    [TestCase(24, false)]
    [TestCase(25, true)]
    public void AVendorReportsWithinTwentyFourHours(int hoursAfter, bool late) =>
        Assert.That(Tip(company: "某某网络科技有限公司", occurred: Now.AddHours(-hoursAfter)).VendorReportLate, Is.EqualTo(late));

    [Test]
    public void TheCenterOpensItForAUnitOnce()
    {
        var tip = Tip();
        tip.Open("tsg", Center);
        Assert.That((tip.Status, tip.UnitCode, tip.TriagedBy, tip.TriagedAt), Is.EqualTo((IncidentTipStatus.Opened, "tsg", "zhongxin", Now.AddHours(1))));
        var again = Assert.Throws<LedgerValidationException>(() => tip.Close("重复", Center))!;
        Assert.That(again.Errors["decision"].Single(), Does.StartWith("该报告已转为事件"));
    }

    [Test]
    public void ClosingNeedsAReasonAndOpeningAUnit()
    {
        var tip = Tip();
        Assert.That(Assert.Throws<LedgerValidationException>(() => tip.Close(" ", Center))!.Errors.Keys, Is.EquivalentTo(new[] { "closeReason" }));
        Assert.That(Assert.Throws<LedgerValidationException>(() => tip.Open("", Center))!.Errors.Keys, Is.EquivalentTo(new[] { "unitCode" }));
        tip.Close("系演练流量，非安全事件", Center);
        Assert.That((tip.Status, tip.CloseReason), Is.EqualTo((IncidentTipStatus.Closed, "系演练流量，非安全事件")));
    }
}
