using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime;

/// <summary>A definition key as administrators see it: its versions, who deployed each when, what still runs on it, and its draft.</summary>
/// <param name="Key">The process id.</param>
/// <param name="Name">The latest version's name.</param>
/// <param name="LatestVersion">The latest version (0 when only a draft exists).</param>
/// <param name="DeployedAt">When the latest version was deployed.</param>
/// <param name="DeployedBy">Who deployed it.</param>
/// <param name="Versions">Every version, oldest first.</param>
/// <param name="Draft">The draft being edited, if any.</param>
public sealed record DefinitionOverview(
    string Key,
    string? Name,
    int LatestVersion,
    DateTimeOffset? DeployedAt,
    string? DeployedBy,
    IReadOnlyList<DefinitionVersionOverview> Versions,
    DefinitionDraftInfo? Draft);

/// <summary>One deployed version.</summary>
/// <param name="Version">The version number.</param>
/// <param name="Name">The process name in that version.</param>
/// <param name="Hash">SHA-256 of its XML.</param>
/// <param name="DeployedAt">When it was deployed.</param>
/// <param name="DeployedBy">Who deployed it.</param>
/// <param name="RunningInstances">Instances of this version that have not ended (active or with an incident).</param>
public sealed record DefinitionVersionOverview(int Version, string? Name, string Hash, DateTimeOffset DeployedAt, string? DeployedBy, int RunningInstances);

/// <summary>A draft's facts without its XML.</summary>
/// <param name="Key">The key it will deploy as.</param>
/// <param name="BaseVersion">The version it was started from (null: a new definition).</param>
/// <param name="SavedAt">When it was last saved.</param>
/// <param name="SavedBy">Who saved it.</param>
/// <param name="Revision">Its revision; a save must name it.</param>
public sealed record DefinitionDraftInfo(string Key, int? BaseVersion, DateTimeOffset SavedAt, string? SavedBy, int Revision);

/// <summary>A draft with its XML.</summary>
/// <param name="Info">Its facts.</param>
/// <param name="Xml">The BPMN XML as the designer saved it.</param>
public sealed record DefinitionDraft(DefinitionDraftInfo Info, string Xml);

/// <summary>Where a form is used: the definition versions naming it (<c>camunda:formRef</c>) and the open tasks showing it.</summary>
/// <param name="Definitions">Every deployed version whose start event or user tasks name the form.</param>
/// <param name="OpenTasks">Open tasks of the form, counted by definition and element.</param>
public sealed record FormUsage(IReadOnlyList<FormUseInDefinition> Definitions, IReadOnlyList<FormOpenTasks> OpenTasks);

/// <summary>A definition version that names a form.</summary>
/// <param name="Key">The definition key.</param>
/// <param name="Name">The version's process name.</param>
/// <param name="Version">The version.</param>
/// <param name="IsLatest">Whether it is the key's latest version (new instances start on it).</param>
/// <param name="Elements">The start event and user tasks that name the form.</param>
public sealed record FormUseInDefinition(string Key, string? Name, int Version, bool IsLatest, IReadOnlyList<FormUseElement> Elements);

/// <summary>An element naming a form.</summary>
/// <param name="ElementId">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">The BPMN element (<c>startEvent</c>, <c>userTask</c>).</param>
public sealed record FormUseElement(string ElementId, string? Name, string Kind);

/// <summary>Open tasks of one element that show a form.</summary>
/// <param name="DefinitionKey">The definition key.</param>
/// <param name="ElementId">The user task.</param>
/// <param name="Name">The task's name.</param>
/// <param name="Count">How many are open.</param>
public sealed record FormOpenTasks(string DefinitionKey, string ElementId, string? Name, int Count);

/// <summary>
/// What administrators read about definitions beyond what every user reads: versions with who deployed them and the
/// instances still running on each, drafts, and where a form is used. It only reads; deploying stays the engine's.
/// </summary>
public sealed class DefinitionCatalog
{
    private readonly IServiceScopeFactory scopes;
    private readonly DefinitionCache cache;

    internal DefinitionCatalog(IServiceScopeFactory scopes, DefinitionCache cache)
    {
        this.scopes = scopes;
        this.cache = cache;
    }

    /// <summary>Every key that is deployed or drafted, by key.</summary>
    public async Task<IReadOnlyList<DefinitionOverview>> ListAsync(CancellationToken cancellationToken = default) =>
        await ReadAsync(null, cancellationToken);

