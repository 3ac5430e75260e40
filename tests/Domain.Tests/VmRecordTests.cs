using Zzut.Workflows.Domain.Hosting;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>A VM's yearly cycle as its record's rules: register, miss, reclaim, keep (Att. 6 说明 2).</summary>
public sealed class VmRecordTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Today = new(2027, 3, 2);
    private static readonly LedgerAct Act = new(Now, Today, "jsj-anquan", Guid.CreateVersion7());

    private static VmRecord Active(int missed = 0) => new()
    {
        Id = Guid.CreateVersion7(), UnitCode = "jsj", ServerName = "jsj-web-01", Status = missed >= VmPolicy.ReclaimAfterMissedYears ? VmStatus.ReclaimPending : VmStatus.Active,
        ConsecutiveMissedYears = missed, RegisteredYear = 2026, LastRegisteredDate = new DateOnly(2026, 3, 2), NextRegistrationDue = Today, Revision = 1,
    };

    [Test]
    public void RegisteringMakesTheVmActiveResetsItsCountAndSetsTheNextDueDate()
    {
        var vm = Active(missed: 3);
        var entry = vm.Register(2027, campaignDate: null, Act);
        Assert.That((vm.Status, vm.ConsecutiveMissedYears, vm.LastRegisteredDate, vm.NextRegistrationDue, vm.RegisteredYear, vm.Revision),
            Is.EqualTo((VmStatus.Active, 0, Today, new DateOnly(2028, 3, 2), 2026, 2)));
        Assert.That((entry.VmId, entry.Year, entry.Outcome, entry.ConsecutiveMissedYears, entry.By, entry.InstanceId),
            Is.EqualTo((vm.Id, 2027, VmRegistrationOutcome.Registered, 0, "jsj-anquan", Act.InstanceId)));
    }

    [Test]
    public void AFirstRegistrationRecordsTheYearAndACampaignDateMovesTheDueDate()
    {
        var vm = new VmRecord { Id = Guid.CreateVersion7(), Status = VmStatus.Applying };
        vm.Register(2027, campaignDate: "09-01", Act);
        Assert.That((vm.Status, vm.RegisteredYear, vm.NextRegistrationDue), Is.EqualTo((VmStatus.Active, 2027, new DateOnly(2028, 9, 1))));
    }

    [Test]
    public void AReclaimedVmCannotBeRegisteredAgain()
    {
        var vm = Active();
        vm.Status = VmStatus.Reclaimed;
        vm.ReclaimedAt = Now;
        var refused = Assert.Throws<LedgerValidationException>(() => vm.Register(2027, null, Act))!;
        Assert.That(refused.Errors["vmId"].Single(), Does.StartWith("虚拟机 jsj-web-01 已于 2027-03-02 回收").And.Contain("cannot be re-registered"));
        Assert.That((vm.Status, vm.Revision), Is.EqualTo((VmStatus.Reclaimed, 1)), "nothing changed");
        Assert.That(vm.ReregistrationRefusal(), Is.EqualTo(refused.Errors["vmId"].Single()), "the API refuses with the same words");
    }

    [Test]
    public void ThreeMissedYearsInARowMakeTheVmReclaimPending()
    {
        var vm = Active();
        var counts = new List<(int, VmStatus, bool, DateOnly?)>();
        foreach (var year in new[] { 2027, 2028, 2029 })
        {
            var entry = vm.RecordMiss(year, null, Act);
            Assert.That((entry.Outcome, entry.Year, entry.ConsecutiveMissedYears), Is.EqualTo((VmRegistrationOutcome.Missed, year, vm.ConsecutiveMissedYears)));
            counts.Add((vm.ConsecutiveMissedYears, vm.Status, vm.IsReclaimable, vm.NextRegistrationDue));
        }

        Assert.That(counts, Is.EqualTo(new[]
        {
            (1, VmStatus.Active, false, (DateOnly?)new DateOnly(2028, 3, 2)),
            (2, VmStatus.Active, false, (DateOnly?)new DateOnly(2029, 3, 2)),
            (3, VmStatus.ReclaimPending, true, (DateOnly?)new DateOnly(2030, 3, 2)),
        }));
    }

    [Test]
    public void OnlyAnActiveOrPendingVmCanMissAYear()
    {
        var vm = new VmRecord { Status = VmStatus.Applying };
        var refused = Assert.Throws<LedgerValidationException>(() => vm.RecordMiss(2027, null, Act))!;
        Assert.That(refused.Errors.Keys, Is.EqualTo(new[] { "status" }));
        Assert.That(vm.ConsecutiveMissedYears, Is.Zero);
    }

    [TestCase(VmStatus.Active, 3, TestName = "Active with three misses (kept by the center)")]
    [TestCase(VmStatus.ReclaimPending, 2, TestName = "Pending with two misses (a corrected count)")]
    [TestCase(VmStatus.Reclaimed, 3, TestName = "Already reclaimed")]
    public void AVmIsReclaimedOnlyWhenPendingWithThreeMisses(VmStatus status, int missed)
    {
        var vm = Active(missed);
        vm.Status = status;
        Assert.That(vm.IsReclaimable, Is.False);
        var refused = Assert.Throws<LedgerValidationException>(() => vm.MarkReclaimed(Act))!;
        Assert.That(refused.Errors["vmId"].Single(), Does.Contain($"{missed} consecutive missed years").And.StartWith("只有连续 3 年未备案"));
        Assert.That((vm.Status, vm.ReclaimedAt, vm.Revision), Is.EqualTo((status, (DateTimeOffset?)null, 1)), "nothing changed");
    }

    [Test]
    public void AReclaimableVmIsReclaimedByTheActsPerson()
    {
        var vm = Active(missed: 3);
        Assert.That(vm.ReclamationRefusal(), Is.Null);
        vm.MarkReclaimed(Act with { By = "zhongxin" });
        Assert.That((vm.Status, vm.ReclaimedAt, vm.ReclaimedBy, vm.Revision), Is.EqualTo((VmStatus.Reclaimed, (DateTimeOffset?)Now, "zhongxin", 2)));
    }

    [Test]
    public void KeepingAPendingVmMakesItActiveButKeepsItsCount()
    {
        var vm = Active(missed: 3);
        vm.Keep(Act);
        Assert.That((vm.Status, vm.ConsecutiveMissedYears, vm.IsReclaimable), Is.EqualTo((VmStatus.Active, 3, false)));
    }

    [Test]
    public void TheRegistrationIsDueFromItsDueDateForActiveVmsOnly()
    {
        var vm = Active();
        Assert.That(vm.IsRegistrationDue(Today.AddDays(-1)), Is.False);
        Assert.That(vm.IsRegistrationDue(Today), Is.True);
        vm.Status = VmStatus.ReclaimPending;
        Assert.That(vm.IsRegistrationDue(Today), Is.False, "a pending VM's campaign is still running");
        Assert.That(vm.ReregistrationBusinessKey(2027), Is.EqualTo($"vm:{vm.Id}:rereg:2027"));
        Assert.That(vm.ReregistrationBusinessKey(2027), Does.StartWith(VmRecord.ReregistrationKeyPrefix(vm.Id)));
    }

    [Test]
    public void TheServicePeriodReminderIsDueOncePerEndDate()
    {
        var vm = Active();
        vm.ServiceTo = Today.AddDays(30);
        var window = new DateWindow(Today, Today.AddDays(30));
        Assert.That(VmRecord.ServicePeriodEndsWithin.IsSatisfiedBy(vm, window), Is.True);
        Assert.That(VmRecord.ServicePeriodEndsWithin.IsSatisfiedBy(vm, window with { To = Today.AddDays(29) }), Is.False, "31 days ahead");
        Assert.That(vm.IsServicePeriodReminded, Is.False);

        vm.MarkServicePeriodReminded(Now);
        Assert.That((vm.IsServicePeriodReminded, vm.ServicePeriodReminderFor, vm.Revision), Is.EqualTo((true, (DateOnly?)vm.ServiceTo, 2)));
        vm.ServiceTo = vm.ServiceTo.AddDays(1);
        Assert.That(vm.IsServicePeriodReminded, Is.False, "a new end date earns a new reminder");
    }

    [Test]
    public void AReclaimPendingVmNeedsThreeMissedYears()
    {
        var vm = Active(missed: 2);
        vm.VmType = "centos-7-64";
        vm.Vcpu = 2;
        vm.MemoryGb = 4;
        vm.DiskGb = 50;
        vm.ServiceFrom = Today;
        vm.ServiceTo = Today.AddYears(1);
        vm.Purpose = "学院网站";
        var errors = new LedgerErrors();
        vm.Validate(errors);
        Assert.That(errors.Count, Is.Zero);

        vm.Status = VmStatus.ReclaimPending;
        vm.Validate(errors);
        Assert.That(errors.ToDictionary()["status"].Single(), Does.Contain($"{VmPolicy.ReclaimAfterMissedYears} missed years"));
    }
}
