using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Forms;

/// <summary>A ledger row or process instance that an id names, as its reader sees it.</summary>
/// <param name="Kind">What it is, in Chinese (信息系统, 虚拟机, 安全事件, 流程实例 …).</param>
/// <param name="Display">Its name when the reader may see it (the system's name, the VM's server name, the website's
/// domain …); otherwise a neutral label (<c>信息系统（无权查看）</c>) — never the id.</param>
/// <param name="Href">The page that shows it (its ledger row, or the instance) when the reader may see it; else null.</param>
public sealed record ReferenceName(string Kind, string Display, string? Href);

/// <summary>
/// Names the ledger rows and process instances that ids in submissions and variables stand for: every ledger is looked up
/// by id (ids are unique across ledgers), so a variable an activity set (<c>incidentId</c>, <c>noticeId</c>,
/// <c>warningId</c> …) is named as well as a form field with <c>properties.ref</c>. What the reader may see follows the
/// ledger APIs (<see cref="Caller.MaySeeUnit"/>: a unit its own rows, the overseeing roles all) and the
/// instances' (participants and the overseeing roles); a row the reader may not see is shown by its kind only.
/// </summary>
public sealed class ReferenceNames(LedgerDbContext db, IWorkflowEngine engine)
{
    /// <summary>The neutral label of a row the reader may not see.</summary>
    public static string Hidden(string kind) => $"{kind}（无权查看）";

    /// <summary>The ids (GUID strings, alone or in a list) a value holds.</summary>
    public static IEnumerable<Guid> IdsIn(JsonNode? value) => value switch
    {
        JsonValue text when text.GetValueKind() == JsonValueKind.String && Guid.TryParseExact(text.GetValue<string>(), "D", out var id) => [id],
        JsonArray items => items.SelectMany(IdsIn),
        _ => [],
    };

    /// <summary>
    /// The rows and instances among <paramref name="ids"/>, named for <paramref name="reader"/> (null: a reader who may
    /// see everything, e.g. the operations console's administrators and the center); ids that name nothing are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, ReferenceName>> NameAsync(IEnumerable<Guid> ids, Caller? reader, CancellationToken cancellationToken = default)
    {
        var wanted = ids.Distinct().ToList();
        var names = new Dictionary<Guid, ReferenceName>();
        if (wanted.Count == 0)
        {
            return names;
        }

        var rows = new List<Row>();
        await OwnedAsync(rows, db.Systems, wanted, "信息系统", "systems", r => r.Name, cancellationToken);
        await OwnedAsync(rows, db.Websites, wanted, "网站", "websites", r => r.Domain, cancellationToken);
        await OwnedAsync(rows, db.Vms, wanted, "虚拟机", "vms", r => r.ServerName ?? r.Purpose, cancellationToken);
        await OwnedAsync(rows, db.HostedServers, wanted, "托管服务器", "hosted-servers", r => r.ServerName ?? r.Purpose, cancellationToken);
        await OwnedAsync(rows, db.Incidents, wanted, "安全事件", "incidents", r => r.Title, cancellationToken);
        await OwnedAsync(rows, db.RectificationNotices, wanted, "限期整改通知书", null, r => r.Number, cancellationToken);
        await OwnedAsync(rows, db.HostingChanges, wanted, "变更申请", "hosting-changes", r => r.Label, cancellationToken);
        await OwnedAsync(rows, db.InspectionUnits, wanted, "检查整改", "inspections", r => r.Title, cancellationToken);
        await OwnedAsync(rows, db.SelfInspections, wanted, "单位自查", "self-inspections", r => r.Period, cancellationToken);
        await OwnedAsync(rows, db.Trainings, wanted, "安全培训", "trainings", r => r.Topic, cancellationToken);
        await OwnedAsync(rows, db.Letters, wanted, "责任书", "letters", r => r.Number, cancellationToken);
        await OwnedAsync(rows, db.PersonChanges, wanted, "责任人变更", "person-changes", r => r.NewPerson, cancellationToken);

        // The ledgers no single unit owns: an inspection plan concerns the units it inspects, a warning the units it went to.
        var plans = await db.Inspections.AsNoTracking().Where(r => wanted.Contains(r.Id)).ToListAsync(cancellationToken);
        if (plans.Count > 0)
        {
            var planIds = plans.Select(p => (Guid?)p.Id).ToList();
            var inspected = (await db.InspectionUnits.AsNoTracking().Where(u => planIds.Contains(u.InspectionId)).Select(u => new { u.InspectionId, u.UnitCode }).ToListAsync(cancellationToken))
                .ToLookup(u => u.InspectionId!.Value, u => u.UnitCode);
            foreach (var plan in plans)
            {
                rows.Add(new Row(plan.Id, "检查计划", null, string.IsNullOrEmpty(plan.Number) ? plan.Title : $"{plan.Title}（{plan.Number}）", [.. inspected[plan.Id]]));
            }
        }

        foreach (var warning in await db.Warnings.AsNoTracking().Include(w => w.Responses).Where(r => wanted.Contains(r.Id)).ToListAsync(cancellationToken))
        {
            rows.Add(new Row(warning.Id, "预警", "warnings", string.IsNullOrEmpty(warning.Number) ? warning.Title : $"{warning.Title}（{warning.Number}）",
                [.. warning.Responses.Select(r => r.UnitCode)]));
        }

        foreach (var plan in await db.EmergencyPlans.AsNoTracking().Where(r => wanted.Contains(r.Id)).ToListAsync(cancellationToken))
        {
            rows.Add(new Row(plan.Id, "应急预案", "plans", plan.Title, plan.Scope == EmergencyPlanScope.School ? null : [plan.UnitCode]));
        }

        foreach (var drill in await db.EmergencyDrills.AsNoTracking().Where(r => wanted.Contains(r.Id)).ToListAsync(cancellationToken))
        {
            rows.Add(new Row(drill.Id, "应急演练", "drills", drill.Title, null));
        }

        foreach (var tip in await db.IncidentTips.AsNoTracking().Where(r => wanted.Contains(r.Id)).ToListAsync(cancellationToken))
        {
            // Tips are the overseeing roles' alone (/api/incident-tips).
            rows.Add(new Row(tip.Id, "事件线索", null, $"{tip.ReporterName}：{Shorten(tip.Description)}", []));
        }

        foreach (var row in rows)
        {
            names[row.Id] = MaySee(reader, row.Units)
                ? new ReferenceName(row.Kind, row.Name, row.Tab is null ? null : $"/ledgers#{row.Tab}-{row.Id}")
                : new ReferenceName(row.Kind, Hidden(row.Kind), null);
        }

        await NameInstancesAsync(names, wanted.Where(id => !names.ContainsKey(id)).ToList(), reader, cancellationToken);
        return names;
    }

