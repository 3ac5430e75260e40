using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Zzut.Workflows.Domain.Calendar;
using Zzut.Workflows.Domain.Duties;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Inspections;
using Zzut.Workflows.Domain.Letters;
using Zzut.Workflows.Domain.Reports;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Units;
using Zzut.Workflows.Domain.Warnings;
using Zzut.Workflows.Domain.Websites;

namespace Zzut.Workflows.Domain;

/// <summary>
/// The units directory, the ledgers (台账), the working-day calendar and the evaluation periods. It lives in the engine's
/// database and shares the step's connection, so that ledger changes an activity makes commit with the step (the
/// activities register it as a step participant). Its SQLite migrations live in <c>Migrations/</c> beside it, with their
/// own history table; on PostgreSQL the service uses <see cref="PostgreSqlLedgerDbContext"/>, whose migrations live in
/// <c>Migrations/PostgreSql/</c>. Statuses are stored by their wire names (<see cref="WireNames"/>): the strings they always were.
/// </summary>
public class LedgerDbContext : DbContext
{
    /// <summary>
    /// Creates the context. The service scope that leases it makes it known to the scope's <see cref="LedgerScope"/>
    /// (<see cref="LedgerScope.Use"/>): on SQLite contexts are pooled, so the constructor takes the options only.
    /// </summary>
    public LedgerDbContext(DbContextOptions<LedgerDbContext> options)
        : this((DbContextOptions)options)
    {
    }

    /// <summary>For the provider's subclass (<see cref="PostgreSqlLedgerDbContext"/>), which owns that provider's migrations.</summary>
    protected LedgerDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The migrations history table of this context (the engine has its own).</summary>
    public const string MigrationsHistoryTable = "__ledger_migrations";

    /// <summary>Units.</summary>
    public DbSet<UnitRecord> Units => Set<UnitRecord>();

    /// <summary>The versions of the reference data nodes keep snapshots of (<see cref="ReferenceData"/>).</summary>
    public DbSet<ReferenceVersionRecord> ReferenceVersions => Set<ReferenceVersionRecord>();

    /// <summary>Role mailboxes.</summary>
    public DbSet<RoleMailboxRecord> RoleMailboxes => Set<RoleMailboxRecord>();

    /// <summary>Information systems.</summary>
    public DbSet<InformationSystemRecord> Systems => Set<InformationSystemRecord>();

    /// <summary>Websites.</summary>
    public DbSet<WebsiteRecord> Websites => Set<WebsiteRecord>();

    /// <summary>Incidents.</summary>
    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();

    /// <summary>Accountability records of incidents.</summary>
    public DbSet<AccountabilityRecord> Accountability => Set<AccountabilityRecord>();

    /// <summary>Row ↔ instance links.</summary>
    public DbSet<LedgerLinkRecord> Links => Set<LedgerLinkRecord>();

    /// <summary>Holidays and working weekend days.</summary>
    public DbSet<CalendarDayRecord> CalendarDays => Set<CalendarDayRecord>();

    /// <summary>Evaluation periods by level.</summary>
    public DbSet<EvaluationPeriodRecord> EvaluationPeriods => Set<EvaluationPeriodRecord>();

    /// <summary>Cloud VMs.</summary>
    public DbSet<VmRecord> Vms => Set<VmRecord>();

    /// <summary>The VMs' yearly registrations.</summary>
    public DbSet<VmRegistrationRecord> VmRegistrations => Set<VmRegistrationRecord>();

    /// <summary>Hosted physical servers.</summary>
    public DbSet<HostedServerRecord> HostedServers => Set<HostedServerRecord>();

    /// <summary>Deadline rectification notices.</summary>
    public DbSet<RectificationNoticeRecord> RectificationNotices => Set<RectificationNoticeRecord>();

    /// <summary>Circulated criticisms of units.</summary>
    public DbSet<UnitCriticismRecord> Criticisms => Set<UnitCriticismRecord>();

    /// <summary>Requests to change VMs and hosted servers.</summary>
    public DbSet<HostingChangeRecord> HostingChanges => Set<HostingChangeRecord>();

