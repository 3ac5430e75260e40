using System.Text.Json.Nodes;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Model;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>What the gateways share: choosing the flows to take, joining the tokens that arrived, evaluating conditions.</summary>
internal abstract class GatewayBehaviour : IElementBehaviour
{
    public abstract IReadOnlyList<string> Kinds { get; }

    public virtual bool RecordsEntry(FlowNode node) => true;

    public virtual Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        Fork(execution, token, (Gateway)node);
        return Task.CompletedTask;
    }

    /// <summary>The outgoing flows the token takes.</summary>
    protected abstract IReadOnlyList<SequenceFlow> ChooseFlows(InstanceExecution execution, TokenRecord token, Gateway gateway);

    /// <summary>The tokens that arrived are joined into <paramref name="survivor"/>, which then forks.</summary>
    public static void Join(InstanceExecution execution, Gateway gateway, IReadOnlyList<TokenRecord> consumed, TokenRecord survivor)
    {
        foreach (var other in consumed.Where(t => t != survivor))
        {
            execution.RemoveToken(other);
        }

        survivor.State = TokenState.Waiting;
        survivor.ArrivedVia = null;
        execution.AddHistory("element.entered", gateway.Id, new JsonObject { ["joined"] = consumed.Count });
        if (execution.Services.Behaviours.For(gateway) is not GatewayBehaviour behaviour)
        {
            throw new InvalidOperationException($"{gateway.Describe()} is not executed by a gateway behaviour.");
        }

        behaviour.Fork(execution, survivor, gateway);
    }

    /// <summary>A joining token waits at the gateway; the tokens of its scope already there are returned.</summary>
    protected static List<TokenRecord> Arrive(InstanceExecution execution, TokenRecord token, Gateway gateway, SequenceFlow? via)
    {
        token.State = TokenState.Joining;
        token.ArrivedVia = via?.Id;
        return [.. execution.Instance.Tokens.Where(t => t.ElementId == gateway.Id && t.State == TokenState.Joining && t.ScopeTokenId == token.ScopeTokenId)];
    }

    protected static bool EvaluateCondition(InstanceExecution execution, SequenceFlow flow, Dictionary<string, JsonNode?> scope)
    {
        var template = ExpressionTemplate.Parse(flow.Condition!);
        return execution.Services.Expressions.EvaluateCondition(template.Expressions[0], scope);
    }

    protected static NoFlowException NoFlow(Gateway gateway) =>
        new($"No outgoing flow of {gateway.Describe()} has a true condition, and it has no default flow.");

    private void Fork(InstanceExecution execution, TokenRecord token, Gateway gateway) =>
        execution.Leave(token, gateway, ChooseFlows(execution, token, gateway));
}

/// <summary>An exclusive gateway: the first outgoing flow whose condition holds, else the default flow.</summary>
internal sealed class ExclusiveGatewayBehaviour : GatewayBehaviour
{
    public override IReadOnlyList<string> Kinds { get; } = ["exclusiveGateway"];

    protected override IReadOnlyList<SequenceFlow> ChooseFlows(InstanceExecution execution, TokenRecord token, Gateway gateway)
    {
        if (gateway.Outgoing.Count == 1 && gateway.Outgoing[0].Condition is null)
        {
            return [gateway.Outgoing[0]];
        }

        var scope = execution.Scope(InstanceExecution.LocalsOf(token));
        foreach (var flow in gateway.Outgoing.Where(f => f.Id != gateway.DefaultFlowId && f.Condition is not null))
        {
            if (EvaluateCondition(execution, flow, scope))
            {
                return [flow];
            }
        }

        return [gateway.Outgoing.FirstOrDefault(f => f.Id == gateway.DefaultFlowId) ?? throw NoFlow(gateway)];
    }
}

/// <summary>A gateway that joins when it has more than one incoming flow: the arriving token waits until the join can fire.</summary>
internal abstract class JoiningGatewayBehaviour : GatewayBehaviour
{
    public override bool RecordsEntry(FlowNode node) => node.Incoming.Count <= 1;

    public override Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        var gateway = (Gateway)node;
        if (gateway.Incoming.Count <= 1)
        {
            return base.EnterAsync(execution, token, node, via, cancellationToken);
        }

        var waiting = Arrive(execution, token, gateway, via);
        if (Joinable(execution, gateway, token, waiting) is { } consumed)
        {
            Join(execution, gateway, consumed, token);
        }

