using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>
/// A service or send task: the activity registered under its <c>camunda:topic</c> runs inside the step
/// (transactional) and the token leaves with its outputs, or is queued to run after the step commits (external) and
/// the token waits for its result.
/// </summary>
internal sealed class ServiceTaskBehaviour : IElementBehaviour
{
    public IReadOnlyList<string> Kinds { get; } = ["serviceTask", "sendTask"];

    public async Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        var service = (ServiceTask)node;
        var activity = execution.Services.Activities.Find(service.Topic)
            ?? throw new ActivityFailedException($"No activity is registered for topic '{service.Topic}'.");
        var inputs = execution.EvaluateInputs(service, token);
        var now = execution.Now;
        if (activity.Execution == ActivityExecution.External)
        {
            // The call happens after this step commits; the token waits here until it succeeds.
            var external = new ExternalTaskRecord
            {
                Id = Guid.CreateVersion7(now),
                InstanceId = execution.Instance.Id,
                TokenId = token.Id,
                ElementId = service.Id,
                Topic = service.Topic,
                InputsJson = inputs.ToJsonString(),
                Status = ExternalTaskStatus.Pending,
                DueAt = now,
                CreatedAt = now,
            };
            execution.Db.ExternalTasks.Add(external);
            execution.ExternalTasks.Add(external);
            execution.AddHistory("external.queued", service.Id, new JsonObject { ["topic"] = service.Topic, ["externalTaskId"] = external.Id.ToString() });
            return;
        }

        var context = new ActivityContext(
            execution.Instance.Id,
            execution.Definition.Key,
            execution.Definition.Version,
            execution.Instance.BusinessKey,
            service.Id,
            InstanceExecution.ToDictionary(inputs),
            InstanceExecution.ToDictionary(execution.Variables),
            service.Properties,
            now,
            execution.Services.StepServices)
        {
            Actor = execution.Actor,
        };
        // What the activity adds to the step's contexts — to the engine's (e-mails it wrote to the outbox) and to the
        // others (the ledgers) — is undone when it fails: the step commits with an incident at this task, and a retry
        // must not find half of a failed attempt. In the engine's context an activity only adds rows (it changes the
        // instance through its outputs), so only those are taken back, without detecting changes mid-step.
        var engineMark = AddedRows.Mark(execution.Db);
        var participants = execution.Services.StepServices.GetServices<IStepParticipant>().ToList();
        var marks = participants.Select(p => p.Mark()).ToList();
        try
        {
            await activity.ExecuteAsync(context, cancellationToken);
            context.EnsureOutputsDeclared(activity);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && InstanceExecution.IsActivityFailure(ex))
        {
            engineMark.Forget(execution.Db);
            for (var i = 0; i < participants.Count; i++)
            {
                participants[i].Discard(marks[i]);
            }

            throw new ActivityFailedException($"Activity '{service.Topic}' failed: {ex.Message}", ex);
        }

        // Outputs are computed before anything is written, so a failing mapping changes nothing.
        var scope = execution.Scope(inputs);
        foreach (var (name, value) in context.Outputs)
        {
            scope[name] = value?.DeepClone();
        }

        var outputs = execution.EvaluateOutputs(service, scope);
        foreach (var (name, value) in context.Outputs)
        {
            execution.Variables[name] = value?.DeepClone();
        }

        execution.ApplyOutputs(outputs);
        execution.AddHistory("element.left", service.Id, new JsonObject { ["topic"] = service.Topic, ["outputs"] = InstanceExecution.ToJsonObject(context.Outputs) });
        execution.Leave(token, service, recordHistory: false);
    }
}
