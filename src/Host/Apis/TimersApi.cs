using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>Armed timers, and firing what is due (administrators).</summary>
public static class TimersApi
{
    /// <summary>Maps <c>/api/timers</c>.</summary>
    public static IEndpointRouteBuilder MapTimersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/timers").WithTags("Timers").RequireAuthorization(p => p.RequireRole(Accounts.Roles.Admin));
        group.MapGet("/", ListAsync).WithSummary("Armed timers, soonest first.");
        group.MapPost("/fire-due", FireDueAsync).WithSummary("Fire every armed timer that is due now.");
        return routes;
    }

    /// <summary>How many timers fired.</summary>
    public sealed record FireDueResponse(int Fired);

    private static async Task<Ok<IReadOnlyList<TimerView>>> ListAsync(Guid? instanceId, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.QueryTimersAsync(instanceId, cancellationToken));

    private static async Task<Ok<FireDueResponse>> FireDueAsync(IWorkflowEngine engine, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(new FireDueResponse(await engine.FireDueTimersAsync(time.GetUtcNow(), cancellationToken)));
}
