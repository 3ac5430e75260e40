using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>A person who signs in: real name (实名) and the unit (学校二级单位) they belong to.</summary>
public sealed class AccountUser : IdentityUser
{
    /// <summary>The person's real name.</summary>
    [PersonalData]
    public string RealName { get; set; } = string.Empty;

    /// <summary>The unit code (e.g. <c>jsj</c>), for users of a unit.</summary>
    public string? UnitCode { get; set; }

    /// <summary>Disabled by an administrator: it cannot sign in and its sessions end (a lockout, by contrast, passes).</summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// The password was set by an administrator (a new account, a reset): it works for one sign-in, after which the user
    /// chooses their own (<c>/account</c>).
    /// </summary>
    public bool PasswordIsOneTime { get; set; }

    /// <summary>When the one-time password was used to sign in; it is refused from then on.</summary>
    public DateTimeOffset? OneTimePasswordUsedAt { get; set; }
}

/// <summary>The roles of the policy.</summary>
public static class Roles
{
    /// <summary>Edits and publishes definitions; operates the system.</summary>
    public const string Admin = "admin";

    /// <summary>网络安全和信息化领导小组.</summary>
    public const string LeadingGroup = "leading-group";

    /// <summary>领导小组办公室.</summary>
    public const string Office = "office";

    /// <summary>信息与网络管理中心.</summary>
    public const string Center = "center";

    /// <summary>A user of a 学校二级单位.</summary>
    public const string Unit = "unit";

    /// <summary>Reviewers for project argumentation (专家论证).</summary>
    public const string Expert = "expert";

    /// <summary>
    /// A unit's head (负责人) as the person who signs: 所在单位意见, 负责人签字, the sign-off of incident reports. Scoped to the
    /// account's unit: the head tasks of <c>head:{unitCode}</c>.
    /// </summary>
    public const string UnitHead = "unit-head";

    /// <summary>
    /// A contractor that builds or operates a system (Art. 12 (二), Att. 2): reports incidents it finds
    /// (<c>incident-tip</c>, naming its company) and signs responsibility letter 二.
    /// </summary>
    public const string Vendor = "vendor";

    /// <summary>Every role.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, LeadingGroup, Office, Center, Unit, Expert, UnitHead, Vendor];
}

/// <summary>
/// Accounts (ASP.NET Core Identity) in the engine's database, with migrations of their own (SQLite's in
/// <c>Migrations/</c>; on PostgreSQL the service uses <see cref="PostgreSqlAccountsDbContext"/>).
/// </summary>
public class AccountsDbContext : IdentityDbContext<AccountUser>
{
    /// <summary>Creates the context.</summary>
    public AccountsDbContext(DbContextOptions<AccountsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider's subclass, which owns that provider's migrations.</summary>
    protected AccountsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The migrations history table, apart from the engine's.</summary>
    public const string MigrationsHistoryTable = "__AccountsMigrationsHistory";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AccountUser>(e =>
        {
            e.Property(u => u.RealName).HasMaxLength(100);
            e.Property(u => u.UnitCode).HasMaxLength(50);
            e.HasIndex(u => u.UnitCode);
        });
    }
}

/// <summary>
/// The accounts on PostgreSQL: the model of <see cref="AccountsDbContext"/> (the service asks for that type) plus what
/// hosts on one database share — the Data Protection keys (cookies, antiforgery tokens) and the token signing key — in a
/// type of its own that owns the PostgreSQL migrations (<c>Migrations/PostgreSql/</c>).
/// </summary>
public sealed class PostgreSqlAccountsDbContext(DbContextOptions<PostgreSqlAccountsDbContext> options) : AccountsDbContext(options), IDataProtectionKeyContext
{
    /// <inheritdoc />
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Secrets every host needs the same copy of (the token signing key), by name.</summary>
    public DbSet<SharedSecretRecord> SharedSecrets => Set<SharedSecretRecord>();

    /// <summary>Sign-in failure and attempt counters every host counts in (<see cref="PostgreSqlSignInCounters"/>).</summary>
    public DbSet<SignInCounterRecord> SignInCounters => Set<SignInCounterRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz takes UTC only; lockouts and sign-ins are stamped with the host's clock, whatever its offset.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Persistence.UtcOffsetConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        builder.Entity<SharedSecretRecord>(e =>
        {
            e.ToTable("shared_secrets");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Value).HasMaxLength(1000);
        });
        builder.Entity<SignInCounterRecord>(e =>
        {
            e.ToTable("sign_in_counters");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(600);
        });
    }
}

/// <summary>A secret shared by the hosts on one database.</summary>
public sealed class SharedSecretRecord
{
    /// <summary>What it is, e.g. <c>jwt-signing-key</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The secret, base64.</summary>
    public string Value { get; set; } = string.Empty;

    /// <summary>When the first host created it.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