        return Task.CompletedTask;
    }

    /// <summary>The tokens the join consumes now (the arriving one among them), or null while it must wait.</summary>
    protected abstract IReadOnlyList<TokenRecord>? Joinable(InstanceExecution execution, Gateway gateway, TokenRecord token, List<TokenRecord> waiting);
}

/// <summary>A parallel gateway: a join waits for one token by every incoming flow; the fork takes every outgoing flow.</summary>
internal sealed class ParallelGatewayBehaviour : JoiningGatewayBehaviour
{
    public override IReadOnlyList<string> Kinds { get; } = ["parallelGateway"];

    protected override IReadOnlyList<TokenRecord>? Joinable(InstanceExecution execution, Gateway gateway, TokenRecord token, List<TokenRecord> waiting)
    {
        var oneByFlow = new List<TokenRecord>(gateway.Incoming.Count);
        foreach (var flow in gateway.Incoming)
        {
            if (waiting.FirstOrDefault(t => t.ArrivedVia == flow.Id) is not { } arrived)
            {
                return null;
            }

            oneByFlow.Add(arrived);
        }

        return oneByFlow;
    }

    protected override IReadOnlyList<SequenceFlow> ChooseFlows(InstanceExecution execution, TokenRecord token, Gateway gateway) => gateway.Outgoing;
}

/// <summary>
/// An inclusive gateway: the fork takes every flow whose condition holds (else the default); a join fires once no
/// other token of its scope can still reach it (the token loop re-checks waiting joins when nothing else is queued).
/// </summary>
internal sealed class InclusiveGatewayBehaviour : JoiningGatewayBehaviour
{
    public override IReadOnlyList<string> Kinds { get; } = ["inclusiveGateway"];

    protected override IReadOnlyList<TokenRecord>? Joinable(InstanceExecution execution, Gateway gateway, TokenRecord token, List<TokenRecord> waiting) =>
        CanFire(execution, gateway, token.ScopeTokenId) ? waiting : null;

    /// <summary>True when no token of the scope outside the join can still reach <paramref name="gateway"/>.</summary>
    public static bool CanFire(InstanceExecution execution, Gateway gateway, Guid? scopeTokenId)
    {
        foreach (var other in execution.Instance.Tokens.Where(t => t.ScopeTokenId == scopeTokenId && !(t.ElementId == gateway.Id && t.State == TokenState.Joining)))
        {
            if (Reaches(execution.Model.GetNode(other.ElementId), gateway))
            {
                return false;
            }
        }

        return true;
    }

    protected override IReadOnlyList<SequenceFlow> ChooseFlows(InstanceExecution execution, TokenRecord token, Gateway gateway)
    {
        var scope = execution.Scope(InstanceExecution.LocalsOf(token));
        var chosen = gateway.Outgoing
            .Where(f => f.Id != gateway.DefaultFlowId && (f.Condition is null || EvaluateCondition(execution, f, scope)))
            .ToList();
        if (chosen.Count > 0)
        {
            return chosen;
        }

        return [gateway.Outgoing.FirstOrDefault(f => f.Id == gateway.DefaultFlowId) ?? throw NoFlow(gateway)];
    }

    private static bool Reaches(FlowNode from, FlowNode target)
    {
        var seen = new HashSet<FlowNode>();
        var queue = new Queue<FlowNode>();
        queue.Enqueue(from);
        while (queue.TryDequeue(out var node))
        {
            if (!seen.Add(node))
            {
                continue;
            }

            foreach (var flow in node.Outgoing)
            {
                if (flow.Target == target)
                {
                    return true;
                }

                queue.Enqueue(flow.Target);
            }

            foreach (var boundary in node.BoundaryEvents)
            {
                queue.Enqueue(boundary);
            }
        }

        return false;
    }
}

/// <summary>An event-based gateway: the token waits for every following catch event; the first to happen wins.</summary>
internal sealed class EventBasedGatewayBehaviour : GatewayBehaviour
{
    public override IReadOnlyList<string> Kinds { get; } = ["eventBasedGateway"];

    public override Task EnterAsync(InstanceExecution execution, TokenRecord token, FlowNode node, SequenceFlow? via, CancellationToken cancellationToken)
    {
        foreach (var flow in node.Outgoing)
        {
            var catchEvent = (IntermediateCatchEvent)flow.Target;
            execution.ArmTrigger(token, catchEvent, catchEvent.Trigger);
        }

        return Task.CompletedTask;
    }

    protected override IReadOnlyList<SequenceFlow> ChooseFlows(InstanceExecution execution, TokenRecord token, Gateway gateway) => gateway.Outgoing;
}
