using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Domain.Tests;

/// <summary>
/// Statuses are types in the code and the same strings as before outside it: in JSON, in the database, and in the
/// ledger's migrations (a database created by an earlier version opens unchanged).
/// </summary>
public sealed class StoredValuesTests
{
    private static IEnumerable<TestCaseData> Sets()
    {
        yield return new TestCaseData(WireNames.All<SystemStatus>(), new[] { "applying", "reviewing", "building", "trial", "evaluating", "accepted", "retired" }).SetName("SystemStatus");
        yield return new TestCaseData(WireNames.All<WebsiteStatus>(), new[] { "applying", "checking", "online", "closed" }).SetName("WebsiteStatus");
        yield return new TestCaseData(WireNames.All<IncidentPhase>(), new[] { "emergency", "in-progress", "rectification", "closed" }).SetName("IncidentPhase");
        yield return new TestCaseData(WireNames.All<ReportingStatus>(), new[] { "onTime", "missed", "concealed" }).SetName("ReportingStatus");
        yield return new TestCaseData(WireNames.All<AccountabilityKind>(), new[] { "interview", "circular" }).SetName("AccountabilityKind");
        yield return new TestCaseData(WireNames.All<VmStatus>(), new[] { "applying", "active", "reclaim-pending", "reclaimed", "suspended", "shut-down" }).SetName("VmStatus");
        yield return new TestCaseData(WireNames.All<OralReportStatus>(), new[] { "onTime", "late" }).SetName("OralReportStatus");
        yield return new TestCaseData(WireNames.All<IncidentTipStatus>(), new[] { "received", "opened", "closed" }).SetName("IncidentTipStatus");
        yield return new TestCaseData(WireNames.All<HostingChangeStatus>(), new[] { "pending", "approved", "rejected" }).SetName("HostingChangeStatus");
        yield return new TestCaseData(WireNames.All<VmRegistrationOutcome>(), new[] { "registered", "missed" }).SetName("VmRegistrationOutcome");
        yield return new TestCaseData(WireNames.All<HostedServerStatus>(), new[] { "applying", "active", "retired" }).SetName("HostedServerStatus");
        yield return new TestCaseData(WireNames.All<RectificationNoticeStatus>(), new[] { "open", "overdue", "completed" }).SetName("RectificationNoticeStatus");
    }

    /// <summary>The ledger's migrations, oldest first: the released one and those added since.</summary>
    private static readonly string[] LedgerMigrations = ["20261124151352_InitialLedgers", "20261202005417_PolicyAsWritten", "20261202040035_StandingDuties", "20261202143210_ReferenceVersions"];

    [TestCaseSource(nameof(Sets))]
    public void EveryStatusKeepsTheNameItAlwaysHad(IReadOnlyList<string> names, string[] released) => Assert.That(names, Is.EqualTo(released));

    [Test]
    public void JsonCarriesTheNamesBothWays()
    {
        var vm = new VmRecord { Status = VmStatus.ReclaimPending };
        Assert.That(LedgerFields.ToJson(vm)["status"]!.GetValue<string>(), Is.EqualTo("reclaim-pending"));
        var incident = new IncidentRecord { Phase = IncidentPhase.InProgress, ReportingStatus = ReportingStatus.OnTime };
        var json = LedgerFields.ToJson(incident);
        Assert.That((json["phase"]!.GetValue<string>(), json["status"]!.GetValue<string>(), json["reportingStatus"]!.GetValue<string>()), Is.EqualTo(("in-progress", "in-progress", "onTime")));
        Assert.That(JsonSerializer.Deserialize<VmStatus>("\"reclaim-pending\"", LedgerFields.Json), Is.EqualTo(VmStatus.ReclaimPending));
    }

    [TestCase("\"ReclaimPending\"")]
    [TestCase("\"Active\"")]
    [TestCase("\"flying\"")]
    [TestCase("1")]
    [TestCase("\"1\"")]
    public void JsonRefusesAnythingButTheNames(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<VmStatus>(json, LedgerFields.Json));

    [Test]
    public async Task TheDatabaseStoresTheNamesAndReadsRowsWrittenWithThem()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        var id = Guid.CreateVersion7();
        await database.WithAsync(async db =>
        {
            db.Vms.Add(new VmRecord { Id = id, UnitCode = "jsj", Status = VmStatus.ReclaimPending, ConsecutiveMissedYears = 3 });
            db.Incidents.Add(new IncidentRecord { Id = id, UnitCode = "jsj", Phase = IncidentPhase.InProgress, ReportingStatus = ReportingStatus.Concealed });
            await db.SaveChangesAsync();
        });

        Assert.That(await database.ScalarAsync("SELECT Status FROM vms"), Is.EqualTo("reclaim-pending"));
        Assert.That(await database.ScalarAsync("SELECT Phase || ',' || ReportingStatus FROM security_incidents"), Is.EqualTo("in-progress,concealed"));

        // As an earlier version wrote them.
        await database.ExecuteAsync("UPDATE vms SET Status = 'reclaimed'; UPDATE security_incidents SET Phase = 'rectification', ReportingStatus = 'missed'");
        await database.WithAsync(async db =>
        {
            Assert.That((await db.Vms.SingleAsync()).Status, Is.EqualTo(VmStatus.Reclaimed));
            var incident = await db.Incidents.SingleAsync(i => i.ReportingStatus == ReportingStatus.Missed);
            Assert.That(incident.Phase, Is.EqualTo(IncidentPhase.Rectification));
        });
    }

    [Test]
    public async Task TheLedgerMigrationsAreTheReleasedOnesAndDescribeTheModel()
    {
        await using var database = await LedgerDatabase.CreateAsync();
        await database.WithAsync(async db =>
        {
            Assert.That(await db.Database.GetAppliedMigrationsAsync(), Is.EqualTo(LedgerMigrations));
            Assert.That(db.Database.HasPendingModelChanges(), Is.False, "the model (statuses as types) maps to the same tables and columns");
        });
        Assert.That(await database.ScalarAsync("SELECT COUNT(*) FROM __ledger_migrations"), Is.EqualTo(LedgerMigrations.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