    /// <summary>Incidents reported to the center by anybody (Art. 33).</summary>
    public DbSet<IncidentTipRecord> IncidentTips => Set<IncidentTipRecord>();

    /// <summary>Scan runs.</summary>
    public DbSet<ScanRunRecord> ScanRuns => Set<ScanRunRecord>();

    /// <summary>Form versions.</summary>
    public DbSet<FormVersionRecord> FormVersions => Set<FormVersionRecord>();

    /// <summary>The center's inspections (Art. 35).</summary>
    public DbSet<InspectionRecord> Inspections => Set<InspectionRecord>();

    /// <summary>Each inspected unit's findings and notice.</summary>
    public DbSet<InspectionUnitRecord> InspectionUnits => Set<InspectionUnitRecord>();

    /// <summary>Units' self-inspections (Art. 34).</summary>
    public DbSet<SelfInspectionRecord> SelfInspections => Set<SelfInspectionRecord>();

    /// <summary>Emergency plans and their versions (Art. 29).</summary>
    public DbSet<EmergencyPlanRecord> EmergencyPlans => Set<EmergencyPlanRecord>();

    /// <summary>Emergency drills (Art. 30).</summary>
    public DbSet<EmergencyDrillRecord> EmergencyDrills => Set<EmergencyDrillRecord>();

    /// <summary>Units' security training sessions (Art. 30).</summary>
    public DbSet<TrainingRecord> Trainings => Set<TrainingRecord>();

    /// <summary>The duty rota (Art. 31, Att. 9 §8).</summary>
    public DbSet<DutyShiftRecord> DutyShifts => Set<DutyShiftRecord>();

    /// <summary>Warnings from the authorities (Att. 9 §6).</summary>
    public DbSet<SecurityWarningRecord> Warnings => Set<SecurityWarningRecord>();

    /// <summary>The units' answers to warnings.</summary>
    public DbSet<WarningResponseRecord> WarningResponses => Set<WarningResponseRecord>();

    /// <summary>Responsibility letters (Art. 12, Att. 1–2).</summary>
    public DbSet<ResponsibilityLetterRecord> Letters => Set<ResponsibilityLetterRecord>();

    /// <summary>The letters' scanned copies.</summary>
    public DbSet<LetterScanRecord> LetterScans => Set<LetterScanRecord>();

    /// <summary>Reported changes of responsible person (Att. 1 §8).</summary>
    public DbSet<ResponsiblePersonChangeRecord> PersonChanges => Set<ResponsiblePersonChangeRecord>();

    /// <summary>The annual security reports (Art. 36).</summary>
    public DbSet<AnnualReportRecord> AnnualReports => Set<AnnualReportRecord>();

