using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acornima;
using Acornima.Ast;

namespace Zzut.Workflows.Expressions;

/// <summary>
/// Evaluates the most common expressions without starting an engine: a variable, a property path
/// (<c>vm.serverName</c>), a string, boolean or null literal, string concatenation of those (<c>'unit:' + unitCode</c>),
/// and a comparison of two strings, two numbers or two booleans (<c>decision == 'approve'</c>, <c>level &gt;= 2</c>).
/// These have one meaning in JavaScript whatever the values, and the values are only read, never run. Anything else —
/// another operator, a missing variable or property, a value of another type (whose JavaScript conversions differ
/// from .NET's) — is not decided here and goes to the sandbox.
/// </summary>
internal static class DirectEvaluation
{
    /// <summary>Evaluates to a value, or returns false.</summary>
    public static bool TryEvaluate(Expression expression, IReadOnlyDictionary<string, JsonNode?> variables, int maxDepth, out JsonNode? result)
    {
        result = null;
        if (!TryValue(expression, variables, out var value))
        {
            return false;
        }

        switch (value.Kind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                result = JsonValue.Create(value.Text);
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                result = JsonValue.Create(value.Kind == JsonValueKind.True);
                return true;
            default:
                // A number, object or array read from a variable, as it is stored (the sandbox's depth limit applies).
                if (value.Node is null || Depth(value.Node, maxDepth + 1) > maxDepth)
                {
                    return false;
                }

                result = value.Node.DeepClone();
                return true;
        }
    }

    /// <summary>Evaluates to a truth value, or returns false.</summary>
    public static bool TryEvaluateCondition(Expression expression, IReadOnlyDictionary<string, JsonNode?> variables, out bool result)
    {
        result = false;
        if (!TryValue(expression, variables, out var value))
        {
            return false;
        }

        result = value.Kind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => value.Text!.Length > 0,
            JsonValueKind.Number => value.Number is not (0 or double.NaN),
            JsonValueKind.Object or JsonValueKind.Array => true,
            _ => false,
        };
        return true;
    }

    private static bool TryValue(Expression expression, IReadOnlyDictionary<string, JsonNode?> variables, out Value value)
    {
        value = default;
        switch (expression)
        {
            case Identifier identifier:
                return variables.TryGetValue(identifier.Name, out var variable) && TryRead(variable, out value);
            case MemberExpression { Computed: false, Optional: false, Property: Identifier property } member:
                return TryValue(member.Object, variables, out var owner)
                    && owner.Node is JsonObject properties
                    && properties.TryGetPropertyValue(property.Name, out var propertyValue)
                    && TryRead(propertyValue, out value);
            case StringLiteral text:
                value = new Value(JsonValueKind.String, null, text.Value, 0);
                return true;
            case BooleanLiteral flag:
                value = new Value(flag.Value ? JsonValueKind.True : JsonValueKind.False, null, null, 0);
                return true;
            case NullLiteral:
                value = new Value(JsonValueKind.Null, null, null, 0);
                return true;
            case NumericLiteral number:
                // Usable in comparisons; as a result it would need JavaScript's number formatting (TryEvaluate declines).
                value = new Value(JsonValueKind.Number, null, null, number.Value);
                return true;
            case NonLogicalBinaryExpression binary:
                return TryBinary(binary, variables, out value);
            default:
                return false;
        }
    }

    private static bool TryBinary(NonLogicalBinaryExpression binary, IReadOnlyDictionary<string, JsonNode?> variables, out Value value)
    {
        value = default;
        if (!TryValue(binary.Left, variables, out var left) || !TryValue(binary.Right, variables, out var right))
        {
            return false;
        }

        if (binary.Operator == Operator.Addition)
        {
            if (left.Kind != JsonValueKind.String || right.Kind != JsonValueKind.String)
            {
                return false;
            }

            value = new Value(JsonValueKind.String, null, left.Text + right.Text, 0);
            return true;
        }

        bool? outcome = (left.Kind, right.Kind) switch
        {
            (JsonValueKind.String, JsonValueKind.String) => Compare(binary.Operator, string.CompareOrdinal(left.Text, right.Text)),
            (JsonValueKind.Number, JsonValueKind.Number) => CompareNumbers(binary.Operator, left.Number, right.Number),
            (JsonValueKind.True or JsonValueKind.False, JsonValueKind.True or JsonValueKind.False) => Equality(binary.Operator, left.Kind == right.Kind),
            (JsonValueKind.Null, JsonValueKind.Null) => Equality(binary.Operator, true),
            _ => null,
        };
        if (outcome is not { } decided)
        {
            return false;
        }

        value = new Value(decided ? JsonValueKind.True : JsonValueKind.False, null, null, 0);
        return true;
    }

    private static bool? Equality(Operator op, bool equal) => op switch
    {
        Operator.Equality or Operator.StrictEquality => equal,
        Operator.Inequality or Operator.StrictInequality => !equal,
        _ => null,
    };

    private static bool? Compare(Operator op, int order) => op switch
    {
        Operator.LessThan => order < 0,
        Operator.LessThanOrEqual => order <= 0,
        Operator.GreaterThan => order > 0,
        Operator.GreaterThanOrEqual => order >= 0,
        _ => Equality(op, order == 0),
    };

    private static bool? CompareNumbers(Operator op, double left, double right) => op switch
    {
        Operator.LessThan => left < right,
        Operator.LessThanOrEqual => left <= right,
        Operator.GreaterThan => left > right,
        Operator.GreaterThanOrEqual => left >= right,
        _ => Equality(op, left == right),
    };

    private static bool TryRead(JsonNode? node, out Value value)
    {
        switch (node)
        {
            case null:
                value = new Value(JsonValueKind.Null, null, null, 0);
                return true;
            case JsonObject:
                value = new Value(JsonValueKind.Object, node, null, 0);
                return true;
            case JsonArray:
                value = new Value(JsonValueKind.Array, node, null, 0);
                return true;
            case JsonValue scalar:
                switch (scalar.GetValueKind())
                {
                    case JsonValueKind.String:
                        value = new Value(JsonValueKind.String, node, scalar.GetValue<string>(), 0);
                        return true;
                    case JsonValueKind.Number when double.TryParse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                        value = new Value(JsonValueKind.Number, node, null, number);
                        return true;
                    case var kind and (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null):
                        value = new Value(kind, node, null, 0);
                        return true;
                }

                break;
        }

        value = default;
        return false;
    }

    /// <summary>The nesting depth of a value (a scalar is 0), counted no further than <paramref name="stop"/>.</summary>
    private static int Depth(JsonNode node, int stop)
    {
        if (stop <= 0)
        {
            return 0;
        }

        return node switch
        {
            JsonObject o => 1 + o.Select(p => p.Value is null ? 0 : Depth(p.Value, stop - 1)).DefaultIfEmpty(0).Max(),
            JsonArray a => 1 + a.Select(v => v is null ? 0 : Depth(v, stop - 1)).DefaultIfEmpty(0).Max(),
            _ => 0,
        };
    }

    private readonly record struct Value(JsonValueKind Kind, JsonNode? Node, string? Text, double Number);
}
