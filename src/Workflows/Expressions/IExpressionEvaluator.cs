using System.Text.Json.Nodes;

namespace Zzut.Workflows.Expressions;

/// <summary>Evaluates the JavaScript inside <c>${…}</c> with the process variables in scope.</summary>
public interface IExpressionEvaluator
{
    /// <summary>
    /// Evaluates an expression. The result is JSON: undefined and null become null, a <c>Date</c> becomes an ISO 8601 UTC
    /// string, objects and arrays become JSON objects and arrays.
    /// </summary>
    /// <exception cref="ExpressionException">The expression failed or hit a sandbox limit.</exception>
    JsonNode? Evaluate(string source, IReadOnlyDictionary<string, JsonNode?> variables);

    /// <summary>Evaluates an expression for its JavaScript truthiness.</summary>
    /// <exception cref="ExpressionException">The expression failed or hit a sandbox limit.</exception>
    bool EvaluateCondition(string source, IReadOnlyDictionary<string, JsonNode?> variables);

    /// <summary>Checks that an expression parses, without running it.</summary>
    /// <exception cref="ExpressionSyntaxException">It does not.</exception>
    void CheckSyntax(string source);

    /// <summary>
    /// True when a variable of this name would shadow a helper (<c>now</c>, <c>date</c>, <c>addDuration</c>,
    /// <c>addWorkdays</c>, …) or a built-in of the sandbox; evaluating with such a variable fails.
    /// </summary>
    bool IsReservedName(string name);
}

/// <summary>
/// A date function offered to expressions in addition to the built-in ones, e.g. <c>addWorkdays(date, n)</c>:
/// it receives an instant and a number and returns an instant.
/// </summary>
/// <param name="Name">The JavaScript name.</param>
/// <param name="Invoke">The implementation.</param>
public sealed record ExpressionDateFunction(string Name, Func<DateTimeOffset, double, DateTimeOffset> Invoke);
