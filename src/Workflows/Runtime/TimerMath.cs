using System.Text.Json.Nodes;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Model;
using Zzut.Workflows.Timing;

namespace Zzut.Workflows.Runtime;

/// <summary>Turns a timer definition into its first due instant (and, for cycles, the cycle to repeat).</summary>
internal static class TimerMath
{
    /// <summary>Resolves a timer armed at <paramref name="now"/>.</summary>
    /// <param name="timer">The timer definition.</param>
    /// <param name="now">The arming instant.</param>
    /// <param name="evaluate">Evaluates a text that contains <c>${…}</c>.</param>
    /// <exception cref="FormatException">The (evaluated) text is not a valid ISO 8601 value, or a cycle never fires or repeats too often.</exception>
    public static (DateTimeOffset Due, string? Cycle) Resolve(TimerTrigger timer, DateTimeOffset now, Func<string, JsonNode?> evaluate)
    {
        var text = timer.Value;
        if (ExpressionTemplate.ContainsExpression(text))
        {
            var value = evaluate(text);
            text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
        }

        switch (timer.Kind)
        {
            case TimerKind.Date:
                return (IsoDateTime.Parse(text).ToUniversalTime(), null);
            case TimerKind.Duration:
                return (IsoDuration.Parse(text).AddTo(now).ToUniversalTime(), null);
            default:
                var cycle = TimerCycle.Parse(text);
                if (cycle.FrequencyProblem() is { } tooOften)
                {
                    throw new FormatException(tooOften);
                }

                var first = cycle.FirstDue(now) ?? throw new FormatException($"The cycle '{text}' has no firing after {now:O}.");
                return (first.ToUniversalTime(), text);
        }
    }
}
