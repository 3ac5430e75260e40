using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Forms;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The names of the ledger rows and instances that ids stand for, for the pages that show submitted values and variables
/// (<see cref="ReferenceNames"/>): each by its name and page for whoever may see it, by a neutral label otherwise.
/// </summary>
public static class ReferencesApi
{
    /// <summary>The most ids one request names.</summary>
    public const int MaxIds = 200;

    /// <summary>Maps <c>/api/references</c>.</summary>
    public static IEndpointRouteBuilder MapReferencesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/references", NameAsync).WithTags("Ledgers")
            .WithSummary($"Names the ledger rows and instances of ?ids= (comma-separated, at most {MaxIds}): {{id: {{kind, display, href}}}}; ids that name nothing are left out.");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyDictionary<Guid, ReferenceName>>, ValidationProblem>> NameAsync(
        string? ids, HttpContext context, ReferenceNames names, CancellationToken cancellationToken)
    {
        var parts = (ids ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is 0 or > MaxIds)
        {
            return Problems.Field("ids", $"须为 1–{MaxIds} 个以逗号分隔的编号 (name 1 to {MaxIds} ids, separated by commas).");
        }

        var wanted = new List<Guid>();
        foreach (var part in parts)
        {
            if (!Guid.TryParse(part, out var id))
            {
                return Problems.Field("ids", $"「{part}」不是编号 (not an id).");
            }

            wanted.Add(id);
        }

        return TypedResults.Ok(await names.NameAsync(wanted, Caller.From(context.User), cancellationToken));
    }
}
