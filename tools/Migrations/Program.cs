using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Persistence;
using Zzut.Workflows.Persistence.Sqlite;

// Usage: dotnet run --project tools/Migrations -- add <MigrationName>
// Writes the migration for every provider into src/Workflows/Persistence/<Provider>/Migrations.
if (args is not ["add", var name])
{
    Console.Error.WriteLine("usage: dotnet run --project tools/Migrations -- add <MigrationName>");
    return 2;
}

var repository = FindRepositoryRoot();
var engineProject = Path.Combine(repository, "src", "Workflows");

Scaffold(
    new SqliteWorkflowDbContext(new DbContextOptionsBuilder<SqliteWorkflowDbContext>().UseSqlite("Data Source=:memory:").Options),
    "Sqlite");
return 0;

void Scaffold(WorkflowDbContext context, string provider)
{
    var reporter = new ConsoleReporter();
    var services = new DesignTimeServicesBuilder(typeof(WorkflowDbContext).Assembly, typeof(WorkflowDbContext).Assembly, reporter, [])
        .Build(context);
    var scaffolder = services.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(name, "Zzut.Workflows", $"Persistence.{provider}.Migrations", "C#");
    var files = scaffolder.Save(engineProject, migration, Path.Combine(engineProject, "Persistence", provider, "Migrations"));
    Console.WriteLine($"{provider}: {files.MigrationFile}");
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
