using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acornima;
using Acornima.Ast;

namespace Zzut.Workflows.Expressions;

/// <summary>
/// The date helpers as the sandbox's prelude defines them (<c>now()</c>, <c>date(text)</c>, <c>addDuration(d, iso)</c>
/// and the host's date functions such as <c>addWorkdays(d, n)</c>), for <see cref="DirectEvaluation"/>: the same host
/// computations the prelude calls, with the evaluator's clock.
/// </summary>
/// <param name="NowMilliseconds">The instant <c>now()</c> returns, in Unix milliseconds (read once per evaluation).</param>
/// <param name="ParseDate">An ISO 8601 date-time to Unix milliseconds; throws on text that is not one.</param>
/// <param name="AddDuration">Adds an ISO 8601 duration to Unix milliseconds; throws on a bad duration.</param>
/// <param name="Functions">The host's date functions by name.</param>
internal sealed record DirectDates(
    Func<double> NowMilliseconds,
    Func<string, double> ParseDate,
    Func<double, string, double> AddDuration,
    IReadOnlyDictionary<string, Func<DateTimeOffset, double, DateTimeOffset>> Functions);

/// <summary>
/// Evaluates the most common expressions without starting an engine: a variable, a property path
/// (<c>vm.serverName</c>), a string, boolean or null literal, string concatenation of those (<c>'unit:' + unitCode</c>),
/// a comparison of two strings, two numbers or two booleans (<c>decision == 'approve'</c>, <c>level &gt;= 2</c>), and
/// the date helpers on those (<c>addDuration(now(), 'P7D')</c>, <c>addWorkdays(deadline + 'T09:00:00+08:00', -3)</c>),
/// whose value is a Date that becomes its ISO text (<c>Date.prototype.toJSON</c>). These have one meaning in
/// JavaScript whatever the values, and the values are only read, never run. Anything else — another operator, a
/// missing variable or property, a value of another type (whose JavaScript conversions differ from .NET's), a Date
/// used in an operator, a helper that would throw — is not decided here and goes to the sandbox, which gives the
/// result or the error it always gave.
/// </summary>
internal static class DirectEvaluation
{
    /// <summary>The kind of a Date value (<see cref="Value.Number"/> holds its time in Unix milliseconds).</summary>
    private const JsonValueKind Date = JsonValueKind.Undefined;

    /// <summary>The largest time value a JavaScript Date holds (TimeClip).</summary>
    private const double MaxTime = 8.64e15;

    /// <summary>Evaluates to a value, or returns false.</summary>
    public static bool TryEvaluate(Expression expression, IReadOnlyDictionary<string, JsonNode?> variables, DirectDates dates, int maxDepth, out JsonNode? result)
    {
        result = null;
        if (!TryValue(expression, variables, dates, out var value))
        {
            return false;
        }

        switch (value.Kind)
        {
            case Date:
                // JSON.stringify calls toJSON, i.e. toISOString: milliseconds, UTC, years 0000–9999 in four digits.
                var instant = DateTimeOffset.FromUnixTimeMilliseconds((long)value.Number);
                result = JsonValue.Create(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                return true;
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
    public static bool TryEvaluateCondition(Expression expression, IReadOnlyDictionary<string, JsonNode?> variables, DirectDates dates, out bool result)
    {
        result = false;
        if (!TryValue(expression, variables, dates, out var value))
        {
            return false;
        }

        result = value.Kind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => value.Text!.Length > 0,
            JsonValueKind.Number => value.Number is not (0 or double.NaN),
            JsonValueKind.Object or JsonValueKind.Array or Date => true,
            _ => false,
        };
        return true;
    }

    private static bool TryValue(Expression expression, IReadOnlyDictionary<string, JsonNode?> variables, DirectDates dates, out Value value)
    {
        value = default;
        switch (expression)
        {
            case Identifier identifier:
                return variables.TryGetValue(identifier.Name, out var variable) && TryRead(variable, out value);
            case MemberExpression { Computed: false, Optional: false, Property: Identifier property } member:
                return TryValue(member.Object, variables, dates, out var owner)
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
            case UnaryExpression { Operator: Operator.UnaryNegation, Argument: NumericLiteral negated }:
                value = new Value(JsonValueKind.Number, null, null, -negated.Value);
                return true;
            case NonLogicalBinaryExpression binary:
                return TryBinary(binary, variables, dates, out value);
            case CallExpression { Optional: false, Callee: Identifier callee } call:
                return TryDateHelper(callee.Name, call.Arguments, variables, dates, out value);
            default:
                return false;
        }
    }

    /// <summary>
    /// A date helper of the prelude. Names of helpers cannot be variables (the evaluator refuses a variable that would
    /// shadow one), so the name is the helper. Its argument is a Date or an ISO date-time text (a number, which the
    /// prelude also takes, is left to it), its count is the prelude's, and any failure is left to the sandbox.
    /// </summary>
    private static bool TryDateHelper(string name, in NodeList<Expression> arguments, IReadOnlyDictionary<string, JsonNode?> variables, DirectDates dates, out Value value)
    {
        value = default;
        var values = new Value[arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (!TryValue(arguments[i], variables, dates, out values[i]))
            {
                return false;
            }
        }

        try
        {
            double? time = (name, values) switch
            {
                ("now", []) => dates.NowMilliseconds(),
                ("date", [{ Kind: JsonValueKind.String } text]) => dates.ParseDate(text.Text!),
                ("addDuration", [var d, { Kind: JsonValueKind.String } iso]) when TryTime(d, dates, out var from) => dates.AddDuration(from, iso.Text!),
                (_, [var d, { Kind: JsonValueKind.Number } n]) when dates.Functions.TryGetValue(name, out var function) && TryTime(d, dates, out var from) =>
                    function(DateTimeOffset.FromUnixTimeMilliseconds((long)from), n.Number).ToUnixTimeMilliseconds(),
                _ => null,
            };
            if (time is not { } ms || double.IsNaN(ms) || Math.Abs(ms) > MaxTime)
            {
                return false;
            }

            // new Date(ms) keeps the integral part (TimeClip).
            value = new Value(Date, null, null, Math.Truncate(ms) + 0.0);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The sandbox runs it again and reports the error in its own words.
            return false;
        }
    }

    /// <summary>What the prelude's <c>ms(d)</c> gives for a Date or a date-time text.</summary>
    private static bool TryTime(Value d, DirectDates dates, out double time)
    {
        time = d.Kind switch
        {
            Date => d.Number,
            JsonValueKind.String => dates.ParseDate(d.Text!),
            _ => double.NaN,
        };
        return !double.IsNaN(time);
    }

    private static bool TryBinary(NonLogicalBinaryExpression binary, IReadOnlyDictionary<string, JsonNode?> variables, DirectDates dates, out Value value)
    {
        value = default;
        if (!TryValue(binary.Left, variables, dates, out var left) || !TryValue(binary.Right, variables, dates, out var right))
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
