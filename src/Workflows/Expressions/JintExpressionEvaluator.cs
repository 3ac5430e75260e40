using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using Jint.Constraints;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Zzut.Workflows.Timing;

namespace Zzut.Workflows.Expressions;

/// <summary>
/// Runs expressions in Jint with a fresh engine per evaluation (nothing leaks between evaluations), strict mode, no CLR
/// interop and no string compilation (<c>eval</c>, <c>Function</c>), and limits that hold whatever the expression does:
/// <list type="bullet">
/// <item>each evaluation runs on a sandbox thread with a known stack (<see cref="ExpressionSandboxOptions.ThreadStackBytes"/>),
/// and Jint's stack guard probes that stack at every entry into a function, however it is entered (a call, <c>new</c>, a
/// getter, a Proxy trap, a <c>toString</c>/<c>valueOf</c> coercion, a callback of a built-in), so no recursion can
/// exhaust it;</item>
/// <item>time, statements, memory, recursion and array length are limited; a regular-expression match stops at the time
/// limit; built-ins that could allocate a large string in one call check the memory limit first
/// (<c>SandboxPrelude.js</c>);</item>
/// <item>the value is turned into JSON inside the evaluation, under the same limits, no deeper than
/// <see cref="ExpressionSandboxOptions.MaxResultDepth"/>.</item>
/// </list>
/// Only numbers and strings cross between JavaScript and .NET. A variable whose name would shadow a helper or a built-in
/// is refused rather than silently hidden.
/// </summary>
public sealed class JintExpressionEvaluator : IExpressionEvaluator
{
    private const int MaxShownCharacters = 300;

    /// <summary>
    /// Parsed expressions kept at most (<see cref="parsed"/>, <see cref="scripts"/>), and the longest text kept. The
    /// expressions evaluated come from deployed definitions, a few hundred short ones; a cache that reaches the bound is
    /// emptied and fills again with the texts still in use, and a longer text is parsed at each evaluation.
    /// </summary>
    private const int MaxKeptParses = 4096;

    private const int MaxKeptLength = 2000;

    private static readonly Lazy<string> PreludeSource = new(LoadPrelude);

    private readonly TimeProvider timeProvider;
    private readonly ExpressionSandboxOptions options;
    private readonly IReadOnlyList<ExpressionDateFunction> dateFunctions;
    private readonly ScriptPreparationOptions preparation;
    private readonly Prepared<Script> prelude;
    private readonly FrozenSet<string> reservedNames;
    private readonly SandboxThreads threads;
    private readonly DirectDates directDates;

    // Parsing an expression (and walking it for BigInt literals) cost more than evaluating the common ones directly
    // (a comparison at a gateway, a variable in a name): each text is parsed once. The trees are only read afterwards,
    // by DirectEvaluation and by Jint, which shares a prepared script between engines (as the prelude is).
    private readonly ParseCache<Expression> parsed = new();
    private readonly ParseCache<Prepared<Script>> scripts = new();

    /// <summary>Creates the evaluator.</summary>
    public JintExpressionEvaluator(TimeProvider timeProvider, ExpressionSandboxOptions? options = null, IEnumerable<ExpressionDateFunction>? dateFunctions = null)
    {
        this.timeProvider = timeProvider;
        this.options = options ?? new ExpressionSandboxOptions();
        this.dateFunctions = [.. dateFunctions ?? []];
        preparation = new ScriptPreparationOptions { ParsingOptions = new ScriptParsingOptions { RegexTimeout = this.options.TimeLimit } };
        prelude = Engine.PrepareScript(PreludeSource.Value, "sandbox-prelude", strict: true, preparation);
        directDates = new DirectDates(
            () => timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            ParseDate,
            AddDuration,
            this.dateFunctions.ToDictionary(f => f.Name, f => f.Invoke, StringComparer.Ordinal)); // names are unique: the prelude defines each once
        threads = new SandboxThreads(this.options.ThreadStackBytes);
        reservedNames = threads.Run(
            () =>
            {
                var (engine, _) = CreateEngine();
                var globals = engine.Evaluate("Object.getOwnPropertyNames(globalThis).join(',')").AsString();
                return globals.Split(',').Concat(this.dateFunctions.Select(f => f.Name)).ToFrozenSet(StringComparer.Ordinal);
            });
    }

