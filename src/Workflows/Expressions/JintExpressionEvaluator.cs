using System.Text;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Zzut.Workflows.Timing;

namespace Zzut.Workflows.Expressions;

/// <summary>
/// Runs expressions in Jint with a fresh engine per evaluation (nothing leaks between evaluations), strict mode, limits on
/// time, statements, memory and recursion, no CLR interop and no string compilation (<c>eval</c>, <c>Function</c>).
/// Only numbers and strings cross between JavaScript and .NET.
/// </summary>
public sealed class JintExpressionEvaluator : IExpressionEvaluator
{
    private readonly TimeProvider timeProvider;
    private readonly ExpressionSandboxOptions options;
    private readonly IReadOnlyList<ExpressionDateFunction> dateFunctions;
    private readonly Prepared<Acornima.Ast.Script> prelude;

    /// <summary>Creates the evaluator.</summary>
    public JintExpressionEvaluator(TimeProvider timeProvider, ExpressionSandboxOptions? options = null, IEnumerable<ExpressionDateFunction>? dateFunctions = null)
    {
        this.timeProvider = timeProvider;
        this.options = options ?? new ExpressionSandboxOptions();
        this.dateFunctions = [.. dateFunctions ?? []];

        var script = new StringBuilder("""
            'use strict';
            function __ms(d) {
              if (d instanceof Date) return d.getTime();
              if (typeof d === 'string') return __parseDate(d);
              if (typeof d === 'number') return d;
              throw new TypeError('expected a Date or an ISO 8601 date-time string, got ' + (d === null ? 'null' : typeof d));
            }
            function now() { return new Date(__now()); }
            function date(text) { return new Date(__parseDate(String(text))); }
            function addDuration(d, iso) { return new Date(__addDuration(__ms(d), String(iso))); }

            """);
        foreach (var function in this.dateFunctions)
        {
            script.Append($"function {function.Name}(d, n) {{ return new Date(__fn_{function.Name}(__ms(d), Number(n))); }}\n");
        }

        prelude = Engine.PrepareScript(script.ToString(), strict: true);
    }

    /// <inheritdoc />
    public JsonNode? Evaluate(string source, IReadOnlyDictionary<string, JsonNode?> variables) =>
        Run(source, variables, (engine, value) =>
        {
            if (value.IsNumber() && (double.IsNaN(value.AsNumber()) || double.IsInfinity(value.AsNumber())))
            {
                throw new ExpressionException(source, $"Expression '{source}' produced {value.AsNumber()}, which is not a usable value.");
            }

            if (value.IsUndefined() || value.IsNull())
            {
                return null;
            }

            var json = new JsonSerializer(engine).Serialize(value);
            return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
        });

    /// <inheritdoc />
    public bool EvaluateCondition(string source, IReadOnlyDictionary<string, JsonNode?> variables) =>
        Run(source, variables, (_, value) => TypeConverter.ToBoolean(value));

    /// <inheritdoc />
    public void CheckSyntax(string source)
    {
        try
        {
            Engine.PrepareScript(Wrap(source), strict: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ExpressionSyntaxException(source, $"Expression '{source}' does not parse: {Inner(ex).Message}", ex);
        }
    }

    private T Run<T>(string source, IReadOnlyDictionary<string, JsonNode?> variables, Func<Engine, JsValue, T> convert)
    {
        var engine = new Engine(o => o
            .Strict()
            .TimeoutInterval(options.TimeLimit)
            .MaxStatements(options.MaxStatements)
            .LimitMemory(options.MemoryLimitBytes)
            .LimitRecursion(options.RecursionLimit)
            .DisableStringCompilation());
        try
        {
            var nowMs = (double)timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            engine.SetValue("__now", new Func<double>(() => nowMs));
            engine.SetValue("__parseDate", new Func<string, double>(ParseDate));
            engine.SetValue("__addDuration", new Func<double, string, double>(AddDuration));
            foreach (var function in dateFunctions)
            {
                var invoke = function.Invoke;
                engine.SetValue("__fn_" + function.Name, new Func<double, double, double>((ms, n) =>
                    invoke(DateTimeOffset.FromUnixTimeMilliseconds((long)ms), n).ToUnixTimeMilliseconds()));
            }

            engine.Execute(prelude);
            var parser = new JsonParser(engine);
            foreach (var (name, value) in variables)
            {
                if (IsIdentifier(name))
                {
                    engine.SetValue(name, value is null ? JsValue.Null : parser.Parse(value.ToJsonString()));
                }
            }

            var result = engine.Evaluate(Wrap(source));
            return convert(engine, result);
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ExpressionException(source, Describe(source, ex), ex);
        }
    }

    private static string Wrap(string source) => "(" + source + "\n)";

    private string Describe(string source, Exception ex)
    {
        var inner = Inner(ex);
        var what = inner switch
        {
            TimeoutException => $"exceeded the time limit of {options.TimeLimit.TotalMilliseconds:0} ms",
            StatementsCountOverflowException => $"exceeded the limit of {options.MaxStatements} statements",
            MemoryLimitExceededException => $"exceeded the memory limit of {options.MemoryLimitBytes / (1024 * 1024)} MB",
            RecursionDepthOverflowException => $"exceeded the recursion limit of {options.RecursionLimit}",
            JavaScriptException js => js.Message,
            _ => inner.Message,
        };
        return $"Expression '{source}' failed: {what}";
    }

    private static Exception Inner(Exception ex) => ex is ScriptPreparationException { InnerException: { } inner } ? inner : ex;

    private static double ParseDate(string text) =>
        IsoDateTime.TryParse(text, out var instant)
            ? instant.ToUnixTimeMilliseconds()
            : throw new FormatException($"'{text}' is not an ISO 8601 date-time.");

    private static double AddDuration(double ms, string iso) =>
        IsoDuration.Parse(iso).AddTo(DateTimeOffset.FromUnixTimeMilliseconds((long)ms)).ToUnixTimeMilliseconds();

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] is '_' or '$'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }

        return name is not ("__ms" or "__now" or "__parseDate" or "__addDuration" or "now" or "date" or "addDuration");
    }
}