    /// <summary>Reminders sent once per duty and period.</summary>
    public DbSet<ReminderMarkRecord> ReminderMarks => Set<ReminderMarkRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsNpgsql())
        {
            // timestamptz takes UTC only; decimals stay numeric.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcOffsetConverter>();
        }
        else
        {
            // Instants as sortable integers, like the engine's tables: SQLite can compare and order them.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
        }

        configurationBuilder.Properties<SystemStatus>().HaveConversion<WireValueConverter<SystemStatus>>();
        configurationBuilder.Properties<WebsiteStatus>().HaveConversion<WireValueConverter<WebsiteStatus>>();
        configurationBuilder.Properties<IncidentPhase>().HaveConversion<WireValueConverter<IncidentPhase>>();
        configurationBuilder.Properties<ReportingStatus>().HaveConversion<WireValueConverter<ReportingStatus>>();
        configurationBuilder.Properties<OralReportStatus>().HaveConversion<WireValueConverter<OralReportStatus>>();
        configurationBuilder.Properties<IncidentTipStatus>().HaveConversion<WireValueConverter<IncidentTipStatus>>();
        configurationBuilder.Properties<HostingChangeStatus>().HaveConversion<WireValueConverter<HostingChangeStatus>>();
        configurationBuilder.Properties<AccountabilityKind>().HaveConversion<WireValueConverter<AccountabilityKind>>();
        configurationBuilder.Properties<VmStatus>().HaveConversion<WireValueConverter<VmStatus>>();
        configurationBuilder.Properties<VmRegistrationOutcome>().HaveConversion<WireValueConverter<VmRegistrationOutcome>>();
        configurationBuilder.Properties<HostedServerStatus>().HaveConversion<WireValueConverter<HostedServerStatus>>();
        configurationBuilder.Properties<RectificationNoticeStatus>().HaveConversion<WireValueConverter<RectificationNoticeStatus>>();
        configurationBuilder.Properties<SelfInspectionStatus>().HaveConversion<WireValueConverter<SelfInspectionStatus>>();
        configurationBuilder.Properties<InspectionUnitStatus>().HaveConversion<WireValueConverter<InspectionUnitStatus>>();
        configurationBuilder.Properties<InspectionResult>().HaveConversion<WireValueConverter<InspectionResult>>();
        configurationBuilder.Properties<InspectionSource>().HaveConversion<WireValueConverter<InspectionSource>>();
        configurationBuilder.Properties<EmergencyPlanScope>().HaveConversion<WireValueConverter<EmergencyPlanScope>>();
        configurationBuilder.Properties<EmergencyPlanStatus>().HaveConversion<WireValueConverter<EmergencyPlanStatus>>();
        configurationBuilder.Properties<EmergencyDrillStatus>().HaveConversion<WireValueConverter<EmergencyDrillStatus>>();
        configurationBuilder.Properties<SecurityWarningStatus>().HaveConversion<WireValueConverter<SecurityWarningStatus>>();
        configurationBuilder.Properties<WarningResponseStatus>().HaveConversion<WireValueConverter<WarningResponseStatus>>();
        configurationBuilder.Properties<LetterKind>().HaveConversion<WireValueConverter<LetterKind>>();
        configurationBuilder.Properties<LetterStatus>().HaveConversion<WireValueConverter<LetterStatus>>();
        configurationBuilder.Properties<AnnualReportStatus>().HaveConversion<WireValueConverter<AnnualReportStatus>>();
        configurationBuilder.Properties<WatchOutcome>().HaveConversion<WireValueConverter<WatchOutcome>>();
    }

    /// <summary>
    /// Whether a save that changes reference data bumps <c>reference_versions</c> (the default); off only for a copy
    /// that carries the rows of <c>reference_versions</c> over itself (<c>migrate-to-postgresql</c>).
    /// </summary>
    public bool BumpsReferenceVersions { get; set; } = true;

    /// <summary>
    /// Saves; a save that changes reference data other nodes keep snapshots of (<see cref="ReferenceKinds.Of"/>) also
    /// bumps its row of <c>reference_versions</c>, in the same transaction (one of its own when none is open).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!BumpsReferenceVersions)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var kinds = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => ReferenceKinds.Of(e.Metadata.ClrType)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (kinds.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var kind in kinds)
            {
                // One statement on both providers; the row lock orders concurrent bumps, so none is lost.
                await Database.ExecuteSqlAsync(
                    $"INSERT INTO reference_versions (\"Kind\", \"Version\") VALUES ({kind}, 1) ON CONFLICT (\"Kind\") DO UPDATE SET \"Version\" = reference_versions.\"Version\" + 1",
                    cancellationToken);
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UnitRecord>(e =>
        {
            e.ToTable("units");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(100);
        });
        modelBuilder.Entity<RoleMailboxRecord>(e =>
        {
            e.ToTable("role_mailboxes");
            e.HasKey(x => x.Role);
            e.Property(x => x.Role).HasMaxLength(32);
        });
        modelBuilder.Entity<InformationSystemRecord>(e =>
        {
            e.ToTable("systems");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Ignore(x => x.Level);
            e.HasIndex(x => x.UnitCode);
            e.HasIndex(x => x.NextEvaluationDue);
        });
        modelBuilder.Entity<WebsiteRecord>(e =>
        {
            e.ToTable("websites");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Domain).HasMaxLength(253);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.UnitCode);
            e.HasIndex(x => x.Domain);
        });
        modelBuilder.Entity<IncidentRecord>(e =>
        {
            e.ToTable("security_incidents");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Phase).HasMaxLength(16);
            e.Property(x => x.ReportingStatus).HasMaxLength(16);
            e.Property(x => x.OralReportStatus).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Ignore(x => x.Status);
            e.HasIndex(x => x.UnitCode);
            e.HasIndex(x => x.ReportingStatus);
            e.HasMany(x => x.Accountability).WithOne().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AccountabilityRecord>(e =>
        {
            e.ToTable("incident_accountability");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(16);
        });
        modelBuilder.Entity<LedgerLinkRecord>(e =>
        {
            e.ToTable("ledger_links");
            e.HasKey(x => x.Id);
            e.Property(x => x.Ledger).HasMaxLength(16);
            e.HasIndex(x => new { x.Ledger, x.RecordId, x.InstanceId }).IsUnique();
        });
        modelBuilder.Entity<ReferenceVersionRecord>(e =>
        {
            e.ToTable("reference_versions");
            e.HasKey(x => x.Kind);
            e.Property(x => x.Kind).HasMaxLength(32);
        });
        modelBuilder.Entity<CalendarDayRecord>(e =>
        {
            e.ToTable("calendar_days");
            e.HasKey(x => x.Date);
            e.Property(x => x.Kind).HasMaxLength(16);
        });
        modelBuilder.Entity<VmRecord>(e =>
        {
            e.ToTable("vms");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.UnitCode);
            e.HasIndex(x => new { x.Status, x.NextRegistrationDue });
            e.HasMany(x => x.Registrations).WithOne().HasForeignKey(r => r.VmId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<VmRegistrationRecord>(e =>
        {
            e.ToTable("vm_registrations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Outcome).HasMaxLength(16);
            e.HasIndex(x => new { x.VmId, x.Year });
        });
        modelBuilder.Entity<HostedServerRecord>(e =>
        {
            e.ToTable("hosted_servers");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.UnitCode);
        });
        modelBuilder.Entity<RectificationNoticeRecord>(e =>
        {
            e.ToTable("rectification_notices");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.Status, x.Deadline });
        });
        modelBuilder.Entity<HostingChangeRecord>(e =>
        {
            e.ToTable("hosting_changes");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Ledger).HasMaxLength(16);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Ignore(x => x.Changes);
            e.Ignore(x => x.Previous);
            e.HasIndex(x => new { x.Ledger, x.RecordId, x.Status });
            e.HasIndex(x => x.UnitCode);
        });
        modelBuilder.Entity<IncidentTipRecord>(e =>
        {
            e.ToTable("incident_tips");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.Status);
        });
        modelBuilder.Entity<UnitCriticismRecord>(e =>
        {
            e.ToTable("unit_criticisms");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.HasIndex(x => x.UnitCode);
        });
        modelBuilder.Entity<ScanRunRecord>(e =>
        {
            e.ToTable("scan_runs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(64);
            e.HasIndex(x => new { x.Name, x.StartedAt });
        });
        modelBuilder.Entity<FormVersionRecord>(e =>
        {
            e.ToTable("form_versions");
            e.HasKey(x => x.Id);
            e.Property(x => x.FormId).HasMaxLength(100);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => new { x.FormId, x.Version }).IsUnique();
        });
        modelBuilder.Entity<EvaluationPeriodRecord>(e =>
        {
            e.ToTable("evaluation_periods");
            e.HasKey(x => x.Level);
            e.Property(x => x.Level).ValueGeneratedNever();
        });
        OnDutiesCreating(modelBuilder);
    }

    /// <summary>The standing duties' tables (issue 15).</summary>
    private static void OnDutiesCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InspectionRecord>(e =>
        {
            e.ToTable("inspections");
            e.HasKey(x => x.Id);
            e.Property(x => x.Number).HasMaxLength(64);
            e.Ignore(x => x.Units);
            e.HasIndex(x => x.Number);
        });
        modelBuilder.Entity<InspectionUnitRecord>(e =>
        {
            e.ToTable("inspection_units");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Source).HasMaxLength(16);
            e.Property(x => x.Result).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.UnitCode);
            e.HasIndex(x => new { x.InspectionId, x.UnitCode });
        });
        modelBuilder.Entity<SelfInspectionRecord>(e =>
        {
            e.ToTable("self_inspections");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Period).HasMaxLength(20);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.UnitCode, x.Period });
        });
        modelBuilder.Entity<EmergencyPlanRecord>(e =>
        {
            e.ToTable("emergency_plans");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Scope).HasMaxLength(16);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Ignore(x => x.Owner);
            e.HasIndex(x => new { x.Scope, x.UnitCode, x.Version });
        });
        modelBuilder.Entity<EmergencyDrillRecord>(e =>
        {
            e.ToTable("emergency_drills");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(16);
            e.HasIndex(x => x.Year);
        });
        modelBuilder.Entity<TrainingRecord>(e =>
        {
            e.ToTable("trainings");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Ignore(x => x.Status);
            e.HasIndex(x => new { x.UnitCode, x.TrainingDate });
        });
        modelBuilder.Entity<DutyShiftRecord>(e =>
        {
            e.ToTable("duty_shifts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Team).HasMaxLength(32);
            e.HasIndex(x => new { x.Team, x.StartsAt });
        });
        modelBuilder.Entity<SecurityWarningRecord>(e =>
        {
            e.ToTable("security_warnings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Number).HasMaxLength(64);
            e.Property(x => x.Level).HasMaxLength(16);
            e.Property(x => x.Status).HasMaxLength(16);
            e.HasMany(x => x.Responses).WithOne().HasForeignKey(r => r.WarningId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.Status);
        });
        modelBuilder.Entity<WarningResponseRecord>(e =>
        {
            e.ToTable("warning_responses");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.HasIndex(x => new { x.WarningId, x.UnitCode }).IsUnique();
        });
        modelBuilder.Entity<ResponsibilityLetterRecord>(e =>
        {
            e.ToTable("responsibility_letters");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Kind).HasMaxLength(8);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.UnitCode, x.Kind, x.Status });
        });
        modelBuilder.Entity<LetterScanRecord>(e =>
        {
            e.ToTable("letter_scans");
            e.HasKey(x => x.LetterId);
        });
        modelBuilder.Entity<ResponsiblePersonChangeRecord>(e =>
        {
            e.ToTable("responsible_person_changes");
            e.HasKey(x => x.Id);
            e.Property(x => x.UnitCode).HasMaxLength(32);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Ignore(x => x.Status);
            e.HasIndex(x => x.UnitCode);
        });
        modelBuilder.Entity<AnnualReportRecord>(e =>
        {
            e.ToTable("annual_reports");
            e.HasKey(x => x.Year);
            e.Property(x => x.Year).ValueGeneratedNever();
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<ReminderMarkRecord>(e =>
        {
            e.ToTable("reminder_marks");
            e.HasKey(x => new { x.Kind, x.Subject, x.Period });
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Subject).HasMaxLength(32);
            e.Property(x => x.Period).HasMaxLength(20);
        });
        modelBuilder.Entity<WebsiteRecord>(e =>
        {
            e.Property(x => x.LastCheckOutcome).HasMaxLength(16);
            e.HasIndex(x => new { x.Status, x.LastCheckOutcome });
        });
    }
}

/// <summary>
/// The <see cref="LedgerDbContext"/> of a service scope, if anything in the scope created one. Lets the step participant
/// save the ledger without creating a context in the many steps that never touch a ledger.
/// </summary>
public sealed class LedgerScope
{
    /// <summary>The scope's ledger context, once created.</summary>
    public LedgerDbContext? Context { get; private set; }

    /// <summary>
    /// Makes <paramref name="context"/> the scope's ledger context, as it is leased to the scope: it saves reference
    /// data's versions again (a context that copied them as they were, <see cref="LedgerDbContext.BumpsReferenceVersions"/>
    /// off, may have been pooled since).
    /// </summary>
    public void Use(LedgerDbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.BumpsReferenceVersions = true;
        Context = context;
    }
}
