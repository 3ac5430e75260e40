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
        group.MapGet("/", QueryAsync).WithSummary("The caller's tasks by candidate group, assignee, instance and status (open|completed|cancelled); view=mine|group|done lists the inbox tabs, filtered by definitionKey, unit and due (overdue|today|week); paged with skip and take, the total in X-Total-Count.");
        group.MapGet("/counts", CountsAsync).WithSummary("How many open tasks the caller has (mine) and how many of their groups' tasks nobody has claimed (group).");
        group.MapPost("/{id:guid}/claim", ClaimAsync).WithSummary("Take a group task: it becomes the caller's alone.");
        group.MapPost("/{id:guid}/unclaim", UnclaimAsync).WithSummary("Give a claimed task back to its candidates.");
        group.MapPost("/{id:guid}/assign", AssignAsync).WithSummary("Name the person who is to do a task (the center and administrators).")
            .RequireAuthorization(p => p.RequireRole(Roles.Center, Roles.Admin));
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One task with its case: the start and every earlier completed task of its instance (fields with labels and display values), newest first, and the values its form starts with.");
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
        string? candidateGroup, string? assignee, Guid? instanceId, string? status, string? view, string? definitionKey, string? unit, string? due, int? skip, int? take,
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

        if (Paging.Check(skip, take) is { } invalid)
        {
            return invalid;
        }

        // Everybody sees only the tasks that are theirs: assigned to them, or naming them or one of their groups; done
        // lists what they completed themselves. Every filter applies in the database, before paging.
        var caller = Caller.From(context.User);
        var query = view == "done"
            ? new TaskQuery(candidateGroup, assignee, instanceId, UserTaskStatus.Completed, Paging.Take(take)) { CompletedBy = caller.UserName }
            : new TaskQuery(candidateGroup, assignee, instanceId, view is null ? status : UserTaskStatus.Open, Paging.Take(take))
            {
                VisibleTo = caller.Audience,
                FreeOrHeldBy = view == "mine" ? caller.UserName : null,
                CandidateOf = view == "group" ? caller.Audience : null,
            };
        var now = time.GetUtcNow();
        query = query with
        {
            Skip = skip ?? 0,
            DefinitionKey = string.IsNullOrWhiteSpace(definitionKey) ? null : definitionKey,
            UnitCode = string.IsNullOrWhiteSpace(unit) ? null : unit,
            DueBy = due switch { "overdue" => now, "today" => EndOfBeijingDay(now), "week" => EndOfBeijingDay(now).AddDays(6), _ => null },
        };
        var page = await engine.QueryTasksAsync(query, cancellationToken);
        await Paging.SetTotalAsync(context, query.Skip, query.Limit, page.Count, () => engine.CountTasksAsync(query, cancellationToken));
        return TypedResults.Ok(page);
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
        var open = new TaskQuery(Status: UserTaskStatus.Open);
        return TypedResults.Ok(new TaskCounts(
            await engine.CountTasksAsync(open with { VisibleTo = caller.Audience, FreeOrHeldBy = caller.UserName }, cancellationToken),
            await engine.CountTasksAsync(open with { CandidateOf = caller.Audience, Unassigned = true }, cancellationToken)));
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

    private static async Task<Results<Ok<TaskDetail>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, IWorkflowEngine engine, TaskCase taskCase, CancellationToken cancellationToken) =>
        await FindVisibleAsync(id, context, engine, cancellationToken) is { } task
            ? TypedResults.Ok(await taskCase.BuildAsync(task, Caller.From(context.User), cancellationToken))
            : Problems.NotFound($"Task {id} does not exist.");

    private static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        Guid id, CompleteTaskBody? body, HttpContext context, IWorkflowEngine engine, SubmissionCheck check, SignOffGuard signOff, CancellationToken cancellationToken)
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
