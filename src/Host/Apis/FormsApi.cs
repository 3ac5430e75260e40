using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Forms;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>The form-js schemas tasks and starts are filled in and validated with, versioned like definitions.</summary>
public static class FormsApi
{
    /// <summary>Maps <c>/api/forms</c>.</summary>
    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/forms").WithTags("Forms");
        group.MapGet("/", (FormStore forms) => TypedResults.Ok(forms.Ids.Order(StringComparer.Ordinal).Select(id => new FormSummary(id, forms.VersionOf(id) ?? 0)).ToList()))
            .WithSummary("Every form id with its latest version.");
        group.MapGet("/{id}", GetAsync).WithSummary("A form-js (Camunda Forms) schema, as camunda:formRef names it: the latest version, or ?version=N.");
        group.MapGet("/{id}/versions", VersionsAsync).WithSummary("Every version of a form: who deployed it and when.");
        group.MapPut("/{id}", PutAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Deploy a form (administrators): a new version when the content changed; an unusable schema is a 400 listing its problems.");
        routes.MapGet("/api/field-formats", () => TypedResults.Ok(FieldFormats.All.Values.ToList())).WithTags("Forms")
            .WithSummary("The field formats (phone, mobile, landline, ipv4, ipv6, ip): the pattern the browser checks and its message; the server checks the same.");
        return routes;
    }

    /// <summary>A form in the list.</summary>
    public sealed record FormSummary(string Id, int LatestVersion);

    /// <summary>A version of a form.</summary>
    public sealed record FormVersionView(string Id, int Version, string Hash, DateTimeOffset DeployedAt, string? DeployedBy);

    /// <summary>The answer of a deployment.</summary>
    public sealed record FormDeployment(string Id, int Version, bool Created);

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(string id, int? version, FormStore forms, CancellationToken cancellationToken)
    {
        if (version is null)
        {
            return forms.Find(id) is { } form ? TypedResults.Ok(form) : Problems.NotFound($"No form has the id '{id}'.");
        }

        var match = (await forms.VersionsAsync(id, cancellationToken)).FirstOrDefault(v => v.Version == version);
        return match is null ? Problems.NotFound($"Form '{id}' has no version {version}.") : TypedResults.Ok(JsonNode.Parse(match.Json)!.AsObject());
    }

    private static async Task<Results<Ok<List<FormVersionView>>, ProblemHttpResult>> VersionsAsync(string id, FormStore forms, CancellationToken cancellationToken)
    {
        var versions = await forms.VersionsAsync(id, cancellationToken);
        return versions.Count == 0
            ? Problems.NotFound($"No form has the id '{id}'.")
            : TypedResults.Ok(versions.Select(v => new FormVersionView(v.FormId, v.Version, v.Hash, v.DeployedAt, v.DeployedBy)).ToList());
    }

    private static async Task<Results<Created<FormDeployment>, Ok<FormDeployment>, ValidationProblem>> PutAsync(
        string id, JsonObject form, HttpContext context, FormStore forms, IWorkflowEngine engine, ComputedVariables computed, CancellationToken cancellationToken)
    {
        if (form["id"]?.ToString() != id)
        {
            return Problems.Field("id", $"The form's id must be '{id}', the id in the path.");
        }

        try
        {
            // A deployed definition naming this form may not compute one of its fields.
            var schema = FormSchema.Read(form);
            var conflicts = new List<string>();
            foreach (var definition in await engine.ListDefinitionsAsync(cancellationToken))
            {
                foreach (var deployed in await engine.ListVersionsAsync(definition.Key, cancellationToken))
                {
                    var model = await engine.GetModelAsync(definition.Key, deployed.Version, cancellationToken);
                    conflicts.AddRange(computed.CheckForms(model!, formRef => formRef == id ? schema : null)
                        .Select(e => $"{definition.Key} v{deployed.Version}, {e.ElementId} (line {e.Line}): {e.Message}"));
                }
            }

            if (conflicts.Count > 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["components"] = [.. conflicts.Distinct(StringComparer.Ordinal)] }, detail: string.Join(" ", conflicts), title: "The form is invalid");
            }

            var (version, created) = await forms.DeployAsync(form, context.Actor(), cancellationToken);
            var deployment = new FormDeployment(id, version, created);
            return created ? TypedResults.Created($"/api/forms/{id}?version={version}", deployment) : TypedResults.Ok(deployment);
        }
        catch (FormInvalidException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["components"] = [.. ex.Problems] }, detail: ex.Message, title: "The form is invalid");
        }
    }
}
