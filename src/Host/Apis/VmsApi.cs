using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Activities.Ledgers;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Forms;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The two acts of a VM's yearly cycle as plain endpoints: the unit re-registers (completing its open re-registration
/// task, during the window or the grace period) and the center confirms a reclamation (completing its confirmation
/// task). Both refuse clearly, changing nothing, when the VM's state does not allow them.
/// </summary>
public static class VmsApi
{
    /// <summary>Maps <c>/api/vms/{id}/reregister</c> and <c>/api/vms/{id}/reclaim</c>.</summary>
    public static IEndpointRouteBuilder MapVmsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/vms").WithTags("VMs");
        group.MapPost("/{id:guid}/reregister", ReregisterAsync).WithSummary("Re-register the VM for this year (the unit); the body is the re-registration form.");
        group.MapPost("/{id:guid}/reclaim", ReclaimAsync).RequireAuthorization(p => p.RequireRole(Roles.Center, Roles.Admin))
            .WithSummary("Confirm the reclamation of a VM with three missed years whose grace period is over (the center).");
        return routes;
    }

    /// <summary>The body of a reclamation confirmation.</summary>
    public sealed record ReclaimBody(string? ReclaimNote);

    private static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> ReregisterAsync(
        Guid id, JsonObject? body, HttpContext context, LedgerDbContext db, IWorkflowEngine engine, SubmissionCheck check, CancellationToken cancellationToken)
    {
        var vm = await LedgersApi.FindVisibleAsync<VmRecord>("vm", id, context, db, cancellationToken);
        if (vm is null)
        {
            return Problems.NotFound($"The VM ledger has no row {id}.");
        }

        if (vm.Status == "reclaimed")
        {
            return Problems.Conflict($"The VM {vm.ServerName} was reclaimed on {vm.ReclaimedAt:yyyy-MM-dd}; it cannot be re-registered. Apply for a new VM (vm-application).");
        }

        var task = await OpenTaskAsync(engine, context, id, ["Task_Reregister", "Task_GraceReregister"], cancellationToken);
        if (task is null)
        {
            return Problems.Conflict($"No re-registration of {vm.ServerName} is open for you; the next falls due on {vm.NextRegistrationDue:yyyy-MM-dd}.");
        }

        if (await check.ValidateTaskAsync(task, body, Caller.From(context.User), cancellationToken) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await engine.CompleteTaskAsync(task.Id, body, context.Actor(), cancellationToken));
    }

    private static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> ReclaimAsync(
        Guid id, ReclaimBody body, HttpContext context, LedgerDbContext db, IWorkflowEngine engine, CancellationToken cancellationToken)
    {
        var vm = await LedgersApi.FindVisibleAsync<VmRecord>("vm", id, context, db, cancellationToken);
        if (vm is null)
        {
            return Problems.NotFound($"The VM ledger has no row {id}.");
        }

        if (vm.Status != "reclaim-pending" || vm.ConsecutiveMissedYears < VmMissActivity.ReclaimAfter)
        {
            return Problems.Conflict($"The VM {vm.ServerName} is {vm.Status} with {vm.ConsecutiveMissedYears} consecutive missed years; only a VM with {VmMissActivity.ReclaimAfter} missed years, finally notified and past its grace period, can be reclaimed.");
        }

        if (string.IsNullOrWhiteSpace(body.ReclaimNote))
        {
            return Problems.Field("reclaimNote", "必填 (required).");
        }

        var task = await OpenTaskAsync(engine, context, id, ["Task_ConfirmReclaim"], cancellationToken);
        if (task is null)
        {
            return Problems.Conflict($"The grace period of {vm.ServerName} is not over yet; the reclamation cannot be confirmed before it is.");
        }

        return TypedResults.Ok(await engine.CompleteTaskAsync(task.Id, new JsonObject { ["decision"] = "reclaim", ["reclaimNote"] = body.ReclaimNote }, context.Actor(), cancellationToken));
    }

    private static async Task<TaskView?> OpenTaskAsync(IWorkflowEngine engine, HttpContext context, Guid vmId, string[] elements, CancellationToken cancellationToken)
    {
        var prefix = $"vm:{vmId}:rereg:";
        var tasks = await engine.QueryTasksAsync(new TaskQuery(Status: UserTaskStatus.Open, Limit: 5000) { VisibleTo = Caller.From(context.User).Audience }, cancellationToken);
        return tasks.FirstOrDefault(t => t.DefinitionKey == "vm-annual-reregistration" && elements.Contains(t.ElementId) && t.BusinessKey?.StartsWith(prefix, StringComparison.Ordinal) == true);
    }
}
