using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Activities.Duties;

/// <summary>
/// <c>procedure.start-each</c>: starts one instance of <c>definitionKey</c> per unit of <c>unitCodes</c>, each with the
/// business key <c>{businessKeyPrefix}:{unitCode}</c> and the variables of the <c>variables</c> map plus its
/// <c>unitCode</c> — the way a procedure that concerns several units (an inspection, a warning) hands each unit its own
/// instance. It runs as an external call after the step commits and is retried until every unit's instance exists: a key
/// already used is skipped, so a retry never starts one twice.
/// </summary>
public sealed class StartEachActivity : IActivity
{
    /// <inheritdoc />
    public string Topic => "procedure.start-each";

    /// <inheritdoc />
    public ActivityExecution Execution => ActivityExecution.External;

    /// <inheritdoc />
    public async Task ExecuteAsync(ActivityContext context, CancellationToken cancellationToken = default)
    {
        var definitionKey = context.Text("definitionKey");
        var prefix = context.Text("businessKeyPrefix");
        var common = context.Get("variables") as JsonObject ?? [];
        var engine = context.Services.GetRequiredService<IWorkflowEngine>();
        var used = await context.Services.GetRequiredService<IBusinessKeyIndex>().UsedAsync(definitionKey, cancellationToken);
        foreach (var unitCode in context.List("unitCodes").Distinct(StringComparer.Ordinal))
        {
            var businessKey = $"{prefix}:{unitCode}";
            if (used.Contains(businessKey))
            {
                continue;
            }

            var variables = (JsonObject)common.DeepClone();
            variables["unitCode"] = unitCode;
            try
            {
                await engine.StartAsync(new StartInstanceRequest(definitionKey, null, businessKey, variables, $"instance:{context.InstanceId}"), cancellationToken);
            }
            catch (WorkflowConflictException)
            {
                // Started meanwhile (an earlier attempt that committed before it failed): that unit has its instance.
            }
        }
    }
}
