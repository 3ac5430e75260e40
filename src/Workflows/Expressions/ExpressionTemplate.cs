using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zzut.Workflows.Expressions;

/// <summary>
/// A text with <c>${…}</c> expressions: a literal (none), a single expression (the whole text is one <c>${…}</c>: its
/// value keeps its type), or a mix (each expression is rendered into the text).
/// </summary>
public sealed class ExpressionTemplate
{
    private readonly IReadOnlyList<(bool IsExpression, string Text)> parts;

    private ExpressionTemplate(IReadOnlyList<(bool IsExpression, string Text)> parts, bool isSingle)
    {
        this.parts = parts;
        IsSingleExpression = isSingle;
    }

    /// <summary>True when the text has no <c>${…}</c>.</summary>
    public bool IsLiteral => parts.All(p => !p.IsExpression);

    /// <summary>True when the whole (trimmed) text is exactly one <c>${…}</c>.</summary>
    public bool IsSingleExpression { get; }

    /// <summary>The expressions, in order, without <c>${}</c>.</summary>
    public IReadOnlyList<string> Expressions => [.. parts.Where(p => p.IsExpression).Select(p => p.Text)];

    /// <summary>True when the text contains <c>${</c>.</summary>
    public static bool ContainsExpression(string? text) => text is not null && text.Contains("${", StringComparison.Ordinal);

    /// <summary>Splits a text into literal parts and expressions.</summary>
    /// <exception cref="ExpressionSyntaxException">A <c>${</c> is not closed.</exception>
    public static ExpressionTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(bool, string)>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = FindClose(text, i + 2);
                if (end < 0)
                {
                    throw new ExpressionSyntaxException(text, $"'{text}' has a '${{' at position {i + 1} that is never closed.");
                }

                if (literal.Length > 0)
                {
                    parts.Add((false, literal.ToString()));
                    literal.Clear();
                }

                var expression = text[(i + 2)..end].Trim();
                if (expression.Length == 0)
                {
                    throw new ExpressionSyntaxException(text, $"'{text}' has an empty '${{}}'.");
                }

                parts.Add((true, expression));
                i = end + 1;
                continue;
            }

            literal.Append(text[i]);
            i++;
        }

        if (literal.Length > 0)
        {
            parts.Add((false, literal.ToString()));
        }

        var meaningful = parts.Where(p => p.Item1 || !string.IsNullOrWhiteSpace(p.Item2)).ToList();
        var isSingle = meaningful.Count == 1 && meaningful[0].Item1;
        return new ExpressionTemplate(isSingle ? meaningful : parts, isSingle);
    }

    /// <summary>Evaluates the template: a literal as a string, a single expression as its value, a mix as a string.</summary>
    public JsonNode? Evaluate(IExpressionEvaluator evaluator, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        if (IsSingleExpression)
        {
            return evaluator.Evaluate(parts[0].Text, variables);
        }

        var text = new StringBuilder();
        foreach (var (isExpression, part) in parts)
        {
            if (!isExpression)
            {
                text.Append(part);
                continue;
            }

            var value = evaluator.Evaluate(part, variables);
            text.Append(value switch
            {
                null => string.Empty,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => value.ToJsonString(),
            });
        }

        return JsonValue.Create(text.ToString());
    }

    /// <summary>Checks that every expression parses.</summary>
    /// <exception cref="ExpressionSyntaxException">One does not.</exception>
    public void CheckSyntax(IExpressionEvaluator evaluator)
    {
        foreach (var expression in Expressions)
        {
            evaluator.CheckSyntax(expression);
        }
    }

    /// <summary>The index of the <c>}</c> closing a <c>${</c> whose body starts at <paramref name="start"/>, or -1.</summary>
    private static int FindClose(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\'' or '"' or '`':
                    i = SkipString(text, i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth == 0:
                    return i;
                case '}':
                    depth--;
                    break;
            }
        }

        return -1;
    }

    private static int SkipString(string text, int open)
    {
        var quote = text[open];
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }
}