    private async Task NameInstancesAsync(Dictionary<Guid, ReferenceName> names, List<Guid> ids, Caller? reader, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        IReadOnlyDictionary<string, string>? procedures = null;
        foreach (var id in ids)
        {
            if (await engine.GetInstanceAsync(id, cancellationToken) is not { } instance)
            {
                continue;
            }

            const string kind = "流程实例";
            if (reader is not null && !reader.OverseesInstances && !await engine.IsParticipantAsync(id, reader.UserName, reader.Groups, cancellationToken))
            {
                names[id] = new ReferenceName(kind, Hidden(kind), null);
                continue;
            }

            procedures ??= (await engine.ListDefinitionsAsync(cancellationToken)).ToDictionary(d => d.Key, d => d.Name ?? d.Key, StringComparer.Ordinal);
            var procedure = procedures.GetValueOrDefault(instance.DefinitionKey) ?? instance.DefinitionKey;
            names[id] = new ReferenceName(kind, string.IsNullOrEmpty(instance.Title) ? procedure : $"{procedure}：{instance.Title}", $"/instances/{id}");
        }
    }

    private static bool MaySee(Caller? reader, IReadOnlyList<string?>? units) =>
        reader is null || units is null || reader.OverseesInstances || units.Any(reader.MaySeeUnit);

    private static async Task OwnedAsync<TRecord>(List<Row> rows, DbSet<TRecord> set, List<Guid> ids, string kind, string? tab, Func<TRecord, string> name, CancellationToken cancellationToken)
        where TRecord : class, IUnitLedgerRecord
    {
        foreach (var record in await set.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken))
        {
            rows.Add(new Row(record.Id, kind, tab, name(record), [record.UnitCode]));
        }
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

    /// <summary>A row found by id.</summary>
    /// <param name="Id">Its id.</param>
    /// <param name="Kind">What it is, in Chinese.</param>
    /// <param name="Tab">Its table on the ledgers page (<c>/ledgers#{tab}-{id}</c>), if it has one.</param>
    /// <param name="Name">Its name.</param>
    /// <param name="Units">The units whose people may see it; null: everybody signed in; empty: the overseeing roles only.</param>
    private sealed record Row(Guid Id, string Kind, string? Tab, string Name, IReadOnlyList<string?>? Units);
}
