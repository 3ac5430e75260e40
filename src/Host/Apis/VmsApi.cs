using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Domain.Hosting;
using Zzut.Workflows.Host.Accounts;
using Zzut.Workflows.Host.Forms;
using Zzut.Workflows.Host.Infrastructure;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Host.Apis;

/// <summary>
/// The two acts of a VM's yearly cycle as plain endpoints: the unit re-registers (completing its open re-registration
/// task, during the window or the grace period) and the center confirms a reclamation (completing its confirmation
/// task). Both refuse clearly, changing nothing, when the VM's state does not allow them (the VM's own rules,
/// <see cref="VmRecord.ReregistrationRefusal"/> and <see cref="VmRecord.ReclamationRefusal"/>). The tasks are found by
/// their purpose (<see cref="TaskPurposes"/>), never by element id.
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
        Guid id, JsonObject? body, HttpContext context, LedgerDbContext db, IWorkflowEngine engine, ITaskFinder tasks, SubmissionCheck check, CancellationToken cancellationToken)
    {
        var vm = await LedgersApi.FindVisibleAsync<VmRecord>("vm", id, context, db, cancellationToken);
        if (vm is null)
        {
            return Problems.NotFound($"The VM ledger has no row {id}.");
        }

        if (vm.ReregistrationRefusal() is { } refusal)
        {
            return Problems.Conflict(refusal);
        }

        var task = await OpenTaskAsync(tasks, context, id, TaskPurposes.VmReregister, cancellationToken);
        if (task is null)
        {
            return Problems.Conflict($"No re-registration of {vm.ServerName} is open for you; the next falls due on {vm.NextRegistrationDue:yyyy-MM-dd}.");
        }

        if (await check.ValidateAsync(task.FormRef, body, Caller.From(context.User), cancellationToken) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await engine.CompleteTaskAsync(task.Id, body, context.Actor(), cancellationToken));
    }

    private static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> ReclaimAsync(
        Guid id, ReclaimBody body, HttpContext context, LedgerDbContext db, IWorkflowEngine engine, ITaskFinder tasks, CancellationToken cancellationToken)
    {
        var vm = await LedgersApi.FindVisibleAsync<VmRecord>("vm", id, context, db, cancellationToken);
        if (vm is null)
        {
            return Problems.NotFound($"The VM ledger has no row {id}.");
        }

        if (vm.ReclamationRefusal() is { } refusal)
        {
            return Problems.Conflict(refusal);
        }

        if (string.IsNullOrWhiteSpace(body.ReclaimNote))
        {
            return Problems.Field("reclaimNote", "必填 (required).");
        }

        var task = await OpenTaskAsync(tasks, context, id, TaskPurposes.VmReclaimConfirm, cancellationToken);
        if (task is null)
        {
            return Problems.Conflict($"The grace period of {vm.ServerName} is not over yet; the reclamation cannot be confirmed before it is.");
        }

        return TypedResults.Ok(await engine.CompleteTaskAsync(task.Id, new JsonObject { ["decision"] = "reclaim", ["reclaimNote"] = body.ReclaimNote }, context.Actor(), cancellationToken));
    }

    private static async Task<TaskView?> OpenTaskAsync(ITaskFinder tasks, HttpContext context, Guid vmId, string purpose, CancellationToken cancellationToken) =>
        await tasks.FindOpenAsync(
            new TaskPropertyQuery(TaskPurposes.Property, purpose)
            {
                DefinitionKey = Procedures.VmAnnualReregistration,
                BusinessKeyPrefix = VmRecord.ReregistrationKeyPrefix(vmId),
                VisibleTo = Caller.From(context.User).Audience,
            },
            cancellationToken) is [var first, ..] ? first : null;
}
