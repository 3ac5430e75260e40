using System.Text.Json;
using System.Text.Json.Nodes;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Model;

namespace Zzut.Workflows.Runtime;

/// <summary>
/// What people call an instance in lists and search: its business title and its unit. A definition declares them as
/// process properties (<c>&lt;camunda:property name="title" value="${incidentTitle}"/&gt;</c>, <c>name="unit"</c>);
/// without them the variables <c>title</c> and <c>unitCode</c> are used. Evaluated when the instance starts and
/// whenever its variables change, and stored with it.
/// </summary>
public static class InstanceLabels
{
    /// <summary>The process property holding the title expression.</summary>
    public const string TitleProperty = "title";

    /// <summary>The process property holding the unit expression.</summary>
    public const string UnitProperty = "unit";

    /// <summary>The variable used as the title when the definition declares none.</summary>
    public const string TitleVariable = "title";

    /// <summary>The variable used as the unit when the definition declares none.</summary>
    public const string UnitVariable = "unitCode";

    /// <summary>The longest stored title; longer ones are cut.</summary>
    public const int TitleMaxLength = 200;

    /// <summary>The longest stored unit code.</summary>
    public const int UnitMaxLength = 64;

    /// <summary>
    /// The title and unit of an instance with these variables. An expression that fails (a variable not yet set, a
    /// typo) gives no label rather than stopping the step: a label is for reading, never for the process's course.
    /// </summary>
    internal static (string? Title, string? Unit) Evaluate(ProcessModel model, JsonObject variables, IExpressionEvaluator expressions)
    {
        var scope = InstanceExecution.ToDictionary(variables);
        return (
            Cut(Label(model, TitleProperty, TitleVariable, scope, expressions), TitleMaxLength),
            Cut(Label(model, UnitProperty, UnitVariable, scope, expressions), UnitMaxLength));
    }

    private static string? Label(ProcessModel model, string property, string fallbackVariable, Dictionary<string, JsonNode?> scope, IExpressionEvaluator expressions)
    {
        JsonNode? value;
        if (model.Properties.TryGetValue(property, out var expression))
        {
            try
            {
                value = ExpressionTemplate.Parse(expression).Evaluate(expressions, scope);
            }
            catch (Exception ex) when (ex is ExpressionException or FormatException)
            {
                // Deliberately no label: see Evaluate. The definition's author sees the gap in the lists.
                return null;
            }
        }
        else
        {
            value = scope.GetValueOrDefault(fallbackVariable);
        }

        var text = value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static string? Cut(string? text, int length) => text is { Length: > 0 } && text.Length > length ? text[..length] : text;
}
