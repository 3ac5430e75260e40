using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
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
        group.MapGet("/", QueryAsync).WithSummary("Tasks by candidate group, assignee, instance and status (open|completed|cancelled); view=mine|group|done lists the inbox tabs, filtered by definitionKey, unit and due (overdue|today|week).");
        group.MapGet("/counts", CountsAsync).WithSummary("How many open tasks the caller has (mine) and how many of their groups' tasks nobody has claimed (group).");
        group.MapPost("/{id:guid}/claim", ClaimAsync).WithSummary("Take a group task: it becomes the caller's alone.");
        group.MapPost("/{id:guid}/unclaim", UnclaimAsync).WithSummary("Give a claimed task back to its candidates.");
        group.MapPost("/{id:guid}/assign", AssignAsync).WithSummary("Name the person who is to do a task (the center and administrators).")
            .RequireAuthorization(p => p.RequireRole(Roles.Center, Roles.Admin));
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One task.");
        group.MapPost("/{id:guid}/complete", CompleteAsync).WithSummary("Complete an open task with variables; a task that is not open is a 409.");
        return routes;
    }

    /// <summary>The body of a completion.</summary>
    public sealed record CompleteTaskBody(JsonObject? Variables);

    /// <summary>The body of an assignment: the user name of the person to do the task (empty: nobody in particular).</summary>
    public sealed record AssignBody(string? Assignee);

    /// <summary>The inbox counts for the menu.</summary>
    public sealed record TaskCounts(int Mine, int Group);

    private static async Task<Results<Ok<IReadOnlyList<TaskView>>, ValidationProblem>> QueryAsync(
        string? candidateGroup, string? assignee, Guid? instanceId, string? status, string? view, string? definitionKey, string? unit, string? due,
        HttpContext context, IWorkflowEngine engine, TimeProvider time, CancellationToken cancellationToken)
    {
        if (status is not (null or UserTaskStatus.Open or UserTaskStatus.Completed or UserTaskStatus.Cancelled))
        {
            return Problems.Field("status", "状态须为 open、completed 或 cancelled (status must be open, completed or cancelled).");
        }

        if (view is not (null or "mine" or "group" or "done"))
        {
            return Problems.Field("view", "视图须为 mine、group 或 done (view must be mine, group or done).");
        }

        if (due is not (null or "" or "overdue" or "today" or "week"))
        {
            return Problems.Field("due", "截止须为 overdue、today 或 week (due must be overdue, today or week).");
        }

        // Everybody sees only the tasks that are theirs: assigned to them, or naming them or one of their groups; done
        // lists what they completed themselves.
        var caller = Caller.From(context.User);
        var query = view == "done"
            ? new TaskQuery(candidateGroup, assignee, instanceId, UserTaskStatus.Completed) { CompletedBy = caller.UserName, DefinitionKey = definitionKey, Limit = 200 }
            : new TaskQuery(candidateGroup, assignee, instanceId, view is null ? status : UserTaskStatus.Open) { VisibleTo = caller.Audience, DefinitionKey = definitionKey };
        IEnumerable<TaskView> tasks = await engine.QueryTasksAsync(query, cancellationToken);
        tasks = view switch
        {
            "mine" => tasks.Where(t => t.Assignee is null || t.Assignee == caller.UserName),
            "group" => tasks.Where(t => t.CandidateGroups.Any(caller.Groups.Contains) || t.CandidateUsers.Contains(caller.UserName)),
            _ => tasks,
        };
        if (!string.IsNullOrWhiteSpace(unit))
        {
            tasks = tasks.Where(t => t.UnitCode == unit);
        }

        if (!string.IsNullOrEmpty(due))
        {
            var now = time.GetUtcNow();
            var limit = due switch { "overdue" => now, "today" => EndOfBeijingDay(now), _ => EndOfBeijingDay(now).AddDays(6) };
            tasks = tasks.Where(t => t.DueAt is { } at && at <= limit);
        }

        return TypedResults.Ok<IReadOnlyList<TaskView>>([.. tasks]);
    }

    /// <summary>The end of the day (Beijing time, UTC+8 all year) an instant falls in.</summary>
    private static DateTimeOffset EndOfBeijingDay(DateTimeOffset now)
    {
        var local = now.ToOffset(TimeSpan.FromHours(8));
        return new DateTimeOffset(local.Date.AddDays(1), local.Offset);
    }

    private static async Task<Ok<TaskCounts>> CountsAsync(HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var open = await engine.QueryTasksAsync(new TaskQuery(Status: UserTaskStatus.Open) { VisibleTo = caller.Audience }, cancellationToken);
        return TypedResults.Ok(new TaskCounts(
            open.Count(t => t.Assignee is null || t.Assignee == caller.UserName),
            open.Count(t => t.Assignee is null && (t.CandidateGroups.Any(caller.Groups.Contains) || t.CandidateUsers.Contains(caller.UserName)))));
    }

    private static async Task<Results<Ok<TaskView>, ProblemHttpResult>> ClaimAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(id, context, engine, cancellationToken) is null)
        {
            return Problems.NotFound($"Task {id} does not exist.");
        }

        return TypedResults.Ok(await engine.SetTaskAssigneeAsync(id, TaskAssignment.Claim, context.Actor(), context.Actor(), cancellationToken));
    }

    private static async Task<Results<Ok<TaskView>, ProblemHttpResult>> UnclaimAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        var task = await FindVisibleAsync(id, context, engine, cancellationToken);
        if (task is null)
        {
            return Problems.NotFound($"Task {id} does not exist.");
        }

        var caller = Caller.From(context.User);
        if (task.Assignee != caller.UserName && !caller.Roles.Contains(Roles.Center))
        {
            return Problems.Conflict($"只有认领人可以退回该任务 (only the person holding task {id} may give it back).");
        }

        if (task.CandidateGroups.Count + task.CandidateUsers.Count == 0)
        {
            return Problems.Conflict($"该任务没有候选人，无法退回 (task {id} has no candidates to give it back to).");
        }

        return TypedResults.Ok(await engine.SetTaskAssigneeAsync(id, TaskAssignment.Unclaim, null, context.Actor(), cancellationToken));
    }

    private static async Task<Results<Ok<TaskView>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        Guid id, AssignBody body, HttpContext context, IWorkflowEngine engine, UserManager<AccountUser> users, CancellationToken cancellationToken)
    {
        if (await engine.GetTaskAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound($"Task {id} does not exist.");
        }

        var assignee = string.IsNullOrWhiteSpace(body.Assignee) ? null : body.Assignee.Trim();
        if (assignee is not null && await users.FindByNameAsync(assignee) is null)
        {
            return Problems.Field("assignee", $"没有此用户 (no user is named '{assignee}').");
        }

        return TypedResults.Ok(await engine.SetTaskAssigneeAsync(id, TaskAssignment.Assign, assignee, context.Actor(), cancellationToken));
    }

    private static async Task<Results<Ok<TaskView>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, IWorkflowEngine engine, CancellationToken cancellationToken) =>
        await FindVisibleAsync(id, context, engine, cancellationToken) is { } task
            ? TypedResults.Ok(task)
            : Problems.NotFound($"Task {id} does not exist.");

    private static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> CompleteAsync(Guid id, CompleteTaskBody? body, HttpContext context, IWorkflowEngine engine, SubmissionCheck check, CancellationToken cancellationToken)
    {
        var task = await FindVisibleAsync(id, context, engine, cancellationToken);
        if (task is null)
        {
            return Problems.NotFound($"Task {id} does not exist.");
        }

        // A task somebody has claimed is theirs to complete.
        if (task.Status == UserTaskStatus.Open && task.Assignee is { } holder && holder != context.Actor())
        {
            return Problems.Conflict($"该任务已由 {holder} 认领 (task {id} is claimed by {holder}).");
        }

        // A task that is no longer open is a 409 from the engine, whatever the submission holds.
        if (task.Status == UserTaskStatus.Open && await check.ValidateAsync(task.FormRef, body?.Variables, Caller.From(context.User), cancellationToken) is { } invalid)
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
