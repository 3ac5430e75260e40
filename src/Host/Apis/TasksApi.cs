using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Forms;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>The task list and task completion.</summary>
public static class TasksApi
{
    /// <summary>Maps <c>/api/tasks</c>.</summary>
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tasks").WithTags("Tasks");
        group.MapGet("/", QueryAsync).WithSummary("The caller's tasks by candidate group, assignee, instance and status (open|completed|cancelled); paged with skip and take, the total in X-Total-Count.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One task with its case: the start and every earlier completed task of its instance (fields with labels and display values), newest first, and the values its form starts with.");
        group.MapPost("/{id:guid}/complete", CompleteAsync).WithSummary("Complete an open task with variables; a task that is not open is a 409.");
        return routes;
    }

    /// <summary>The body of a completion.</summary>
    public sealed record CompleteTaskBody(JsonObject? Variables);

    private static async Task<Results<Ok<IReadOnlyList<TaskView>>, ValidationProblem>> QueryAsync(
        string? candidateGroup, string? assignee, Guid? instanceId, string? status, int? skip, int? take, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (status is not (null or UserTaskStatus.Open or UserTaskStatus.Completed or UserTaskStatus.Cancelled))
        {
            return Problems.Field("status", "status must be open, completed or cancelled.");
        }

        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        // Everybody sees only the tasks that are theirs: assigned to them, or naming them or one of their groups.
        var query = new TaskQuery(candidateGroup, assignee, instanceId, status, Paging.Take(take)) { VisibleTo = Caller.From(context.User).Audience, Skip = skip ?? 0 };
        Paging.SetTotal(context, await engine.CountTasksAsync(query, cancellationToken));
        return TypedResults.Ok(await engine.QueryTasksAsync(query, cancellationToken));
    }

    private static async Task<Results<Ok<TaskDetail>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, IWorkflowEngine engine, TaskCase taskCase, CancellationToken cancellationToken) =>
        await FindVisibleAsync(id, context, engine, cancellationToken) is { } task
            ? TypedResults.Ok(await taskCase.BuildAsync(task, cancellationToken))
            : Problems.NotFound($"Task {id} does not exist.");

    private static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        Guid id, CompleteTaskBody? body, HttpContext context, IWorkflowEngine engine, SubmissionCheck check, SignOffGuard signOff, CancellationToken cancellationToken)
    {
        var task = await FindVisibleAsync(id, context, engine, cancellationToken);
        if (task is null)
        {
            return Problems.NotFound($"Task {id} does not exist.");
        }

        // A head never signs off a submission they made themselves in the same procedure (recorded).
        if (task.Status == UserTaskStatus.Open && await signOff.RefusalAsync(task, Caller.From(context.User), cancellationToken) is { } refusal)
        {
            return Problems.Forbidden("不能审核本人提交的材料 (you may not sign off your own submission)", refusal);
        }

        // A task that is no longer open is a 409 from the engine, whatever the submission holds.
        if (task.Status == UserTaskStatus.Open && await check.ValidateTaskAsync(task, body?.Variables, Caller.From(context.User), cancellationToken) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await engine.CompleteTaskAsync(id, body?.Variables, context.Actor(), cancellationToken));
    }

    /// <summary>The task, if the caller may see it; a task of somebody else answers like a missing one, and is recorded.</summary>
    private static async Task<TaskView?> FindVisibleAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        var task = await engine.GetTaskAsync(id, cancellationToken);
        if (task is null)
        {
            return null;
        }

        if (Caller.From(context.User).Audience.CanSee(task))
        {
            return task;
        }

        await Denials.RecordAsync(context, "task", id);
        return null;
    }
}
