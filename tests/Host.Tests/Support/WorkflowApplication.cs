using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Support;

/// <summary>
/// The real host on its own data folder (own SQLite file) — or, with <see cref="DatabaseProvider.PostgreSql"/>, on a
/// PostgreSQL database of its own on the test server (<see cref="TestPostgres"/>) — and a fake clock. By default it
/// deploys the repository's shipped definitions; <see cref="WithDefinitions"/> points it at a folder of the test's own.
/// </summary>
public sealed class WorkflowApplication : WebApplicationFactory<Program>
{
    /// <summary>Monday 2 March 2026, 09:00 Beijing time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private string? definitionsPath;

    public WorkflowApplication(string? dataPath = null, FakeTimeProvider? clock = null, DatabaseProvider provider = DatabaseProvider.Sqlite, string? postgreSqlDatabase = null)
    {
        freshDataPath = dataPath is null;
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "zzut-host-tests", Guid.NewGuid().ToString("N"));
        Clock = clock ?? new FakeTimeProvider(Start);
        Provider = postgreSqlDatabase is null ? provider : DatabaseProvider.PostgreSql;
        if (Provider == DatabaseProvider.PostgreSql)
        {
            // A database of its own (dropped on dispose), or the one another host of the test runs on (kept).
            ownsDatabase = postgreSqlDatabase is null;
            PostgreSqlDatabase = postgreSqlDatabase ?? TestPostgres.CreateDatabaseAsync().GetAwaiter().GetResult();
            Settings["Workflows:Database:Provider"] = "PostgreSql";
            Settings["ConnectionStrings:Workflows"] = PostgreSqlDatabase;
        }
    }

    /// <summary>
    /// First-start data folders, one per configuration (definitions folder, settings, clock), each made once per test
    /// run by starting a host on it: a fresh host of the same configuration starts on a copy, so each test does not
    /// migrate the database and deploy every form and definition again.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string>> Templates = new(StringComparer.Ordinal);

    private readonly bool freshDataPath;

    /// <summary>
    /// Whether this host starts on a copy of its configuration's first-start folder (<see cref="Templates"/>): only a
    /// fresh data folder on SQLite, without replaced services (a test that counts what the start does sees a real first
    /// start).
    /// </summary>
    public bool StartFromTemplate { get; set; } = true;

    private readonly bool ownsDatabase;

    /// <summary>The database product the host runs on.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The connection string of the host's PostgreSQL database (PostgreSQL only).</summary>
    public string? PostgreSqlDatabase { get; }

    public string DataPath { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Extra configuration, applied over the defaults (e.g. SMTP settings).</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal)
    {
        // Tests run the jobs themselves (what Hangfire would run), unless a test turns the server on.
        ["Workflows:Hangfire:Server"] = "false",
        ["Bootstrap:AdminPassword"] = AdminPassword,
        ["Workflows:Auth:SignInPermitLimit"] = "1000",
        ["Workflows:Auth:RequireHttps"] = "false",

        // Scenarios move the fake clock by days and years; their tokens should outlive that (AuthTests sets one hour).
        ["Workflows:Auth:TokenLifetime"] = "3650.00:00:00",
    };

    /// <summary>The bootstrap administrator's password in tests.</summary>
    public const string AdminPassword = "Admin-Passw0rd-2026";

    /// <summary>A client signed in as the bootstrap administrator.</summary>
    public Task<HttpClient> AdminClientAsync() => SignedInClientAsync("admin", AdminPassword);

    /// <summary>
    /// A client for tests whose subject is not access control: one person holding the roles the fixtures' tasks name
    /// (admin, center, leading group, and unit user of jsj). Access control itself is tested with single-role users.
    /// </summary>
    public Task<HttpClient> OperatorClientAsync() =>
        ClientAsync("operator", ["admin", "center", "leading-group", "unit"], "jsj");

    /// <summary>A client signed in as a user with one role (created on first use), e.g. <c>("jsj-anquan", "unit", "jsj")</c>.</summary>
    public Task<HttpClient> ClientAsync(string userName, string role, string? unitCode = null) => ClientAsync(userName, [role], unitCode);

    /// <summary>A client signed in as a user with the given roles (created on first use).</summary>
    public async Task<HttpClient> ClientAsync(string userName, string[] roles, string? unitCode)
    {
        var password = userName + "-Passw0rd-2026";
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Accounts.AccountUser>>();
            if (await users.FindByNameAsync(userName) is null)
            {
                var user = new Accounts.AccountUser { UserName = userName, RealName = userName, UnitCode = unitCode };
                var created = await users.CreateAsync(user, password);
                Assert.That(created.Succeeded, Is.True, string.Join("; ", created.Errors.Select(e => e.Description)));
                await users.AddToRolesAsync(user, roles);
            }
        }

        return await SignedInClientAsync(userName, password);
    }

    private async Task<HttpClient> SignedInClientAsync(string userName, string password)
    {
        var client = CreateClient();
        var response = await client.PostJsonAsync("/api/auth/login", new { userName, password });
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var token = (await response.ReadJsonAsync())["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Take each request's client address from the test-only header <see cref="ClientAddressHeader"/> (the in-memory
    /// test server has none), to test what is counted per address. The host itself never reads such a header.
    /// </summary>
    public bool ClientAddressesFromHeader { get; set; }

    /// <summary>The header a test names its client address in (<see cref="ClientAddressesFromHeader"/>).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Replaces services of the host for one test (e.g. a counting password hasher).</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    /// <summary>Keep the data folder on dispose (to start a second application on it).</summary>
    public bool KeepData { get; set; }

    public WorkflowApplication WithDefinitions(string folder)
    {
        definitionsPath = folder;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Workflows:DataPath", DataPath);
        if (definitionsPath is not null)
        {
            builder.UseSetting("Workflows:DefinitionsPath", definitionsPath);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            if (ClientAddressesFromHeader)
            {
                services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromHeader>();
            }

            TestServices?.Invoke(services);
        });
    }

    /// <summary>Starts the host, then deploys the fixtures' own start form (<see cref="Fixtures.ReviewStartForm"/>).</summary>
    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        if (StartFromTemplate && Provider == DatabaseProvider.Sqlite && freshDataPath && TestServices is null && !Directory.Exists(DataPath))
        {
            var template = Templates.GetOrAdd(TemplateKey(), _ => new Lazy<string>(MakeTemplate)).Value;

            // One copy at a time: two connections opening the template's WAL database at once can find it locked.
            lock (Templates)
            {
                CopyFolder(template, DataPath);
            }
        }

        var host = base.CreateHost(builder);
        var form = System.Text.Json.Nodes.JsonNode.Parse(Fixtures.ReviewStartFormJson())!.AsObject();
        host.Services.GetRequiredService<global::Zzut.Workflows.Host.Forms.FormStore>().DeployAsync(form, "tests").GetAwaiter().GetResult();
        return host;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !KeepData)
        {
            DeleteData(DataPath);
            if (ownsDatabase)
            {
                TestPostgres.DropDatabaseAsync(PostgreSqlDatabase!).GetAwaiter().GetResult();
            }
        }
    }

    private string TemplateKey() =>
        string.Join('\n', new[] { definitionsPath ?? string.Empty, Clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) }
            .Concat(Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")));

    /// <summary>Starts a host of this configuration on a new folder, stops it (its SQLite files closed and checkpointed), and keeps the folder.</summary>
    private string MakeTemplate()
    {
        var template = new WorkflowApplication(Path.Combine(Path.GetTempPath(), "zzut-host-tests", "template-" + Guid.NewGuid().ToString("N")), new FakeTimeProvider(Clock.GetUtcNow()))
        {
            StartFromTemplate = false,
            KeepData = true,
            definitionsPath = definitionsPath,
        };
        foreach (var (key, value) in Settings)
        {
            template.Settings[key] = value;
        }

        using (template)
        {
            _ = template.Services; // starts it
        }

        ClearPools(template.DataPath);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteData(template.DataPath);
        return template.DataPath;
    }

    /// <summary>Copies a data folder: its SQLite databases through SQLite's online backup (consistent whatever its WAL holds), other files as they are.</summary>
    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(file).StartsWith("hangfire", StringComparison.Ordinal))
            {
                continue; // Hangfire's own storage starts empty, as it does on a first start
            }

            if (file.EndsWith(".db", StringComparison.Ordinal))
            {
                using var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
                using var copy = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target};Pooling=False");
                source.Open();
                copy.Open();
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        source.BackupDatabase(copy);
                        break;
                    }
                    catch (Microsoft.Data.Sqlite.SqliteException ex) when (ex.SqliteErrorCode == 5 && attempt < 50)
                    {
                        // SQLITE_BUSY: the backup API has no busy handler; SQLite's documentation says to try the step again.
                        Thread.Sleep(100);
                    }
                }
            }
            else if (!file.EndsWith(".db-wal", StringComparison.Ordinal) && !file.EndsWith(".db-shm", StringComparison.Ordinal))
            {
                File.Copy(file, target);
            }
        }
    }

    /// <summary>
    /// Closes the pooled connections to the databases of one data folder. Only that folder's pools: clearing every pool
    /// while fixtures run side by side can dispose a connection another test is opening at that moment.
    /// </summary>
    private static void ClearPools(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var database in Directory.EnumerateFiles(path, "*.db"))
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
        }
    }

    public static void DeleteData(string path)
    {
        ClearPools(path);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}

/// <summary>Sets the connection's remote address from <see cref="WorkflowApplication.ClientAddressHeader"/>, before anything else runs.</summary>
internal sealed class ClientAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            if (System.Net.IPAddress.TryParse(context.Request.Headers[WorkflowApplication.ClientAddressHeader].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            await proceed(context);
        });
        next(app);
    };
}

/// <summary>Small helpers for JSON over HTTP.</summary>
public static class HttpJson
{
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static async Task<HttpResponseMessage> DeployAsync(this HttpClient client, string xml)
    {
        using var content = new StringContent(xml, System.Text.Encoding.UTF8, "application/xml");
        return await client.PostAsync("/api/definitions", content);
    }
}
