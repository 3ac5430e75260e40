using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;

namespace Zzut.Workflows.Host.Forms;

/// <summary>A form-js schema the server cannot use; lists every problem.</summary>
public sealed class FormInvalidException(string formId, IReadOnlyList<string> problems)
    : Exception($"The form '{formId}' is invalid: {string.Join(" ", problems)}")
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>The latest version of a form.</summary>
/// <param name="Id">The form id.</param>
/// <param name="Version">Its version.</param>
/// <param name="Form">The schema.</param>
/// <param name="Schema">What a submission of it may carry (read-only: never change its components).</param>
public sealed record FormVersion(string Id, int Version, JsonObject Form, FormSchema Schema);

/// <summary>
/// The form-js (Camunda Forms) schemas, versioned in the database like definitions: the files under
/// <c>definitions/forms/*.form</c> are deployed at start (a changed file becomes a new version), administrators deploy
/// more through <c>PUT /api/forms/{id}</c>. Starts and completions are validated against the latest version; this
/// class holds a snapshot of the latest versions, refreshed on every deployment and, when another node
/// deployed, before the next request or step that could use it (<see cref="ReferenceData"/>).
/// </summary>
public sealed partial class FormStore(IServiceScopeFactory scopes, TimeProvider time) : IReferenceSnapshot
{
    /// <inheritdoc />
    public string Kind => ReferenceKinds.Forms;

    private volatile FrozenDictionary<string, FormVersion> latest = FrozenDictionary<string, FormVersion>.Empty;

    /// <summary>Every form id.</summary>
    public IReadOnlyCollection<string> Ids => latest.Keys;

    /// <summary>The latest version of a form, or null (a copy: callers may not change the store).</summary>
    public JsonObject? Find(string id) => latest.TryGetValue(id, out var form) ? (JsonObject)form.Form.DeepClone() : null;

    /// <summary>What a submission of the latest version of a form may carry, or null when there is no such form.</summary>
    public FormSchema? FindSchema(string id) => latest.TryGetValue(id, out var form) ? form.Schema : null;

    /// <summary>The latest version number of a form, or null.</summary>
    public int? VersionOf(string id) => latest.TryGetValue(id, out var form) ? form.Version : null;

    /// <summary>Reads the latest version of every form from the database.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var rows = await db.FormVersions.AsNoTracking().ToListAsync(cancellationToken);
        latest = rows.GroupBy(r => r.FormId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.Version)!)
            .ToFrozenDictionary(r => r.FormId, r => Load(r.FormId, r.Version, JsonNode.Parse(r.Json)!.AsObject()), StringComparer.Ordinal);
    }

    private static FormVersion Load(string id, int version, JsonObject form)
    {
        try
        {
            return new FormVersion(id, version, form, FormSchema.Read(form));
        }
        catch (FormInvalidException)
        {
            // A version deployed before the server knew better: nothing may be submitted on it until a usable one is deployed.
            return new FormVersion(id, version, form, FormSchema.Read(new JsonObject { ["components"] = new JsonArray() }));
        }
    }

    /// <summary>
    /// Deploys every <c>*.form</c> file of the folder whose content is not the latest version already, then loads the
    /// snapshot (also the forms deployed earlier through the API).
    /// </summary>
    public async Task<IReadOnlyList<(string Id, int Version, bool Created)>> DeployFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var results = new List<(string, int, bool)>();
        foreach (var (file, form) in ReadFolder(folder))
        {
            var (version, created) = await SaveAsync(form, "definitions folder: " + Path.GetFileName(file), cancellationToken);
            results.Add((form["id"]!.GetValue<string>(), version, created));
        }

        await ReloadAsync(cancellationToken);
        return results;
    }

    /// <summary>
    /// Deploys a schema: a new version when its content differs from the latest, else the latest version
    /// (<c>Created</c> false). Throws <see cref="FormInvalidException"/> for a schema the server could not validate against.
    /// </summary>
    public async Task<(int Version, bool Created)> DeployAsync(JsonObject form, string? actor, CancellationToken cancellationToken = default)
    {
        var deployed = await SaveAsync(form, actor, cancellationToken);
        if (deployed.Created)
        {
            await ReloadAsync(cancellationToken);
        }

        return deployed;
    }

    private async Task<(int Version, bool Created)> SaveAsync(JsonObject form, string? actor, CancellationToken cancellationToken)
    {
        var id = Check(form);
        var json = form.ToJsonString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var last = await db.FormVersions.AsNoTracking().Where(f => f.FormId == id).OrderByDescending(f => f.Version).FirstOrDefaultAsync(cancellationToken);
        if (last?.Hash == hash)
        {
            return (last.Version, false);
        }

        var now = time.GetUtcNow();
        var record = new FormVersionRecord { Id = Guid.CreateVersion7(now), FormId = id, Version = (last?.Version ?? 0) + 1, Json = json, Hash = hash, DeployedAt = now, DeployedBy = actor };
        db.FormVersions.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return (record.Version, true);
    }

    /// <summary>The latest version of every form (without its schema), by id.</summary>
    public async Task<IReadOnlyList<FormVersionRecord>> LatestAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().FormVersions.AsNoTracking()
            .Select(f => new FormVersionRecord { Id = f.Id, FormId = f.FormId, Version = f.Version, Hash = f.Hash, DeployedAt = f.DeployedAt, DeployedBy = f.DeployedBy })
            .ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.FormId, StringComparer.Ordinal).Select(g => g.MaxBy(r => r.Version)!).OrderBy(r => r.FormId, StringComparer.Ordinal)];
    }

    /// <summary>Every version of a form, oldest first.</summary>
    public async Task<IReadOnlyList<FormVersionRecord>> VersionsAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LedgerDbContext>().FormVersions.AsNoTracking()
            .Where(f => f.FormId == id).OrderBy(f => f.Version).ToListAsync(cancellationToken);
    }

    /// <summary>The forms of a folder, checked (a file that is not a usable form throws, naming the file).</summary>
    public static IReadOnlyList<(string File, JsonObject Form)> ReadFolder(string folder)
    {
        var forms = new List<(string, JsonObject)>();
        if (!Directory.Exists(folder))
        {
            return forms;
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.form").Order(StringComparer.Ordinal))
        {
            var form = JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new InvalidDataException($"{file} is not a JSON object.");
            try
            {
                var id = Check(form);
                if (!seen.TryAdd(id, file))
                {
                    throw new InvalidDataException($"{file} and {seen[id]} both have the form id '{id}'.");
                }
            }
            catch (FormInvalidException ex)
            {
                throw new InvalidDataException($"{file}: {ex.Message}", ex);
            }

            forms.Add((file, form));
        }

        return forms;
    }

    /// <summary>Checks that the server can validate submissions against the schema; returns its id.</summary>
    public static string Check(JsonObject form)
    {
        var problems = new List<string>();
        var id = form["id"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        if (id is null || !FormId().IsMatch(id))
        {
            problems.Add("表单 id 须为 2–100 个小写字母、数字或 '-' (id: 2–100 lower-case letters, digits or '-', the name camunda:formRef uses).");
        }

        try
        {
            FormSchema.Read(form);
        }
        catch (FormInvalidException ex)
        {
            problems.AddRange(ex.Problems);
        }

        if (problems.Count > 0)
        {
            throw new FormInvalidException(id ?? "(no id)", problems);
        }

        return id!;
    }

    [GeneratedRegex("^[a-z0-9-]{2,100}$")]
    private static partial Regex FormId();
}
