using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Persistence.PostgreSql;
using Zzut.Workflows.Persistence.Sqlite;

// Usage: dotnet run --project tools/Migrations -- add <engine|accounts|ledger> <MigrationName> [--provider Sqlite|PostgreSql]
// Every provider has its own context type and its own migrations (the EF Core pattern "multiple context types"):
//   engine    src/Workflows/Persistence/Sqlite/Migrations, src/Workflows/Persistence/PostgreSql/Migrations
//   ledger    src/Domain/Migrations,                       src/Domain/Migrations/PostgreSql
//   accounts  src/Host/Accounts/Migrations,                src/Host/Accounts/Migrations/PostgreSql
// A change of a model needs a migration for each provider: run the command once per provider.
// The PostgreSQL model is built without a server (no connection is opened).
const string Usage = "usage: dotnet run --project tools/Migrations -- add <engine|accounts|ledger> <MigrationName> [--provider Sqlite|PostgreSql]";
var provider = DatabaseProvider.Sqlite;
var positional = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--provider" && i + 1 < args.Length && Enum.TryParse(args[i + 1], ignoreCase: true, out provider) && Enum.IsDefined(provider))
    {
        i++;
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
    else
    {
        positional.Add(args[i]);
    }
}

if (positional is not ["add", var target, var name] || target is not ("engine" or "accounts" or "ledger"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

const string NoServer = "Host=localhost;Database=design-time";
var repository = FindRepositoryRoot();
var postgres = provider == DatabaseProvider.PostgreSql;
switch (target)
{
    case "engine" when postgres:
        Scaffold(
            new PostgreSqlWorkflowDbContext(new DbContextOptionsBuilder<PostgreSqlWorkflowDbContext>().UseNpgsql(NoServer).Options),
            Path.Combine(repository, "src", "Workflows"),
            "Zzut.Workflows",
            "Persistence.PostgreSql.Migrations");
        break;
    case "engine":
        Scaffold(
            new SqliteWorkflowDbContext(new DbContextOptionsBuilder<SqliteWorkflowDbContext>().UseSqlite("Data Source=:memory:").Options),
            Path.Combine(repository, "src", "Workflows"),
            "Zzut.Workflows",
            "Persistence.Sqlite.Migrations");
        break;
    case "ledger" when postgres:
        Scaffold(
            new PostgreSqlLedgerDbContext(new DbContextOptionsBuilder<PostgreSqlLedgerDbContext>().UseNpgsql(NoServer, s => s.MigrationsHistoryTable(LedgerDbContext.MigrationsHistoryTable)).Options),
            Path.Combine(repository, "src", "Domain"),
            "Zzut.Workflows.Domain",
            "Migrations.PostgreSql");
        break;
    case "ledger":
        Scaffold(
            new LedgerDbContext(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite("Data Source=:memory:", s => s.MigrationsHistoryTable(LedgerDbContext.MigrationsHistoryTable)).Options),
            Path.Combine(repository, "src", "Domain"),
            "Zzut.Workflows.Domain",
            "Migrations");
        break;
    case "accounts" when postgres:
        Scaffold(
            new PostgreSqlAccountsDbContext(new DbContextOptionsBuilder<PostgreSqlAccountsDbContext>().UseNpgsql(NoServer, s => s.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)).Options),
            Path.Combine(repository, "src", "Host"),
            "Zzut.Workflows.Host",
            "Accounts.Migrations.PostgreSql");
        break;
    default:
        Scaffold(
            new AccountsDbContext(new DbContextOptionsBuilder<AccountsDbContext>().UseSqlite("Data Source=:memory:", s => s.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)).Options),
            Path.Combine(repository, "src", "Host"),
            "Zzut.Workflows.Host",
            "Accounts.Migrations");
        break;
}

return 0;

void Scaffold(DbContext context, string project, string rootNamespace, string subNamespace)
{
    var reporter = new ConsoleReporter();
    var services = new DesignTimeServicesBuilder(context.GetType().Assembly, context.GetType().Assembly, reporter, [])
        .Build(context);
    var scaffolder = services.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(name, rootNamespace, subNamespace, "C#");
    var files = scaffolder.Save(project, migration, Path.Combine(project, subNamespace.Replace('.', Path.DirectorySeparatorChar)));
    Console.WriteLine($"{context.GetType().Name}: {files.MigrationFile}");
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "ZzutWorkflows.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run this from inside the repository.");
}

/// <summary>Prints EF's design-time messages.</summary>
internal sealed class ConsoleReporter : IOperationReporter
{
    public void WriteError(string message) => Console.Error.WriteLine(message);

    public void WriteInformation(string message) => Console.WriteLine(message);

    public void WriteVerbose(string message)
    {
    }

    public void WriteWarning(string message) => Console.WriteLine("warning: " + message);
}
