using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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
        group.MapGet("/", QueryAsync).WithSummary("Tasks by candidate group, assignee, instance and status (open|completed|cancelled).");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One task.");
        group.MapPost("/{id:guid}/complete", CompleteAsync).WithSummary("Complete an open task with variables; a task that is not open is a 409.");
        return routes;
    }

    /// <summary>The body of a completion.</summary>
    public sealed record CompleteTaskBody(JsonObject? Variables);

    private static async Task<Results<Ok<IReadOnlyList<TaskView>>, ValidationProblem>> QueryAsync(
        string? candidateGroup, string? assignee, Guid? instanceId, string? status, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (status is not (null or UserTaskStatus.Open or UserTaskStatus.Completed or UserTaskStatus.Cancelled))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["status must be open, completed or cancelled."] });
        }

        return TypedResults.Ok(await engine.QueryTasksAsync(new TaskQuery(candidateGroup, assignee, instanceId, status), cancellationToken));
    }

    private static async Task<Results<Ok<TaskView>, NotFound<ProblemDetails>>> GetAsync(Guid id, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        await engine.GetTaskAsync(id, cancellationToken) is { } task
            ? TypedResults.Ok(task)
            : TypedResults.NotFound(Problems.NotFound($"Task {id} does not exist."));

    private static async Task<Ok<InstanceView>> CompleteAsync(Guid id, CompleteTaskBody? body, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(await engine.CompleteTaskAsync(id, body?.Variables, context.Actor(), cancellationToken));
}
