using Microsoft.AspNetCore.Http.HttpResults;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// How every list pages: <c>skip</c> (rows to leave out, default 0) and <c>take</c> (rows to return, default
/// <see cref="DefaultTake"/>, at most <see cref="MaxTake"/>); the answer is a JSON array of the page, and the
/// <c>X-Total-Count</c> header holds how many rows match in all. Filters and visibility apply in the database before
/// paging, so a page never leaves out a caller's own rows for others'.
/// </summary>
internal static class Paging
{
    /// <summary>The header with the number of matching rows.</summary>
    public const string TotalCountHeader = "X-Total-Count";

    /// <summary>Rows a page holds when <c>take</c> is not given.</summary>
    public const int DefaultTake = 500;

    /// <summary>The most rows one page holds.</summary>
    public const int MaxTake = 1000;

    /// <summary>A 400 naming the bad parameter, or null.</summary>
    public static ValidationProblem? Check(int? skip, int? take)
    {
        var errors = new Dictionary<string, string[]>();
        if (skip is < 0)
        {
            errors["skip"] = ["不能为负数 (skip must not be negative)."];
        }

        if (take is < 1 or > MaxTake)
        {
            errors["take"] = [$"须为 1–{MaxTake} (take must be 1 to {MaxTake})."];
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }

    /// <summary>The page size asked for, or the default.</summary>
    public static int Take(int? take) => take ?? DefaultTake;

    /// <summary>Sets the total count header.</summary>
    public static void SetTotal(HttpContext context, int total) =>
        context.Response.Headers[TotalCountHeader] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Sets the total count header for a page already read: a page holding fewer rows than it could is the last one,
    /// so the total is the rows skipped plus the rows found, and the database counts only behind a full page or an
    /// empty one past the first (most lists, an inbox or one instance's tasks, fit in their first page: one query
    /// each instead of two).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="skip">The rows skipped.</param>
    /// <param name="take">The most rows the page could hold: the limit the query applied (the engine's and the outbox's own caps, 5,000, are above <see cref="MaxTake"/>).</param>
    /// <param name="found">The rows it holds.</param>
    /// <param name="count">Counts every matching row in the database.</param>
    public static async Task SetTotalAsync(HttpContext context, int skip, int take, int found, Func<Task<int>> count) =>
        SetTotal(context, found < take && (found > 0 || skip == 0) ? skip + found : await count());
}
