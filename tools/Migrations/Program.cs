using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Persistence.Sqlite;

// Usage: dotnet run --project tools/Migrations -- add <engine|accounts|ledger> <MigrationName>
// Writes the engine's migration for every provider into src/Workflows/Persistence/<Provider>/Migrations, and the
// accounts' into src/Host/Accounts/Migrations, the ledgers' into src/Domain/Migrations.
if (args is not ["add", var target, var name] || target is not ("engine" or "accounts" or "ledger"))
{
    Console.Error.WriteLine("usage: dotnet run --project tools/Migrations -- add <engine|accounts|ledger> <MigrationName>");
    return 2;
}

var repository = FindRepositoryRoot();
if (target == "engine")
{
    Scaffold(
        new SqliteWorkflowDbContext(new DbContextOptionsBuilder<SqliteWorkflowDbContext>().UseSqlite("Data Source=:memory:").Options),
        Path.Combine(repository, "src", "Workflows"),
        "Zzut.Workflows",
        "Persistence.Sqlite.Migrations");
}
else if (target == "ledger")
{
    Scaffold(
        new LedgerDbContext(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite("Data Source=:memory:", s => s.MigrationsHistoryTable(LedgerDbContext.MigrationsHistoryTable)).Options),
        Path.Combine(repository, "src", "Domain"),
        "Zzut.Workflows.Domain",
        "Migrations");
}
else
{
    Scaffold(
        new AccountsDbContext(new DbContextOptionsBuilder<AccountsDbContext>().UseSqlite("Data Source=:memory:", s => s.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)).Options),
        Path.Combine(repository, "src", "Host"),
        "Zzut.Workflows.Host",
        "Accounts.Migrations");
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
