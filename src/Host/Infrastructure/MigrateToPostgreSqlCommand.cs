namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>
/// <c>dotnet run --project src/Host -- migrate-to-postgresql --from &lt;SQLite file&gt; --to &lt;connection string&gt;</c>:
/// the command line of <see cref="PostgreSqlMigration"/>. Exit code 0 when the copy committed and verified, 1 when it
/// was refused or failed (the reason on standard error), 2 for unusable arguments.
/// </summary>
public static class MigrateToPostgreSqlCommand
{
    /// <summary>The verb that selects the command instead of the web host.</summary>
    public const string Verb = "migrate-to-postgresql";

    private const string Usage = "usage: migrate-to-postgresql --from <SQLite file, e.g. data/zzut-workflows.db> --to <PostgreSQL connection string of an empty database>";

    /// <summary>Runs the command with the arguments after the verb.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        string? from = null, to = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--from" when i + 1 < args.Count:
                    from = args[++i];
                    break;
                case "--to" when i + 1 < args.Count:
                    to = args[++i];
                    break;
                default:
                    await error.WriteLineAsync($"Unknown or incomplete argument '{args[i]}'.\n{Usage}");
                    return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
        {
            await error.WriteLineAsync($"Both --from and --to are required.\n{Usage}");
            return 2;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await output.WriteLineAsync($"Copying {Path.GetFullPath(from)} to PostgreSQL. Stop every host on the SQLite file first.");
            await new PostgreSqlMigration(from, to, output).RunAsync(cancellationToken);
            await output.WriteLineAsync($"Done in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s. Point the hosts at PostgreSQL: Workflows__Database__Provider=PostgreSql and ConnectionStrings__Workflows=<the --to connection string>.");
            return 0;
        }
        catch (MigrationRefusedException ex)
        {
            await error.WriteLineAsync($"migrate-to-postgresql: {ex.Message}");
            return 1;
        }
    }
}
