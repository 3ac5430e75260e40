using Zzut.Workflows.Domain.Units;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>Heads sign (Att. 4, 6, 8, 9): head tasks are the group head:{unitCode}; nobody signs off their own submission.</summary>
public sealed class HeadSignOffTests
{
    [Test]
    public void AUnitsHeadGroupIsHeadColonItsCode()
    {
        Assert.That(HeadSignOff.Group("jsj"), Is.EqualTo("head:jsj"));
        Assert.That((HeadSignOff.IsHeadGroup("head:jsj"), HeadSignOff.IsHeadGroup("unit:jsj"), HeadSignOff.IsHeadGroup("head:"), HeadSignOff.IsHeadGroup("role:center")), Is.EqualTo((true, false, false, false)));
        Assert.That(HeadSignOff.IsSignOff(["role:center", "head:wxy"]), Is.True);
        Assert.That(HeadSignOff.IsSignOff(["unit:jsj", "role:office"]), Is.False);
    }

    [Test]
    public void WhoeverMadeASubmissionOfTheProcedureMayNotSignItOff()
    {
        var refusal = HeadSignOff.Refusal("jsj-anquan", ["jsj-anquan", null, "zhongxin"]);
        Assert.That(refusal, Does.StartWith("单位负责人不能审核本人在本流程中提交的材料").And.Contain("jsj-anquan"));
    }

    [Test]
    public void SomebodyElseMaySignOff() => Assert.That(HeadSignOff.Refusal("jsj-fuzeren", ["jsj-anquan", null, "zhongxin"]), Is.Null);
}
