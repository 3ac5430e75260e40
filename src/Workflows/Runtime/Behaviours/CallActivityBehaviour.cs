using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>
/// A call activity (as Camunda 7 runs it): on entry the called definition (<c>calledElement</c>, latest or a bound
/// version) is started within the same step, with the <c>camunda:in</c> variables and business key; the token waits.
/// When the called instance ends, the <c>camunda:out</c> mappings copy its variables back and the token leaves, again
/// within the step that ended it. While the called instance has open incidents, the call activity shows an incident
/// that names it; it is resolved when they are. Ending the waiting token (an interrupting boundary event, a cancel, a
/// terminate end) cancels the called instance (see <see cref="StepInstances"/>).
/// </summary>
internal sealed class CallActivityBehaviour : IElementBehaviour
{
    public IReadOnlyList<string> Kinds { get; } = ["callActivity"];

    public async Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        var call = (CallActivity)node;
        var services = execution.Services;
        if (services.Instances.CalledStarted >= StepInstances.MaxCalledPerStep)
        {
            throw new ActivityFailedException($"一个步骤中启动的被调用实例超过 {StepInstances.MaxCalledPerStep} 个，调用可能无法结束 (more than {StepInstances.MaxCalledPerStep} called instances were started in one step; the calls may never end).");
        }

        // Everything is evaluated before anything is written, so a failure leaves no half-started call behind.
        var locals = execution.EvaluateInputs(call, token);
        var scope = execution.Scope(locals);
        var definition = await FindCalledAsync(execution, call, cancellationToken);
        var model = services.Definitions.GetModel(definition);
        if (model.NoneStart is null)
        {
            throw new ActivityFailedException($"被调用的流程 '{definition.Key}' 第 {definition.Version} 版没有空启动事件 (called definition '{definition.Key}' v{definition.Version} has no none start event).");
        }

        var variables = Map(execution, call.In, scope);
        var businessKey = execution.ResolveText(call.BusinessKey, scope);
        if (businessKey is { Length: > 400 })
        {
            throw new InvalidValueException("camunda:in businessKey evaluated to more than 400 characters.");
        }

        if (businessKey is not null)
        {
            var lockValue = InstanceExecution.LockFor(definition.Key, businessKey);
            var holder = await execution.Db.Instances.AsNoTracking().Where(i => i.BusinessKeyLock == lockValue).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(cancellationToken);
            if (holder is not null || services.Instances.HoldsLock(lockValue))
            {
                throw new ActivityFailedException($"流程 '{definition.Key}' 已有业务键为 '{businessKey}' 的运行实例 {holder} (an instance of '{definition.Key}' with business key '{businessKey}' is still running).");
            }
        }

        var timers = execution.PrepareBoundaryTimers(token, call, scope);

