using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain.Hosting;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>
/// A change of a VM or hosted server is a request until the center approves it (Att. 5 §2, Att. 7 §2): the row keeps its
/// values meanwhile, one request is pending at a time, and only approved values are written — through the row's rules.
/// </summary>
public sealed class HostingChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly LedgerAct Unit = new(Now, new DateOnly(2026, 3, 2), "jsj-anquan", Guid.CreateVersion7());
    private static readonly LedgerAct Center = new(Now.AddDays(2), new DateOnly(2026, 3, 4), "zhongxin", Unit.InstanceId);

    private static async Task<(LedgerDatabase Database, Guid VmId)> WithVmAsync(VmStatus status = VmStatus.Active)
    {
        var database = await LedgerDatabase.CreateAsync();
        var id = Guid.CreateVersion7();
        await database.WithAsync(async db =>
        {
            db.Vms.Add(new VmRecord
            {
                Id = id, UnitCode = "jsj", ServerName = "jsj-web-01", VmType = "centos-7-64", Vcpu = 4, MemoryGb = 8, DiskGb = 200, Purpose = "学院网站",
                ServiceFrom = new DateOnly(2026, 3, 1), ServiceTo = new DateOnly(2029, 2, 28), Status = status, Revision = 1,
            });
            await db.SaveChangesAsync();
        });
        return (database, id);
    }

    private static Task<HostingChangeRecord> RequestAsync(LedgerDatabase database, Guid vmId, JsonObject changes) =>
        database.WithAsync(async sp =>
        {
            var change = await sp.GetRequiredService<HostingChanges>().RequestAsync(HostingLedger.VmLedger, vmId, changes, "扩容以承载选课系统", Unit);
            await sp.GetRequiredService<LedgerDbContext>().SaveChangesAsync();
            return change;
        });

    [Test]
    public async Task ARequestLeavesTheRowAsItWasUntilTheCenterApproves()
    {
        var (database, vmId) = await WithVmAsync();
        await using var _ = database;
        var change = await RequestAsync(database, vmId, new JsonObject { ["vcpu"] = 8, ["purpose"] = "学院网站和选课系统", ["remarks"] = "" });

        Assert.That((change.Status, change.Label, change.UnitCode, change.RequestedBy), Is.EqualTo((HostingChangeStatus.Pending, "jsj-web-01", "jsj", "jsj-anquan")));
        Assert.That(change.Changes.Select(p => (p.Key, p.Value!.ToString())), Is.EqualTo(new[] { ("vcpu", "8"), ("purpose", "学院网站和选课系统") }), "empty values are not changes");
        Assert.That(change.Previous.Select(p => (p.Key, p.Value!.ToString())), Is.EqualTo(new[] { ("vcpu", "4"), ("purpose", "学院网站") }));
        await database.WithAsync(async db => Assert.That(((await db.Vms.SingleAsync()).Vcpu, (await db.Vms.SingleAsync()).Purpose), Is.EqualTo((4, "学院网站"))));

        await database.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<LedgerDbContext>();
            var pending = await db.HostingChanges.SingleAsync();
            var vm = (VmRecord)await sp.GetRequiredService<HostingChanges>().DecideAsync(pending, approved: true, "同意", Center);
            await db.SaveChangesAsync();
            Assert.That((vm.Vcpu, vm.Purpose, vm.Revision, vm.UpdatedAt), Is.EqualTo((8, "学院网站和选课系统", 2, Now.AddDays(2))));
            Assert.That((pending.Status, pending.DecidedBy, pending.DecisionNote), Is.EqualTo((HostingChangeStatus.Approved, "zhongxin", "同意")));
            return true;
        });
    }

    [Test]
    public async Task ARejectedRequestChangesNothing()
    {
        var (database, vmId) = await WithVmAsync();
        await using var _ = database;
        await RequestAsync(database, vmId, new JsonObject { ["diskGb"] = 500 });
        await database.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<LedgerDbContext>();
            await sp.GetRequiredService<HostingChanges>().DecideAsync(await db.HostingChanges.SingleAsync(), approved: false, "资源不足", Center);
            await db.SaveChangesAsync();
            return true;
        });
        await database.WithAsync(async db =>
        {
            Assert.That((await db.Vms.SingleAsync()).DiskGb, Is.EqualTo(200));
            Assert.That((await db.HostingChanges.SingleAsync()).Status, Is.EqualTo(HostingChangeStatus.Rejected));
        });
    }

    [Test]
    public async Task OneRequestIsPendingAtATime()
    {
        var (database, vmId) = await WithVmAsync();
        await using var _ = database;
        await RequestAsync(database, vmId, new JsonObject { ["vcpu"] = 8 });
        var refused = (await Assert.ThrowsAsync<LedgerValidationException>(() => RequestAsync(database, vmId, new JsonObject { ["vcpu"] = 16 })))!;
        Assert.That(refused.Errors["vmId"].Single(), Does.Contain("已有待审批的变更申请"));
        var refusal = await database.WithAsync(sp => sp.GetRequiredService<HostingLedger>().RequestRefusalAsync(HostingLedger.VmLedger, vmId, "jsj"));
        Assert.That(refusal, Is.EqualTo(refused.Errors["vmId"].Single()), "the start form refuses with the same words");
    }

    [Test]
    public async Task ARequestMayOnlyChangeWhatTheLetterAllowsAndMustLeaveAValidRow()
    {
        var (database, vmId) = await WithVmAsync();
        await using var _ = database;
        var fields = (await Assert.ThrowsAsync<LedgerValidationException>(() => RequestAsync(database, vmId, new JsonObject { ["status"] = "active", ["consecutiveMissedYears"] = 0 })))!;
        Assert.That(fields.Errors.Keys, Is.EquivalentTo(new[] { "status", "consecutiveMissedYears" }));
        var invalid = (await Assert.ThrowsAsync<LedgerValidationException>(() => RequestAsync(database, vmId, new JsonObject { ["vcpu"] = 100, ["serviceTo"] = "2020-01-01" })))!;
        Assert.That(invalid.Errors.Keys, Is.EquivalentTo(new[] { "vcpu", "serviceTo" }));
        var nothing = (await Assert.ThrowsAsync<LedgerValidationException>(() => RequestAsync(database, vmId, new JsonObject { ["purpose"] = "" })))!;
        Assert.That(nothing.Errors.Keys, Is.EquivalentTo(new[] { "changes" }));
        await database.WithAsync(async db => Assert.That(await db.HostingChanges.CountAsync(), Is.Zero));
    }

    [Test]
    public async Task AnotherUnitsOrAReclaimedVmCannotBeChanged()
    {
        var (database, vmId) = await WithVmAsync(VmStatus.Reclaimed);
        await using var _ = database;
        var ledger = (Func<string?, Task<string?>>)(unit => database.WithAsync(sp => sp.GetRequiredService<HostingLedger>().RequestRefusalAsync(HostingLedger.VmLedger, vmId, unit)));
        Assert.That(await ledger("wxy"), Does.StartWith("台账中没有本单位的该服务器"));
        Assert.That(await ledger("jsj"), Does.Contain("不能申请变更"));
    }
}
