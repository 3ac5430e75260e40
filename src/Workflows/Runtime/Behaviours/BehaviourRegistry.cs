using System.Collections.Frozen;
using Zzut.Workflows.Model;

namespace Zzut.Workflows.Runtime.Behaviours;

/// <summary>The behaviour of each element type, keyed by <see cref="FlowNode.Kind"/> (<c>userTask</c>, <c>callActivity</c>, …).</summary>
internal sealed class BehaviourRegistry
{
    private readonly FrozenDictionary<string, IElementBehaviour> byKind;

    public BehaviourRegistry(IEnumerable<IElementBehaviour> behaviours)
    {
        var map = new Dictionary<string, IElementBehaviour>(StringComparer.Ordinal);
        foreach (var behaviour in behaviours)
        {
            foreach (var kind in behaviour.Kinds)
            {
                if (!map.TryAdd(kind, behaviour))
                {
                    throw new InvalidOperationException($"Two behaviours execute '{kind}': {map[kind].GetType().Name} and {behaviour.GetType().Name}.");
                }
            }
        }

        byKind = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The behaviours of every element type the parser produces.</summary>
    public static BehaviourRegistry Default { get; } = new(
    [
        new StartEventBehaviour(),
        new EndEventBehaviour(),
        new UserTaskBehaviour(),
        new ServiceTaskBehaviour(),
        new ExclusiveGatewayBehaviour(),
        new ParallelGatewayBehaviour(),
        new InclusiveGatewayBehaviour(),
        new EventBasedGatewayBehaviour(),
        new IntermediateCatchEventBehaviour(),
        new BoundaryEventBehaviour(),
        new SubProcessBehaviour(),
        new CallActivityBehaviour(),
    ]);

    /// <summary>The element types that have a behaviour.</summary>
    public IEnumerable<string> Kinds => byKind.Keys;

    /// <summary>The behaviour of <paramref name="node"/>'s type.</summary>
    /// <exception cref="InvalidOperationException">No behaviour executes that type (the parser lets no such node through).</exception>
    public IElementBehaviour For(FlowNode node) =>
        byKind.TryGetValue(node.Kind, out var behaviour) ? behaviour : throw new InvalidOperationException($"{node.Describe()} has no execution semantics.");
}
