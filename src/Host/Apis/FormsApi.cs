using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Host.Forms;

namespace Zzut.Workflows.Host.Apis;

/// <summary>The form-js schemas tasks and starts are filled in and validated with.</summary>
public static class FormsApi
{
    /// <summary>Maps <c>/api/forms</c>.</summary>
    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/forms").WithTags("Forms");
        group.MapGet("/", (FormStore forms) => TypedResults.Ok(forms.Ids.Order(StringComparer.Ordinal).ToList())).WithSummary("Every form id.");
        group.MapGet("/{id}", Get).WithSummary("One form-js (Camunda Forms) schema, as camunda:formRef names it.");
        return routes;
    }

    private static Results<Ok<JsonObject>, ProblemHttpResult> Get(string id, FormStore forms) =>
        forms.Find(id) is { } form ? TypedResults.Ok(form) : Problems.NotFound($"No form has the id '{id}'.");
}
