using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Persistence;

/// <summary>
/// The engine's database. The mapping is provider-neutral; provider specifics (SQLite stores instants as sortable integers)
/// are decided from the active provider in <see cref="ConfigureConventions"/>. Each provider has a subclass that owns its
/// migrations (<see cref="Sqlite.SqliteWorkflowDbContext"/>, <see cref="PostgreSql.PostgreSqlWorkflowDbContext"/>); the
/// engine only ever asks for this base type.
/// </summary>
public abstract class WorkflowDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();

    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    public DbSet<TokenRecord> Tokens => Set<TokenRecord>();

    public DbSet<UserTaskRecord> UserTasks => Set<UserTaskRecord>();

    public DbSet<TaskCandidateRecord> TaskCandidates => Set<TaskCandidateRecord>();

    public DbSet<TimerRecord> Timers => Set<TimerRecord>();

    public DbSet<MessageSubscriptionRecord> MessageSubscriptions => Set<MessageSubscriptionRecord>();

    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();

    public DbSet<HistoryRecord> History => Set<HistoryRecord>();

    public DbSet<ExternalTaskRecord> ExternalTasks => Set<ExternalTaskRecord>();

    public DbSet<OutboxMessageRecord> Outbox => Set<OutboxMessageRecord>();

    public DbSet<DefinitionDraftRecord> DefinitionDrafts => Set<DefinitionDraftRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no instant type; stored as UTC integers, which sort and compare like the instants they encode.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
        }
        else if (Database.IsNpgsql())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcOffsetConverter>();
        }

        configurationBuilder.Properties<TokenState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TimerStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DefinitionRecord>(e =>
        {
            e.ToTable("definitions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.Name).HasMaxLength(500);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.DeployedBy).HasMaxLength(200);
            e.HasIndex(x => new { x.Key, x.Version }).IsUnique();
        });

        modelBuilder.Entity<InstanceRecord>(e =>
        {
            e.ToTable("instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionKey).HasMaxLength(200);
            e.Property(x => x.BusinessKey).HasMaxLength(400);
            e.Property(x => x.BusinessKeyLock).HasMaxLength(601);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.StartedBy).HasMaxLength(200);
            e.Property(x => x.Title).HasMaxLength(InstanceLabels.TitleMaxLength);
            e.Property(x => x.UnitCode).HasMaxLength(InstanceLabels.UnitMaxLength);
            e.HasIndex(x => x.StartedBy);
            e.HasIndex(x => x.UnitCode);
            e.Property(x => x.LastHistoryHash).HasMaxLength(64);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.BusinessKeyLock).IsUnique().HasFilter(NotNull(nameof(InstanceRecord.BusinessKeyLock)));
            e.HasIndex(x => new { x.DefinitionKey, x.Status });
            e.HasIndex(x => x.BusinessKey);
            e.Property(x => x.ParentElementId).HasMaxLength(200);
            e.HasIndex(x => x.ParentInstanceId).HasFilter(NotNull(nameof(InstanceRecord.ParentInstanceId)));
            e.HasIndex(x => x.ParentTokenId).HasFilter(NotNull(nameof(InstanceRecord.ParentTokenId)));
            e.HasMany(x => x.Tokens).WithOne().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TokenRecord>(e =>
        {
            e.ToTable("tokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.ElementId).HasMaxLength(200);
            e.Property(x => x.ArrivedVia).HasMaxLength(200);
        });

        modelBuilder.Entity<UserTaskRecord>(e =>
        {
            e.ToTable("user_tasks");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionKey).HasMaxLength(200);
            e.Property(x => x.BusinessKey).HasMaxLength(400);
            e.Property(x => x.ElementId).HasMaxLength(200);
            e.Property(x => x.Name).HasMaxLength(500);
            e.Property(x => x.Assignee).HasMaxLength(200);
            e.Property(x => x.CandidateGroups).HasMaxLength(2000);
            e.Property(x => x.CandidateUsers).HasMaxLength(2000);
            e.Property(x => x.FormRef).HasMaxLength(200);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.CompletedBy).HasMaxLength(200);
            e.HasIndex(x => x.CompletedBy).HasFilter(NotNull(nameof(UserTaskRecord.CompletedBy)));
            e.HasIndex(x => new { x.InstanceId, x.Status });
            e.HasIndex(x => new { x.Status, x.Assignee });
        });

        modelBuilder.Entity<TaskCandidateRecord>(e =>
        {
            e.ToTable("task_candidates");
            e.HasKey(x => new { x.TaskId, x.Candidate });
            e.HasIndex(x => new { x.Candidate, x.Open, x.TaskId });
            e.HasOne<UserTaskRecord>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TimerRecord>(e =>
        {
            e.ToTable("timers");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionKey).HasMaxLength(200);
            e.Property(x => x.ElementId).HasMaxLength(200);
            e.Property(x => x.Cycle).HasMaxLength(200);
            e.Property(x => x.ClaimedBy).HasMaxLength(100);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.ClaimedBy);
            e.HasIndex(x => new { x.Status, x.DueAt });
            // An instance's armed timers are read by every step of it. SQLite has no statistics: with an index on
            // InstanceId alone it weighs it equal to (Status, DueAt) and may walk every armed timer instead.
            e.HasIndex(x => new { x.InstanceId, x.Status });
        });

        modelBuilder.Entity<MessageSubscriptionRecord>(e =>
        {
            e.ToTable("message_subscriptions");
            e.HasKey(x => x.Id);
            e.Property(x => x.ElementId).HasMaxLength(200);
            e.Property(x => x.MessageName).HasMaxLength(200);
            e.Property(x => x.BusinessKey).HasMaxLength(400);
            e.HasIndex(x => new { x.MessageName, x.BusinessKey });
            e.HasIndex(x => x.InstanceId);
        });

        modelBuilder.Entity<IncidentRecord>(e =>
        {
            e.ToTable("incidents");
            e.HasKey(x => x.Id);
            e.Property(x => x.ElementId).HasMaxLength(200);
            e.Property(x => x.Status).HasMaxLength(16);
            e.HasIndex(x => new { x.InstanceId, x.Status });
        });

        modelBuilder.Entity<ExternalTaskRecord>(e =>
        {
            e.ToTable("external_tasks");
            e.HasKey(x => x.Id);
            e.Property(x => x.ElementId).HasMaxLength(200);
            e.Property(x => x.Topic).HasMaxLength(200);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.Status, x.DueAt });
            e.HasIndex(x => x.InstanceId);
        });

        modelBuilder.Entity<OutboxMessageRecord>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.To).HasMaxLength(4000);
            e.Property(x => x.Cc).HasMaxLength(4000);
            e.Property(x => x.Subject).HasMaxLength(1000);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.ServerResponse).HasMaxLength(1000);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.Status, x.DueAt });
            e.HasIndex(x => x.InstanceId);
        });

        modelBuilder.Entity<DefinitionDraftRecord>(e =>
        {
            e.ToTable("definition_drafts");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.SavedBy).HasMaxLength(200);
            e.Property(x => x.Revision).IsConcurrencyToken();
        });

        modelBuilder.Entity<HistoryRecord>(e =>
        {
            e.ToTable("history");
            e.HasKey(x => x.Id);
            e.Property(x => x.Stream).HasMaxLength(250);
            e.Property(x => x.Type).HasMaxLength(64);
            e.Property(x => x.ElementId).HasMaxLength(200);
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            // An instance's rows are its stream ("instance:{id}"), read through this index; InstanceId is not indexed
            // apart (it was: a third index written with every row, for two reads the stream serves).
            e.HasIndex(x => new { x.Stream, x.Sequence }).IsUnique();
        });
    }

    /// <summary>
    /// The filter of an index over a column that most rows leave empty (a task not yet completed, an instance no call
    /// activity started, a business key no definition locks): such rows are left out of the index instead of each
    /// adding an entry, and a page, to every step that writes one. A lookup by value still uses it (SQLite and
    /// PostgreSQL both see that <c>column = value</c> implies the column is not null, whatever the value bound).
    /// Written the same for both providers.
    /// </summary>
    private static string NotNull(string column) => $"\"{column}\" IS NOT NULL";
}
