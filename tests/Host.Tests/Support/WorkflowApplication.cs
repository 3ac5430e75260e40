using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Zzut.Workflows.Host.Tests.Support;

/// <summary>
/// The real host on its own data folder (own SQLite file) and a fake clock. By default it deploys the repository's
/// shipped definitions; <see cref="WithDefinitions"/> points it at a folder of the test's own.
/// </summary>
public sealed class WorkflowApplication : WebApplicationFactory<Program>
{
    /// <summary>Monday 2 March 2026, 09:00 Beijing time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private string? definitionsPath;

    public WorkflowApplication(string? dataPath = null, FakeTimeProvider? clock = null)
    {
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "zzut-host-tests", Guid.NewGuid().ToString("N"));
        Clock = clock ?? new FakeTimeProvider(Start);
    }

    public string DataPath { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Extra configuration, applied over the defaults (e.g. SMTP settings).</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal)
    {
        // Tests run the jobs themselves (what Hangfire would run), unless a test turns the server on.
        ["Workflows:Hangfire:Server"] = "false",
    };

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

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !KeepData)
        {
            DeleteData(DataPath);
        }
    }

    public static void DeleteData(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
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
