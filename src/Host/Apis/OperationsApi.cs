using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Forms;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Messaging;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The operations console's reads and bulk actions: instance search with paging, one instance with everything that
/// hangs on it (tasks of every person, timers, e-mails, incidents), and the open incidents with retry of one or many.
/// The center and administrators read; repairs (variables, cancel, retry) stay with administrators, as on
/// <c>/api/instances</c>.
/// </summary>
public static class OperationsApi
{
    /// <summary>Maps <c>/api/operations</c>.</summary>
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/operations").WithTags("Operations").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Center));
        group.MapGet("/instances", SearchAsync).WithSummary("Instances by procedure, version, status, unit, business key, title text and start date (yyyy-MM-dd, Beijing), paged with skip and take, the total in X-Total-Count.");
        group.MapGet("/instances/{id:guid}", DetailAsync).WithSummary("One instance with its tasks, armed timers, e-mails and variables (each with its form label and display value).");
        group.MapGet("/incidents", IncidentsAsync).WithSummary("Every open incident with its instance.");
        group.MapPost("/incidents/retry", RetryAsync).WithSummary("Retry one or many incidents (administrators); answers each one's outcome.")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin));
        return routes;
    }

    /// <summary>An instance with what hangs on it; <c>Variables</c> are its variables labelled and displayed as its forms show them.</summary>
    public sealed record InstanceDetail(InstanceView Instance, IReadOnlyList<TaskView> Tasks, IReadOnlyList<TimerView> Timers, IReadOnlyList<OutboxMessageView> Messages, IReadOnlyList<VariableView> Variables);

    /// <summary>Incidents to retry.</summary>
    public sealed record RetryBody(IReadOnlyList<RetryItem>? Incidents);

    /// <summary>One incident to retry.</summary>
    public sealed record RetryItem(Guid InstanceId, Guid IncidentId);

    /// <summary>What one retry came to: the instance's status afterwards, or why it failed.</summary>
    public sealed record RetryOutcome(Guid IncidentId, bool Retried, string? Status, string? Error);

    private static async Task<Results<Ok<IReadOnlyList<InstanceView>>, ValidationProblem>> SearchAsync(
        string? definitionKey, int? version, string? status, string? unit, string? businessKey, string? title, string? startedFrom, string? startedTo,
        int? skip, int? take, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (status is not (null or "" or InstanceStatus.Active or InstanceStatus.Incident or InstanceStatus.Completed or InstanceStatus.Cancelled or InstanceStatus.Terminated))
        {
            return Problems.Field("status", "状态须为 active、incident、completed、cancelled 或 terminated (unknown status).");
        }

        if (!TryDay(startedFrom, out var from))
        {
            return Problems.Field("startedFrom", "须为日期 yyyy-MM-dd (must be a date).");
        }

        if (!TryDay(startedTo, out var to))
        {
            return Problems.Field("startedTo", "须为日期 yyyy-MM-dd (must be a date).");
        }

        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        var query = new InstanceQuery(Blank(definitionKey), Blank(status), Blank(businessKey), Paging.Take(take))
        {
            Skip = skip ?? 0,
            Version = version,
            UnitCode = Blank(unit),
            TitleContains = Blank(title),
            StartedFrom = from,
            StartedBefore = to?.AddDays(1),
        };
        var page = await engine.QueryInstancesAsync(query, cancellationToken);
        await Paging.SetTotalAsync(context, query.Skip, query.Limit, page.Count, () => engine.CountInstancesAsync(query, cancellationToken));
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<InstanceDetail>, ProblemHttpResult>> DetailAsync(
        Guid id, HttpContext context, IWorkflowEngine engine, IOutbox outbox, InstanceVariables variables, CancellationToken cancellationToken)
    {
        var instance = await engine.GetInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return Problems.NotFound($"Instance {id} does not exist.");
        }

        var tasks = await engine.QueryTasksAsync(new TaskQuery(InstanceId: id), cancellationToken);
        var timers = await engine.QueryTimersAsync(id, cancellationToken);
        var messages = await outbox.QueryAsync(new OutboxQuery(InstanceId: id), cancellationToken);
        return TypedResults.Ok(new InstanceDetail(instance, tasks, timers, messages, await variables.ListAsync(instance, Caller.From(context.User), cancellationToken)));
    }

    private static async Task<Ok<IReadOnlyList<IncidentListItem>>> IncidentsAsync(IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.QueryIncidentsAsync("open", cancellationToken));

    private static async Task<Results<Ok<List<RetryOutcome>>, ValidationProblem>> RetryAsync(RetryBody body, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (body.Incidents is not { Count: > 0 } items)
        {
            return Problems.Field("incidents", "请选择要重试的故障 (name at least one incident).");
        }

        var outcomes = new List<RetryOutcome>();
        foreach (var item in items)
        {
            try
            {
                var instance = await engine.RetryIncidentAsync(item.InstanceId, item.IncidentId, context.Actor(), cancellationToken);
                outcomes.Add(new RetryOutcome(item.IncidentId, true, instance.Status, null));
            }
            catch (WorkflowException ex)
            {
                // Each incident is its own step: one that cannot be retried is reported and the others still run.
                outcomes.Add(new RetryOutcome(item.IncidentId, false, null, ex.Message));
            }
        }

        return TypedResults.Ok(outcomes);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A day (yyyy-MM-dd) as the instant its Beijing day starts; true for no day too.</summary>
    private static bool TryDay(string? text, out DateTimeOffset? start)
    {
        start = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return false;
        }

        start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        return true;
    }
}
