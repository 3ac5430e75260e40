using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Emergency;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Domain.Incidents;
using Zzut.Workflows.Domain.Inspections;
using Zzut.Workflows.Domain.Letters;
using Zzut.Workflows.Domain.Systems;
using Zzut.Workflows.Domain.Websites;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The ledgers (台账): information systems, websites, incidents. The procedures keep them up to date through their
/// activities; the office, the center and administrators may also register and correct rows here. Everybody reads only
/// what is theirs: a unit its own rows, the overseeing roles all of them.
/// </summary>
public static class LedgersApi
{
    /// <summary>Maps <c>/api/systems</c>, <c>/api/websites</c> and <c>/api/incidents</c>.</summary>
    public static IEndpointRouteBuilder MapLedgersApi(this IEndpointRouteBuilder routes)
    {
        Map<InformationSystemRecord>(routes, "/api/systems", "Systems", "system", "信息系统台账 (information systems)", canCreate: true);
        Map<WebsiteRecord>(routes, "/api/websites", "Websites", "website", "网站台账 (websites)", canCreate: true);
        Map<IncidentRecord>(routes, "/api/incidents", "Incidents", "incident", "安全事件台账 (incidents); rows are created by the incident-report procedure", canCreate: false);
        Map<VmRecord>(routes, "/api/vms", "VMs", "vm", "云虚拟机台账 (cloud VMs) with their yearly registrations", canCreate: true);
        Map<HostedServerRecord>(routes, "/api/hosted-servers", "Hosted servers", "hostedServer", "托管服务器台账 (hosted servers)", canCreate: true);
        Map<RectificationNoticeRecord>(routes, "/api/rectification-notices", "Rectification notices", "notice", "限期整改通知书 (deadline rectification notices); issued by level-evaluation, system-grading-filing and center-inspection-unit", canCreate: false);
        Map<HostingChangeRecord>(routes, "/api/hosting-changes", "Hosting changes", "hostingChange", "变更申请 (change requests of VMs and hosted servers); written only by vm-change and hosted-server-change", canCreate: false, canEdit: false);
        var tips = routes.MapGroup("/api/incident-tips").WithTags("Incident tips").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.LeadingGroup, Roles.Office, Roles.Center));
        tips.MapGet("/", TipsAsync).WithSummary("Incidents reported to the center by anybody (Art. 33), newest first, by status (received|opened|closed).");
        Map<InspectionUnitRecord>(routes, "/api/inspection-units", "Inspections", "inspection", "各单位检查情况 (each unit's inspection: findings, notice, status); written by center-inspection-unit", canCreate: false);
        Map<SelfInspectionRecord>(routes, "/api/self-inspections", "Inspections", "selfInspection", "单位自查 (units' self-inspections by period); written by unit-self-inspection", canCreate: false);
        Map<TrainingRecord>(routes, "/api/trainings", "Emergency", "training", "安全培训记录 (units' security training sessions); written by security-training", canCreate: false);
        Map<ResponsibilityLetterRecord>(routes, "/api/letters", "Letters", "letter", "责任书台账 (responsibility letters 一/二); signed through responsibility-letter and vendor-letter, earlier paper letters registered here", canCreate: true);
        Map<ResponsiblePersonChangeRecord>(routes, "/api/person-changes", "Letters", "personChange", "责任人变更报告 (changes of responsible person, Att. 1 §8, late ones flagged); written by responsible-person-change", canCreate: false);
        return routes;
    }

    private static async Task<Results<Ok<List<IncidentTipRecord>>, ValidationProblem>> TipsAsync(string? status, LedgerDbContext db, CancellationToken cancellationToken)
    {
        IncidentTipStatus? wanted = null;
        if (status is not null)
        {
            if (!WireNames.TryParse<IncidentTipStatus>(status, out var parsed))
            {
                return Problems.Field("status", WireNames.OneOf<IncidentTipStatus>());
            }

            wanted = parsed;
        }

        var query = db.IncidentTips.AsNoTracking();
        if (wanted is { } only)
        {
            query = query.Where(t => t.Status == only);
        }

        return TypedResults.Ok((await query.ToListAsync(cancellationToken)).OrderByDescending(t => t.ReceivedAt).ToList());
    }

    private static void Map<TRecord>(IEndpointRouteBuilder routes, string path, string tag, string ledger, string summary, bool canCreate, bool canEdit = true)
        where TRecord : class, IUnitLedgerRecord, new()
    {
        var group = routes.MapGroup(path).WithTags(tag);
        group.MapGet("/", (string? unitCode, string? status, int? skip, int? take, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken) =>
            ListAsync<TRecord>(ledger, unitCode, status, skip, take, context, db, cancellationToken)).WithSummary(summary + ": list, by unit and status, newest first; paged with skip and take, the total in X-Total-Count.");
        group.MapGet("/{id:guid}", (Guid id, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken) =>
            GetAsync<TRecord>(ledger, id, context, db, cancellationToken)).WithSummary("One row with the instances that touched it.");
        var editors = group.MapGroup("/").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Center, Roles.Office));
        if (canCreate)
        {
            editors.MapPost("/", (JsonObject body, LedgerDbContext db, LedgerEditor editor, TimeProvider time, CancellationToken cancellationToken) =>
                CreateAsync<TRecord>(path, ledger, body, db, editor, time, cancellationToken)).WithSummary("Register a row (office, center, administrators).");
        }

        if (!canEdit)
        {
            return;
        }

        editors.MapPatch("/{id:guid}", (Guid id, JsonObject body, LedgerDbContext db, LedgerEditor editor, TimeProvider time, CancellationToken cancellationToken) =>
            PatchAsync<TRecord>(ledger, id, body, db, editor, time, cancellationToken)).WithSummary("Correct fields of a row; send 'revision' to guard against concurrent edits (office, center, administrators).");
    }

    private static async Task<Results<Ok<List<JsonObject>>, ValidationProblem>> ListAsync<TRecord>(
        string ledger, string? unitCode, string? status, int? skip, int? take, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
        where TRecord : class, IUnitLedgerRecord
    {
        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        var query = Visible(db.Set<TRecord>().AsNoTracking(), Caller.From(context.User));
        if (!string.IsNullOrWhiteSpace(unitCode))
        {
            query = query.Where(r => r.UnitCode == unitCode);
        }

        if (status is not null)
        {
            if (ByStatus(query, status) is not { } filtered)
            {
                return Problems.Field("status", $"未知状态 (unknown status '{status}').");
            }

            query = filtered;
        }

        var page = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(skip ?? 0).Take(Paging.Take(take)).ToListAsync(cancellationToken);
        await Paging.SetTotalAsync(context, skip ?? 0, Paging.Take(take), page.Count, () => query.CountAsync(cancellationToken));
        var ids = page.Select(r => r.Id).ToList();
        var links = (await db.Links.AsNoTracking().Where(l => l.Ledger == ledger && ids.Contains(l.RecordId)).OrderBy(l => l.Id).ToListAsync(cancellationToken))
            .ToLookup(l => l.RecordId);
        return TypedResults.Ok(page.Select(r => WithLinks(LedgerFields.ToJson(r), links[r.Id])).ToList());
    }

    /// <summary>The rows in a status (for incidents: a phase), filtered in the database; null for a status the ledger does not have.</summary>
    private static IQueryable<TRecord>? ByStatus<TRecord>(IQueryable<TRecord> query, string status) => query switch
    {
        IQueryable<InformationSystemRecord> systems when WireNames.TryParse<SystemStatus>(status, out var s) => (IQueryable<TRecord>)systems.Where(r => r.Status == s),
        IQueryable<WebsiteRecord> websites when WireNames.TryParse<WebsiteStatus>(status, out var s) => (IQueryable<TRecord>)websites.Where(r => r.Status == s),
        IQueryable<IncidentRecord> incidents when WireNames.TryParse<IncidentPhase>(status, out var s) => (IQueryable<TRecord>)incidents.Where(r => r.Phase == s),
        IQueryable<VmRecord> vms when WireNames.TryParse<VmStatus>(status, out var s) => (IQueryable<TRecord>)vms.Where(r => r.Status == s),
        IQueryable<HostedServerRecord> servers when WireNames.TryParse<HostedServerStatus>(status, out var s) => (IQueryable<TRecord>)servers.Where(r => r.Status == s),
        IQueryable<RectificationNoticeRecord> notices when WireNames.TryParse<RectificationNoticeStatus>(status, out var s) => (IQueryable<TRecord>)notices.Where(r => r.Status == s),
        _ => null,
    };

    /// <summary>A row the caller may see, or null (a row of another unit is recorded as a denied access).</summary>
    internal static async Task<TRecord?> FindVisibleAsync<TRecord>(string ledger, Guid id, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
        where TRecord : class, IUnitLedgerRecord
    {
        var record = await Find<TRecord>(db).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is not null && !Caller.From(context.User).MaySeeUnit(record.UnitCode))
        {
            await Denials.RecordAsync(context, ledger, id);
            return null;
        }

        return record;
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync<TRecord>(string ledger, Guid id, HttpContext context, LedgerDbContext db, CancellationToken cancellationToken)
        where TRecord : class, IUnitLedgerRecord
    {
        var record = await Find<TRecord>(db).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        var caller = Caller.From(context.User);
        if (record is null || !caller.MaySeeUnit(record.UnitCode))
        {
            if (record is not null)
            {
                await Denials.RecordAsync(context, ledger, id);
            }

            return Problems.NotFound($"The {ledger} ledger has no row {id}.");
        }

        return TypedResults.Ok(await WithLinksAsync(ledger, record, db, cancellationToken));
    }

    private static async Task<Created<JsonObject>> CreateAsync<TRecord>(string path, string ledger, JsonObject body, LedgerDbContext db, LedgerEditor editor, TimeProvider time, CancellationToken cancellationToken)
        where TRecord : class, IUnitLedgerRecord, new()
    {
        var now = time.GetUtcNow();
        var record = LedgerEditor.New<TRecord>(now);
        await editor.ApplyAsync(record, body, now, created: true, cancellationToken);
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{path}/{record.Id}", await WithLinksAsync(ledger, record, db, cancellationToken));
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> PatchAsync<TRecord>(string ledger, Guid id, JsonObject body, LedgerDbContext db, LedgerEditor editor, TimeProvider time, CancellationToken cancellationToken)
        where TRecord : class, IUnitLedgerRecord
    {
        var record = await Find<TRecord>(db).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound($"The {ledger} ledger has no row {id}.");
        }

        if (body.Remove("revision", out var revision))
        {
            if (revision is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.Number || !value.TryGetValue<int>(out var expected))
            {
                return Problems.Field("revision", "须为整数：读到的行的 revision (must be the whole number 'revision' of the row as read).");
            }

            if (expected != record.Revision)
            {
                return Problems.Conflict($"The row is at revision {record.Revision}, not {expected}: somebody changed it meanwhile; read it again.");
            }
        }

        await editor.ApplyAsync(record, body, time.GetUtcNow(), created: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await WithLinksAsync(ledger, record, db, cancellationToken));
    }

    private static IQueryable<TRecord> Find<TRecord>(LedgerDbContext db)
        where TRecord : class
    {
        IQueryable<TRecord> query = db.Set<TRecord>();
        if (typeof(TRecord) == typeof(IncidentRecord))
        {
            query = (IQueryable<TRecord>)db.Incidents.Include(i => i.Accountability);
        }
        else if (typeof(TRecord) == typeof(VmRecord))
        {
            query = (IQueryable<TRecord>)db.Vms.Include(v => v.Registrations.OrderBy(r => r.At));
        }

        return query;
    }

    private static IQueryable<TRecord> Visible<TRecord>(IQueryable<TRecord> query, Caller caller)
        where TRecord : IUnitLedgerRecord
    {
        if (caller.OverseesInstances)
        {
            return query;
        }

        var unit = caller.OwnUnit;
        return query.Where(r => unit != null && r.UnitCode == unit);
    }


    private static async Task<JsonObject> WithLinksAsync<TRecord>(string ledger, TRecord record, LedgerDbContext db, CancellationToken cancellationToken)
        where TRecord : IUnitLedgerRecord
    {
        var links = await db.Links.AsNoTracking().Where(l => l.Ledger == ledger && l.RecordId == record.Id).OrderBy(l => l.Id).ToListAsync(cancellationToken);
        return WithLinks(LedgerFields.ToJson(record), links);
    }

    /// <summary>The row with <c>instances</c>: the instances that touched it, oldest first.</summary>
    private static JsonObject WithLinks(JsonObject json, IEnumerable<LedgerLinkRecord> links)
    {
        json["instances"] = new JsonArray([.. links.Select(l => (JsonNode)new JsonObject
        {
            ["instanceId"] = l.InstanceId,
            ["definitionKey"] = l.DefinitionKey,
            ["elementId"] = l.ElementId,
            ["at"] = l.At,
        })]);
        return json;
    }
}
