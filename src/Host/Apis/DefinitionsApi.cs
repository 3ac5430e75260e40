using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Designer;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>Deploying and reading process definitions; for administrators also checking, drafts and overviews (the designer).</summary>
public static class DefinitionsApi
{
    /// <summary>Maps <c>/api/definitions</c>.</summary>
    public static IEndpointRouteBuilder MapDefinitionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/definitions").WithTags("Definitions");
        group.MapPost("/", DeployAsync)
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .Accepts<string>("application/xml", "text/xml")
            .WithSummary("Deploy BPMN XML: a new version when the content changed, the existing version when it did not.");
        group.MapGet("/", ListAsync).WithSummary("Every definition key with its latest version.");
        group.MapGet("/startable", StartableAsync).WithSummary("The definitions the caller may start, with their start form.");
        group.MapGet("/{key}/versions", VersionsAsync).WithSummary("Every version of a definition.");
        group.MapGet("/{key}/versions/{version:int}/xml", XmlAsync).WithSummary("The XML of one version.");

        // The designer (administrators): check as you edit, drafts, overviews, the activities as element templates.
        var admin = group.MapGroup("/").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapPost("/validate", Validate).Accepts<string>("application/xml", "text/xml")
            .WithSummary("Check BPMN XML as deploying would (the engine's rules and the host's, e.g. forms), without deploying: {valid,key,name,errors:[{elementId,line,message}]}.");
        admin.MapGet("/overview", async (DefinitionCatalog catalog, CancellationToken cancellationToken) => TypedResults.Ok(await catalog.ListAsync(cancellationToken)))
            .WithSummary("Every deployed or drafted key: its versions with who deployed them when and the instances still running on each, and its draft.");
        admin.MapGet("/{key}/overview", OverviewAsync).WithSummary("One key's versions, running instances and draft.");
        admin.MapGet("/{key}/draft", DraftAsync).WithSummary("The draft of a key, with its XML.");
        admin.MapPut("/{key}/draft", SaveDraftAsync).Accepts<string>("application/xml", "text/xml")
            .WithSummary("Save the draft of a key without deploying (?revision= the revision loaded, none for a new draft; ?baseVersion= the version it started from); a draft changed meanwhile is a 409.");
        admin.MapDelete("/{key}/draft", DeleteDraftAsync).WithSummary("Discard the draft of a key.");
        admin.MapGet("/element-templates", () => TypedResults.Content(ActivityTemplates.ElementTemplates().ToJsonString(), "application/json", Encoding.UTF8))
            .WithSummary("The activities as Camunda 7 element templates (names, inputs and help in Chinese), for the designer and Camunda Modeler.");
        return routes;
    }

    /// <summary>The outcome of a check.</summary>
    /// <param name="Valid">Whether the document may be deployed.</param>
    /// <param name="Key">The process id, when it could be read.</param>
    /// <param name="Name">The process name.</param>
    /// <param name="Errors">Every problem, with the element and line.</param>
    public sealed record ValidationResult(bool Valid, string? Key, string? Name, IReadOnlyList<ValidationError> Errors);

    /// <summary>One problem, placed on its element.</summary>
    public sealed record ValidationError(string? ElementId, int Line, string Message);

    /// <summary>A draft as the designer reads it.</summary>
    public sealed record DraftResponse(string Key, int? BaseVersion, DateTimeOffset SavedAt, string? SavedBy, int Revision, string Xml);

    private static async Task<Ok<ValidationResult>> Validate(HttpContext context, BpmnCompiler compiler, IOptions<WorkflowEngineOptions> options, CancellationToken cancellationToken)
    {
        var xml = await ReadXmlAsync(context, cancellationToken);
        var result = compiler.Check(xml, options.Value.MaxDefinitionCharacters);
        return TypedResults.Ok(new ValidationResult(
            result.Errors.Count == 0,
            result.Model?.Id,
            result.Model?.Name,
            [.. result.Errors.Select(e => new ValidationError(e.ElementId, e.Line, e.Message))]));
    }

    private static async Task<Results<Ok<DefinitionOverview>, ProblemHttpResult>> OverviewAsync(string key, DefinitionCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetAsync(key, cancellationToken) is { } overview
            ? TypedResults.Ok(overview)
            : Problems.NotFound($"流程 '{key}' 未部署，也没有草稿 (no definition with key '{key}' is deployed or drafted).");

    private static async Task<Results<Ok<DraftResponse>, ProblemHttpResult>> DraftAsync(string key, DefinitionDrafts drafts, CancellationToken cancellationToken) =>
        await drafts.GetAsync(key, cancellationToken) is { } draft
            ? TypedResults.Ok(new DraftResponse(draft.Info.Key, draft.Info.BaseVersion, draft.Info.SavedAt, draft.Info.SavedBy, draft.Info.Revision, draft.Xml))
            : Problems.NotFound($"流程 '{key}' 没有草稿 (no draft of '{key}').");

    private static async Task<Results<Ok<DefinitionDraftInfo>, ValidationProblem>> SaveDraftAsync(
        string key, int? revision, int? baseVersion, HttpContext context, DefinitionDrafts drafts, IOptions<WorkflowEngineOptions> options, IOptions<BpmnReaderOptions> limits,
        CancellationToken cancellationToken)
    {
        var xml = await ReadXmlAsync(context, cancellationToken);
        var read = BpmnReader.Read(xml, options.Value.MaxDefinitionCharacters, limits.Value);
        if (read.Model is null)
        {
            return Problems.Field("xml", $"草稿须为含可执行流程的 BPMN 文档 (a draft must be a BPMN document with an executable process): {string.Join(" ", read.Errors.Select(e => e.Message))}");
        }

        if (read.Model.Id != key)
        {
            return Problems.Field("key", $"草稿的流程 id 是 '{read.Model.Id}'，与地址中的 '{key}' 不符 (the draft's process id must be the key in the path).");
        }

        return TypedResults.Ok(await drafts.SaveAsync(key, xml, baseVersion, revision, context.Actor(), cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDraftAsync(string key, DefinitionDrafts drafts, CancellationToken cancellationToken) =>
        await drafts.DeleteAsync(key, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"流程 '{key}' 没有草稿 (no draft of '{key}').");

    /// <summary>The request's BPMN document, decoded in the encoding it declares; bytes not valid in it are a 400 (never repaired).</summary>
    private static async Task<string> ReadXmlAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        await context.Request.Body.CopyToAsync(received, cancellationToken);
        var charset = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType) ? mediaType.Charset.Value : null;
        return XmlDocumentDecoder.Decode(received.GetBuffer().AsSpan(0, (int)received.Length), charset);
    }

    /// <summary>A definition the caller may start.</summary>
    public sealed record StartableDefinition(string Key, string? Name, int Version, string? FormRef);

    /// <summary>A deployment as the API shows it.</summary>
    public sealed record DeploymentResponse(Guid Id, string Key, int Version, string? Name, string Hash, DateTimeOffset DeployedAt);

    private static async Task<Results<Created<DeploymentResponse>, Ok<DeploymentResponse>>> DeployAsync(HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        var xml = await ReadXmlAsync(context, cancellationToken);
        var result = await engine.DeployAsync(xml, context.Actor(), cancellationToken);
        var body = new DeploymentResponse(result.Id, result.Key, result.Version, result.Name, result.Hash, result.DeployedAt);
        return result.Created
            ? TypedResults.Created($"/api/definitions/{Uri.EscapeDataString(result.Key)}/versions/{result.Version}/xml", body)
            : TypedResults.Ok(body);
    }

    private static async Task<Ok<IReadOnlyList<DefinitionSummary>>> ListAsync(IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.ListDefinitionsAsync(cancellationToken));

    private static async Task<Ok<List<StartableDefinition>>> StartableAsync(HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var startable = new List<StartableDefinition>();
        foreach (var definition in await engine.ListDefinitionsAsync(cancellationToken))
        {
            if (await engine.GetStartersAsync(definition.Key, null, cancellationToken) is { } starters && caller.MayStart(starters))
            {
                startable.Add(new StartableDefinition(definition.Key, definition.Name, starters.Version, starters.FormRef));
            }
        }

        return TypedResults.Ok(startable);
    }

    private static async Task<Results<Ok<IReadOnlyList<DefinitionVersionInfo>>, ProblemHttpResult>> VersionsAsync(string key, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        var versions = await engine.ListVersionsAsync(key, cancellationToken);
        return versions.Count == 0
            ? Problems.NotFound($"No definition with key '{key}' is deployed.")
            : TypedResults.Ok(versions);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> XmlAsync(string key, int version, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        var xml = await engine.GetDefinitionXmlAsync(key, version, cancellationToken);
        return xml is null
            ? Problems.NotFound($"Definition '{key}' has no version {version}.")
            : TypedResults.Content(xml, "application/xml", Encoding.UTF8);
    }
}
