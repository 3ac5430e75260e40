using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>Deploying and reading process definitions.</summary>
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
        return routes;
    }

    /// <summary>A definition the caller may start.</summary>
    public sealed record StartableDefinition(string Key, string? Name, int Version, string? FormRef);

    /// <summary>A deployment as the API shows it.</summary>
    public sealed record DeploymentResponse(Guid Id, string Key, int Version, string? Name, string Hash, DateTimeOffset DeployedAt);

    private static async Task<Results<Created<DeploymentResponse>, Ok<DeploymentResponse>>> DeployAsync(HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        // The bytes are decoded in the encoding the document declares; bytes not valid in it are a 400 (never repaired).
        using var received = new MemoryStream();
        await context.Request.Body.CopyToAsync(received, cancellationToken);
        var charset = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType) ? mediaType.Charset.Value : null;
        var xml = XmlDocumentDecoder.Decode(received.GetBuffer().AsSpan(0, (int)received.Length), charset);
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
