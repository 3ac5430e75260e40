using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Forms;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>The form-js schemas tasks and starts are filled in and validated with, versioned like definitions.</summary>
public static partial class FormsApi
{
    /// <summary>Maps <c>/api/forms</c>.</summary>
    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/forms").WithTags("Forms");
        group.MapGet("/", async (FormStore forms, CancellationToken cancellationToken) => TypedResults.Ok((await forms.LatestAsync(cancellationToken))
                .Select(v => new FormSummary(v.FormId, v.Version, v.DeployedAt, v.DeployedBy)).ToList()))
            .WithSummary("Every form id with its latest version, when and by whom it was deployed.");
        group.MapGet("/{id}", GetAsync).WithSummary("A form-js (Camunda Forms) schema, as camunda:formRef names it: the latest version, or ?version=N.");
        group.MapGet("/{id}/versions", VersionsAsync).WithSummary("Every version of a form: who deployed it and when.");
        group.MapPut("/{id}", PutAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Deploy a form (administrators): a new version when the content changed; an unusable schema is a 400 listing its problems (byComponent: each with its component key).");
        routes.MapGet("/api/field-formats", () => TypedResults.Ok(FieldFormats.All.Values.ToList())).WithTags("Forms")
            .WithSummary("The field formats (phone, mobile, landline, ipv4, ipv6, ip): the pattern the browser checks and its message; the server checks the same.");
        group.MapPost("/check", CheckAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Check a form that is not deployed (administrators): whether the server can use it, and sample data against it as a submission would be checked.");
        group.MapGet("/{id}/usage", async (string id, DefinitionCatalog catalog, CancellationToken cancellationToken) => TypedResults.Ok(await catalog.FindFormUsageAsync(id, cancellationToken)))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Which definition versions (start events, user tasks) name the form, and how many open tasks show it (administrators).");
        return routes;
    }

    /// <summary>A form to check, with sample data as the editor's preview holds it.</summary>
    public sealed record CheckBody(JsonObject? Form, JsonObject? Data);

    /// <summary>A problem of a form, with the component it concerns (null: the form as a whole).</summary>
    public sealed record ComponentProblem(string? Key, string Message);

    /// <summary>What a check found: the form's problems (it cannot be deployed) and the sample data's field errors.</summary>
    public sealed record CheckResult(bool Valid, IReadOnlyList<ComponentProblem> Problems, IReadOnlyDictionary<string, string[]> Errors);

    private static async Task<Results<Ok<CheckResult>, ValidationProblem>> CheckAsync(CheckBody body, FormValidator validator, HttpContext context, CancellationToken cancellationToken)
    {
        if (body.Form is null)
        {
            return Problems.Field("form", "必填 (required): the form-js schema to check.");
        }

        try
        {
            FormStore.Check(body.Form);
        }
        catch (FormInvalidException ex)
        {
            return TypedResults.Ok(new CheckResult(false, ByComponent(ex.Problems), new Dictionary<string, string[]>()));
        }

        var errors = body.Data is null ? [] : await validator.ValidateAsync(body.Form, body.Data, Caller.From(context.User), cancellationToken);
        return TypedResults.Ok(new CheckResult(true, [], errors));
    }

    /// <summary>The problems with the component each names (<c>component 'key'</c> in the message).</summary>
    private static List<ComponentProblem> ByComponent(IEnumerable<string> problems) =>
        [.. problems.Select(p => new ComponentProblem(ComponentKey().Match(p) is { Success: true } m ? m.Groups[1].Value : null, p))];

    [GeneratedRegex("component(?: key)? '([^']*)'")]
    private static partial Regex ComponentKey();

    /// <summary>A form in the list.</summary>
    public sealed record FormSummary(string Id, int LatestVersion, DateTimeOffset DeployedAt, string? DeployedBy);

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
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["components"] = [.. ex.Problems] },
                detail: ex.Message,
                title: "表单无法使用 (the form is invalid)",
                extensions: new Dictionary<string, object?> { ["byComponent"] = ByComponent(ex.Problems) });
        }
    }
}