    /// <summary>One key, or null when it is neither deployed nor drafted.</summary>
    public async Task<DefinitionOverview?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await ReadAsync(key, cancellationToken)).SingleOrDefault();

    /// <summary>Where a form is used.</summary>
    public async Task<FormUsage> FindFormUsageAsync(string formRef, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var definitions = await db.Definitions.AsNoTracking().OrderBy(d => d.Key).ThenBy(d => d.Version).ToListAsync(cancellationToken);
        var latest = definitions.GroupBy(d => d.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(d => d.Version), StringComparer.Ordinal);
        var uses = new List<FormUseInDefinition>();
        foreach (var definition in definitions)
        {
            var elements = cache.GetModel(definition).Nodes
                .Where(n => n switch { UserTask task => task.FormRef == formRef, StartEvent start => start.FormRef == formRef, _ => false })
                .OrderBy(n => n.Line)
                .Select(n => new FormUseElement(n.Id, n.Name, n.Kind))
                .ToList();
            if (elements.Count > 0)
            {
                uses.Add(new FormUseInDefinition(definition.Key, definition.Name, definition.Version, latest[definition.Key] == definition.Version, elements));
            }
        }

        var open = await db.UserTasks.AsNoTracking().Where(t => t.FormRef == formRef && t.Status == UserTaskStatus.Open)
            .GroupBy(t => new { t.DefinitionKey, t.ElementId, t.Name })
            .Select(g => new { g.Key.DefinitionKey, g.Key.ElementId, g.Key.Name, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new FormUsage(uses, [.. open.OrderBy(o => o.DefinitionKey, StringComparer.Ordinal).ThenBy(o => o.ElementId, StringComparer.Ordinal)
            .Select(o => new FormOpenTasks(o.DefinitionKey, o.ElementId, o.Name, o.Count))]);
    }

    private async Task<List<DefinitionOverview>> ReadAsync(string? key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var versions = await db.Definitions.AsNoTracking().Where(d => key == null || d.Key == key)
            .Select(d => new { d.Key, d.Version, d.Name, d.Hash, d.DeployedAt, d.DeployedBy }).ToListAsync(cancellationToken);
        var running = await db.Instances.AsNoTracking()
            .Where(i => (key == null || i.DefinitionKey == key) && (i.Status == InstanceStatus.Active || i.Status == InstanceStatus.Incident))
            .GroupBy(i => new { i.DefinitionKey, i.DefinitionVersion })
            .Select(g => new { g.Key.DefinitionKey, g.Key.DefinitionVersion, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var drafts = await db.DefinitionDrafts.AsNoTracking().Where(d => key == null || d.Key == key)
            .Select(d => new DefinitionDraftInfo(d.Key, d.BaseVersion, d.SavedAt, d.SavedBy, d.Revision)).ToListAsync(cancellationToken);
        var runningOf = running.ToDictionary(r => (r.DefinitionKey, r.DefinitionVersion), r => r.Count);
        var draftOf = drafts.ToDictionary(d => d.Key, StringComparer.Ordinal);

        return [.. versions.Select(v => v.Key).Concat(drafts.Select(d => d.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(k =>
        {
            var own = versions.Where(v => v.Key == k).OrderBy(v => v.Version)
                .Select(v => new DefinitionVersionOverview(v.Version, v.Name, v.Hash, v.DeployedAt, v.DeployedBy, runningOf.GetValueOrDefault((k, v.Version))))
                .ToList();
            var last = own.LastOrDefault();
            return new DefinitionOverview(k, last?.Name, last?.Version ?? 0, last?.DeployedAt, last?.DeployedBy, own, draftOf.GetValueOrDefault(k));
        })];
    }
}

/// <summary>
/// Drafts of definitions: saved by the designer without deploying, one per key, each save naming the revision it
/// was based on so that two editors cannot silently overwrite each other.
/// </summary>
public sealed class DefinitionDrafts(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The draft of a key, or null.</summary>
    public async Task<DefinitionDraft?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().DefinitionDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.Key == key, cancellationToken);
        return record is null ? null : new DefinitionDraft(Info(record), record.Xml);
    }

    /// <summary>
    /// Saves the draft of a key. <paramref name="revision"/> is the revision the editor loaded (null when it started
    /// without a draft); a draft saved by somebody else meanwhile is a conflict and nothing is written.
    /// </summary>
    /// <exception cref="WorkflowConflictException">The draft changed since <paramref name="revision"/>.</exception>
    public async Task<DefinitionDraftInfo> SaveAsync(string key, string xml, int? baseVersion, int? revision, string? actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var record = await db.DefinitionDrafts.FirstOrDefaultAsync(d => d.Key == key, cancellationToken);
        if (record is null && revision is not null || record is not null && record.Revision != revision)
        {
            throw new WorkflowConflictException(record is null
                ? $"草稿已被删除或部署 (the draft of '{key}' was deleted or deployed meanwhile); reload the page."
                : $"草稿已被 {record.SavedBy} 于其后修改 (the draft of '{key}' was saved by {record.SavedBy} meanwhile, revision {record.Revision}); reload the page.");
        }

        if (record is null)
        {
            record = new DefinitionDraftRecord { Key = key };
            db.DefinitionDrafts.Add(record);
        }

        record.Xml = xml;
        record.BaseVersion = baseVersion;
        record.SavedAt = time.GetUtcNow();
        record.SavedBy = actor;
        record.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            throw new WorkflowConflictException($"草稿已被他人同时保存 (the draft of '{key}' was saved by somebody else at the same time); reload the page.", inner: ex);
        }

        return Info(record);
    }

    /// <summary>Removes the draft of a key; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await db.DefinitionDrafts.Where(d => d.Key == key).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static DefinitionDraftInfo Info(DefinitionDraftRecord record) => new(record.Key, record.BaseVersion, record.SavedAt, record.SavedBy, record.Revision);
}