    /// <summary>
    /// Whether the simplest expressions (a variable, a property path, a literal, string concatenation, a comparison) are
    /// evaluated without an engine (<see cref="DirectEvaluation"/>); tests turn it off to compare both ways.
    /// </summary>
    internal bool UseDirectEvaluation { get; init; } = true;

    /// <summary>Evaluations that started an engine (tests check which expressions the direct path takes).</summary>
    internal long EngineRuns => Interlocked.Read(ref engineRuns);

    private long engineRuns;

    /// <summary>Texts parsed so far (tests check that each is parsed once).</summary>
    internal long Parses => Interlocked.Read(ref parses);

    private long parses;

    /// <inheritdoc />
    public JsonNode? Evaluate(string source, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var expression = Prepare(source);
        CheckNames(source, variables);
        if (UseDirectEvaluation && DirectEvaluation.TryEvaluate(expression, variables, directDates, options.MaxResultDepth, out var direct))
        {
            return direct;
        }

        var script = PrepareChecked(source, "__result(" + Wrap(source) + ")");
        var json = Run(source, variables, script, value => value.IsString() ? value.AsString() : null);
        return json is null ? null : JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = options.MaxResultDepth + 2 });
    }

    /// <inheritdoc />
    public bool EvaluateCondition(string source, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var expression = Prepare(source);
        CheckNames(source, variables);
        return UseDirectEvaluation && DirectEvaluation.TryEvaluateCondition(expression, variables, directDates, out var direct)
            ? direct
            : Run(source, variables, PrepareChecked(source, Wrap(source)), TypeConverter.ToBoolean);
    }

    /// <inheritdoc />
    public void CheckSyntax(string source) => Parse(source); // a definition being checked (a draft, too) is not kept

    /// <inheritdoc />
    public bool IsReservedName(string name) => name.StartsWith("__", StringComparison.Ordinal) || reservedNames.Contains(name);

    /// <summary>Parses <c>(source)</c>, checks that it is one expression without BigInt literals, and returns it (parsed once per text).</summary>
    private Expression Prepare(string source)
    {
        if (parsed.TryFind(source, out var kept))
        {
            return kept;
        }

        var expression = Parse(source);
        parsed.Keep(source, expression);
        return expression;
    }

    private Expression Parse(string source)
    {
        Interlocked.Increment(ref parses);
        var program = PrepareChecked(source, Wrap(source)).Program
            ?? throw new ExpressionSyntaxException(source, $"Expression '{Shorten(source)}' does not parse.");
        if (program.Body is not [ExpressionStatement statement])
        {
            throw new ExpressionSyntaxException(source, $"表达式 '{Shorten(source)}' 须为单个表达式 (the text inside ${{…}} must be one expression, not several statements).");
        }

        if (program.DescendantNodes().Any(n => n is BigIntLiteral))
        {
            throw new ExpressionSyntaxException(source, $"表达式 '{Shorten(source)}' 含 BigInt 字面量，不支持 (BigInt literals such as 1n are not supported in expressions).");
        }

        return statement.Expression;
    }

    private Prepared<Script> PrepareChecked(string source, string code)
    {
        if (scripts.TryFind(code, out var kept))
        {
            return kept;
        }

        var script = ParseChecked(source, code);
        scripts.Keep(code, script);
        return script;
    }

    /// <summary>
    /// Parses kept by their text: at most <see cref="MaxKeptParses"/> (a full cache is emptied before the next one is
    /// kept; a reader then only parses again), of texts no longer than <see cref="MaxKeptLength"/>. The size is counted
    /// here, since <c>ConcurrentDictionary.Count</c> takes all the dictionary's locks; the count can drift by the few
    /// parses kept while the cache is being emptied, which only moves when it is emptied next.
    /// </summary>
    private sealed class ParseCache<T>
    {
        private readonly ConcurrentDictionary<string, T> kept = new(StringComparer.Ordinal);
        private int count;

        public bool TryFind(string text, out T parse) => kept.TryGetValue(text, out parse!);

        public void Keep(string text, T parse)
        {
            if (text.Length > MaxKeptLength)
            {
                return;
            }

            if (Volatile.Read(ref count) >= MaxKeptParses)
            {
                kept.Clear();
                Interlocked.Exchange(ref count, 0);
            }

            if (kept.TryAdd(text, parse))
            {
                Interlocked.Increment(ref count);
            }
        }
    }

    private Prepared<Script> ParseChecked(string source, string code)
    {
        try
        {
            return Engine.PrepareScript(code, strict: true, options: preparation);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ExpressionSyntaxException(source, $"Expression '{Shorten(source)}' does not parse: {Shorten(Inner(ex).Message)}", ex);
        }
    }

    private T Run<T>(string source, IReadOnlyDictionary<string, JsonNode?> variables, Prepared<Script> script, Func<JsValue, T> convert)
    {
        Interlocked.Increment(ref engineRuns);
        try
        {
            return threads.Run(
                () =>
                {
                    var budget = new AllocationBudget(options.MemoryLimitBytes);
                    var (engine, deadline) = CreateEngine(budget);
                    var parser = new JsonParser(engine);
                    foreach (var (name, value) in variables)
                    {
                        if (IsIdentifier(name))
                        {
                            engine.SetValue(name, value is null ? JsValue.Null : parser.Parse(value.ToJsonString()));
                        }
                    }

                    budget.Start();
                    deadline.Begin(options.TimeLimit, CancellationToken.None);
                    try
                    {
                        return convert(engine.Evaluate(script));
                    }
                    catch (Exception ex) when (ex is not (OutOfMemoryException or ExpressionException))
                    {
                        // Described here, while the limits still hold: reading a thrown object's name or message can run
                        // its getters.
                        throw new ExpressionException(source, Describe(source, ex), ex);
                    }
                    finally
                    {
                        deadline.End();
                    }
                });
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

    /// <summary>Refuses a variable that would shadow a helper or built-in: the expression would silently see the other.</summary>
    private void CheckNames(string source, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        foreach (var name in variables.Keys)
        {
            if (IsReservedName(name))
            {
                throw new ExpressionException(source, $"变量名 '{Shorten(name)}' 与表达式的函数或内置对象同名，须改名 (the variable '{Shorten(name)}' would shadow the helper or built-in of that name in expressions; rename it).");
            }
        }
    }

    /// <summary>
    /// A fresh engine with the sandbox's limits, the host functions and the prelude run. The time limit is a deadline the
    /// caller arms around the expression alone: the prelude is ours and must not fail on a slow, busy machine.
    /// </summary>
    private (Engine Engine, OperationDeadlineConstraint Deadline) CreateEngine(AllocationBudget? budget = null)
    {
        var deadline = new OperationDeadlineConstraint();
        var engine = new Engine(o =>
        {
            o.Strict()
                .Constraint(deadline)
                .MaxStatements(options.MaxStatements)
                .LimitMemory(options.MemoryLimitBytes)
                .LimitRecursion(options.RecursionLimit)
                .DisableStringCompilation();
            o.Constraints.StackOverflowGuard = true;
            o.Constraints.MaxArraySize = (uint)options.MaxArrayLength;
            o.Constraints.RegexTimeout = options.TimeLimit;
        });
        var nowMs = (double)timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        engine.SetValue("__now", new Func<double>(() => nowMs));
        engine.SetValue("__parseDate", new Func<string, double>(ParseDate));
        engine.SetValue("__addDuration", new Func<double, string, double>(AddDuration));
        engine.SetValue("__budget", new Action<double>((budget ?? new AllocationBudget(options.MemoryLimitBytes)).Reserve));
        engine.SetValue("__dateFunctions", string.Join(',', dateFunctions.Select(f => f.Name)));
        engine.SetValue("__maxResultDepth", options.MaxResultDepth);
        foreach (var function in dateFunctions)
        {
            var invoke = function.Invoke;
            engine.SetValue("__fn_" + function.Name, new Func<double, double, double>((ms, n) =>
                invoke(DateTimeOffset.FromUnixTimeMilliseconds((long)ms), n).ToUnixTimeMilliseconds()));
        }

        engine.Execute(prelude);
        return (engine, deadline);
    }

    private static string Wrap(string source) => "(" + source + "\n)";

    private string Describe(string source, Exception ex)
    {
        try
        {
            return DescribeUnsafe(source, ex);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            return $"Expression '{Shorten(source)}' failed: {ex.GetType().Name} (its description could not be read within the limits)";
        }
    }

    private string DescribeUnsafe(string source, Exception ex)
    {
        var inner = Inner(ex);
        var what = inner switch
        {
            TimeoutException => $"超出时间上限 {options.TimeLimit.TotalMilliseconds:0} 毫秒 (exceeded the time limit of {options.TimeLimit.TotalMilliseconds:0} ms)",
            StatementsCountOverflowException => $"超出语句数上限 {options.MaxStatements} (exceeded the limit of {options.MaxStatements} statements)",
            MemoryLimitExceededException array when array.Message.StartsWith("The array size", StringComparison.Ordinal) =>
                $"数组超出长度上限 {options.MaxArrayLength} (exceeded the array length limit of {options.MaxArrayLength})",
            MemoryLimitExceededException => $"超出内存上限 {options.MemoryLimitBytes / (1024 * 1024)} MB (exceeded the memory limit of {options.MemoryLimitBytes / (1024 * 1024)} MB)",
            SandboxLimitException limit => limit.Message,
            RecursionDepthOverflowException => $"超出递归上限 {options.RecursionLimit} (exceeded the recursion limit of {options.RecursionLimit})",
            InsufficientExecutionStackException => "调用层次过深 (exceeded the stack depth guard)",
            JavaScriptException { Error: var error } js when IsStackGuard(error) => $"调用层次过深 (exceeded the stack depth guard: {js.Message})",
            JavaScriptException js => js.Message,
            _ => inner.Message,
        };
        return $"Expression '{Shorten(source)}' failed: {Shorten(what)}";
    }

    /// <summary>The guard's error: a RangeError "Maximum call stack size exceeded".</summary>
    private static bool IsStackGuard(JsValue error) =>
        error is Jint.Native.Object.ObjectInstance o
        && o.Get("name").ToString() == "RangeError"
        && o.Get("message").ToString().Contains("call stack", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text) => text.Length <= MaxShownCharacters ? text : string.Concat(text.AsSpan(0, MaxShownCharacters), "…");

    private static Exception Inner(Exception ex) => ex is ScriptPreparationException { InnerException: { } inner } ? inner : ex;

    private static double ParseDate(string text) =>
        IsoDateTime.TryParse(text, out var instant)
            ? instant.ToUnixTimeMilliseconds()
            : throw new FormatException($"'{Shorten(text)}' is not an ISO 8601 date-time.");

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

        return true;
    }

    private static string LoadPrelude()
    {
        using var stream = typeof(JintExpressionEvaluator).Assembly.GetManifestResourceStream("Zzut.Workflows.Expressions.SandboxPrelude.js")
            ?? throw new InvalidOperationException("The sandbox prelude is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The allocation budget the prelude's built-ins ask before a large allocation: what the evaluation thread has
    /// allocated since the evaluation began plus what is asked for must stay within the memory limit.
    /// </summary>
    private sealed class AllocationBudget(long limitBytes)
    {
        private long start = GC.GetAllocatedBytesForCurrentThread();

        public void Start() => start = GC.GetAllocatedBytesForCurrentThread();

        /// <summary>Refuses when <paramref name="characters"/> more UTF-16 characters would not fit.</summary>
        public void Reserve(double characters)
        {
            if (!(characters > 0))
            {
                return;
            }

            var used = GC.GetAllocatedBytesForCurrentThread() - start;
            var asked = characters * sizeof(char);
            if (used + asked > limitBytes)
            {
                var amount = asked >= 1e12 ? "TB" : (asked / (1024 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
                throw new SandboxLimitException(
                    $"超出内存上限 {limitBytes / (1024 * 1024)} MB：一次调用要再分配约 {amount} (exceeded the memory limit of {limitBytes / (1024 * 1024)} MB: one call would allocate about {amount} more; refused before allocating)");
            }
        }
    }
}