        token.LocalVariablesJson = locals.Count == 0 ? null : locals.ToJsonString();
        var child = services.Instances.StartCalled(execution, token, call, definition, model, businessKey, variables);
        execution.AddHistory("call.started", call.Id, new JsonObject
        {
            ["calledInstanceId"] = child.Instance.Id.ToString(),
            ["definitionKey"] = definition.Key,
            ["version"] = definition.Version,
            ["businessKey"] = businessKey,
            ["variables"] = variables.DeepClone(),
        });
        execution.CommitBoundaryEvents(token, call, timers);
    }

    /// <summary>
    /// The instance <paramref name="child"/> called from <paramref name="parent"/> has ended: its out mappings apply
    /// and the waiting token leaves. A failing mapping is an incident on the call activity; its retry maps again.
    /// </summary>
    public static void CalledInstanceEnded(InstanceExecution parent, InstanceExecution child)
    {
        var token = parent.Instance.Tokens.FirstOrDefault(t => t.Id == child.Instance.ParentTokenId);
        if (token is null || parent.Model.FindNode(token.ElementId) is not CallActivity call || call.Id != child.Instance.ParentElementId)
        {
            return; // The call ended before its instance did (the parent moved on); nothing waits for the result.
        }

        ResolveCalledIncidents(parent, token, "called instance ended");
        parent.AddHistory("call.completed", call.Id, new JsonObject
        {
            ["calledInstanceId"] = child.Instance.Id.ToString(),
            ["status"] = child.Instance.Status,
        });
        if (child.Instance.Status == InstanceStatus.Cancelled)
        {
            parent.RaiseIncident(token, call, new ActivityFailedException($"被调用的实例 {child.Instance.Id} 已被取消 (the called instance was cancelled)."), InstanceExecution.RetryEnter);
            return;
        }

        try
        {
            var outputs = Map(parent, call.Out, InstanceExecution.ToDictionary(child.Variables));
            foreach (var (name, value) in outputs)
            {
                parent.Variables[name] = value?.DeepClone();
            }
        }
        catch (Exception ex) when (InstanceExecution.IsElementFailure(ex))
        {
            parent.RaiseIncident(token, call, ex, InstanceExecution.RetryCallOutputs);
            return;
        }

        parent.LeaveGuarded(token, call);
    }

    /// <summary>
    /// The called instance's open incidents changed: while it has some, the call activity shows an incident naming
    /// it (its retry happens on the called instance); when it has none, that incident is resolved.
    /// </summary>
    public static void CalledIncidentsChanged(InstanceExecution parent, InstanceExecution child)
    {
        var token = parent.Instance.Tokens.FirstOrDefault(t => t.Id == child.Instance.ParentTokenId);
        if (token is null || parent.Model.FindNode(token.ElementId) is not CallActivity call)
        {
            return;
        }

        var open = child.OpenIncidents;
        if (open.Count == 0)
        {
            ResolveCalledIncidents(parent, token, "called instance recovered");
            return;
        }

        if (parent.OpenIncidents.Any(x => x.TokenId == token.Id && x.CalledInstanceId == child.Instance.Id))
        {
            return;
        }

        var incident = parent.AddIncident(
            token.Id, call.Id,
            $"被调用的实例 {child.Instance.Id} 有未解决的故障：{open[0].Message} (the called instance has an open incident; retry it there)",
            InstanceExecution.RetryCalled);
        incident.CalledInstanceId = child.Instance.Id;
        parent.AddHistory("incident.raised", call.Id, new JsonObject
        {
            ["incidentId"] = incident.Id.ToString(),
            ["calledInstanceId"] = child.Instance.Id.ToString(),
            ["message"] = incident.Message,
        });
    }

    private static void ResolveCalledIncidents(InstanceExecution parent, TokenRecord token, string reason)
    {
        foreach (var incident in parent.OpenIncidents.Where(x => x.TokenId == token.Id && x.RetryAction == InstanceExecution.RetryCalled).ToList())
        {
            parent.ResolveIncident(incident, reason);
        }
    }

    /// <summary>Applies <c>camunda:in</c>/<c>camunda:out</c> mappings to the variables in <paramref name="source"/>.</summary>
    private static JsonObject Map(InstanceExecution execution, IReadOnlyList<CallVariableMapping> mappings, Dictionary<string, JsonNode?> source)
    {
        var result = new JsonObject();
        foreach (var mapping in mappings)
        {
            if (mapping.All)
            {
                foreach (var (name, value) in source)
                {
                    result[name] = value?.DeepClone();
                }
            }
            else if (mapping.Source is { } name)
            {
                result[mapping.Target!] = source.GetValueOrDefault(name)?.DeepClone();
            }
            else
            {
                result[mapping.Target!] = execution.Resolve(mapping.SourceExpression!, source)?.DeepClone();
            }
        }

        return result;
    }

    private static async Task<DefinitionRecord> FindCalledAsync(InstanceExecution execution, CallActivity call, CancellationToken cancellationToken)
    {
        var query = execution.Db.Definitions.AsNoTracking().Where(d => d.Key == call.CalledElement);
        var id = call.Binding == CalledElementBinding.Version
            ? await query.Where(d => d.Version == call.CalledElementVersion).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken)
            : await query.OrderByDescending(d => d.Version).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);
        var definition = id is { } found ? await execution.Services.Definitions.FindAsync(execution.Db, found, cancellationToken) : null;
        return definition ?? throw new ActivityFailedException(call.Binding == CalledElementBinding.Version
            ? $"被调用的流程 '{call.CalledElement}' 没有第 {call.CalledElementVersion} 版 (called definition '{call.CalledElement}' has no version {call.CalledElementVersion})."
            : $"被调用的流程 '{call.CalledElement}' 未部署 (called definition '{call.CalledElement}' is not deployed).");
    }
}
