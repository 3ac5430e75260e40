using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Expressions;

namespace Zzut.Workflows.Tests.Expressions;

/// <summary>The Jint sandbox: values in and out, helpers, limits, and escape attempts.</summary>
public sealed class ExpressionSandboxTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private readonly JintExpressionEvaluator evaluator = new(new FakeTimeProvider(Now), new ExpressionSandboxOptions { TimeLimit = TimeSpan.FromSeconds(2) });

    private static Dictionary<string, JsonNode?> Vars(string json) =>
        JsonNode.Parse(json)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone());

    [TestCase("level >= 2", "{\"level\":3}", true)]
    [TestCase("level >= 2", "{\"level\":1}", false)]
    [TestCase("category === 'network-attack' && level <= 2", "{\"category\":\"network-attack\",\"level\":2}", true)]
    [TestCase("approved", "{\"approved\":false}", false)]
    [TestCase("unit.code == 'jsj'", "{\"unit\":{\"code\":\"jsj\"}}", true)]
    [TestCase("findings.length > 0", "{\"findings\":[\"弱口令\"]}", true)]
    public void ConditionSeesVariablesByName(string source, string variables, bool expected) =>
        Assert.That(evaluator.EvaluateCondition(source, Vars(variables)), Is.EqualTo(expected));

    [Test]
    public void ValuesComeBackAsJson()
    {
        var vars = Vars("{\"a\":2,\"name\":\"网络中心\",\"list\":[1,2]}");
        Assert.Multiple(() =>
        {
            Assert.That(evaluator.Evaluate("a * 21", vars)!.GetValue<long>(), Is.EqualTo(42));
            Assert.That(evaluator.Evaluate("a / 4", vars)!.GetValue<double>(), Is.EqualTo(0.5));
            Assert.That(evaluator.Evaluate("'报送' + name", vars)!.GetValue<string>(), Is.EqualTo("报送网络中心"));
            Assert.That(evaluator.Evaluate("({ n: a, items: list.concat([3]) })", vars)!.ToJsonString(), Is.EqualTo("{\"n\":2,\"items\":[1,2,3]}"));
            Assert.That(evaluator.Evaluate("undefined", vars), Is.Null);
            Assert.That(evaluator.Evaluate("null", vars), Is.Null);
        });
    }

    [Test]
    public void DateHelpersUseTheInjectedClockAndCalendarArithmetic()
    {
        var none = new Dictionary<string, JsonNode?>();
        Assert.Multiple(() =>
        {
            Assert.That(evaluator.Evaluate("now()", none)!.GetValue<string>(), Is.EqualTo("2026-03-02T01:00:00.000Z"));
            Assert.That(evaluator.Evaluate("addDuration(now(), 'PT30M')", none)!.GetValue<string>(), Is.EqualTo("2026-03-02T01:30:00.000Z"));
            Assert.That(evaluator.Evaluate("addDuration('2028-02-29T00:00:00Z', 'P3Y')", none)!.GetValue<string>(), Is.EqualTo("2031-02-28T00:00:00.000Z"));
            Assert.That(evaluator.Evaluate("addDuration('2026-01-31T00:00:00Z', 'P1M')", none)!.GetValue<string>(), Is.EqualTo("2026-02-28T00:00:00.000Z"));
            Assert.That(evaluator.Evaluate("date('2026-03-02T09:00:00+08:00') <= now()", none)!.GetValue<bool>(), Is.True);
            Assert.That(evaluator.EvaluateCondition("addDuration(occurredAt, 'PT1H') < now()", Vars("{\"occurredAt\":\"2026-03-01T23:30:00Z\"}")), Is.True);
        });
    }

    [Test]
    public void ExtraDateFunctionsAreOffered()
    {
        var withWorkdays = new JintExpressionEvaluator(new FakeTimeProvider(Now), null, [new ExpressionDateFunction("addWorkdays", (d, n) => d.AddDays(n * 2))]);
        Assert.That(withWorkdays.Evaluate("addWorkdays(now(), 1)", new Dictionary<string, JsonNode?>())!.GetValue<string>(), Is.EqualTo("2026-03-04T01:00:00.000Z"));
    }

    [TestCase("date('next tuesday')", "ISO 8601")]
    [TestCase("addDuration(now(), '30 minutes')", "ISO 8601 duration")]
    [TestCase("missing + 1", "missing is not defined")]
    [TestCase("a.b.c", "")]
    [TestCase("(function(){ throw new Error('审批失败'); })()", "审批失败")]
    [TestCase("0/0", "not a usable value")]
    public void FailuresAreExpressionExceptionsWithAPlainMessage(string source, string messagePart)
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(source, Vars("{\"a\":{}}")));
        Assert.That(ex!.Message, Does.Contain(messagePart));
        Assert.That(ex.Expression, Is.EqualTo(source));
    }

    [TestCase("(function(){ while(true){} })()")]
    [TestCase("(function f(){ return f(); })()")]
    [TestCase("(function(){ var a = []; while(true){ a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + a.length); } })()")]
    public void RunawayExpressionsAreStoppedBySandboxLimits(string source)
    {
        var ex = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(source, new Dictionary<string, JsonNode?>()));
        Assert.That(ex!.Message, Does.Contain("limit"));
    }

    [TestCase("this.constructor.constructor('return 1')()")]
    [TestCase("Function('return 1')()")]
    [TestCase("eval('1')")]
    [TestCase("now.constructor('return 1')()")]
    [TestCase("(() => {}).constructor('return process')()")]
    public void CodeCompilationFromStringsIsRefused(string source) =>
        Assert.Throws<ExpressionException>(() => evaluator.Evaluate(source, new Dictionary<string, JsonNode?>()));

    [TestCase("typeof System")]
    [TestCase("typeof importNamespace")]
    [TestCase("typeof clrHelper")]
    [TestCase("typeof require")]
    [TestCase("typeof process")]
    public void NoHostObjectsAreReachable(string source) =>
        Assert.That(evaluator.Evaluate(source, new Dictionary<string, JsonNode?>())!.GetValue<string>(), Is.EqualTo("undefined"));

    [Test]
    public void PrototypePollutionDoesNotLeakIntoTheNextEvaluation()
    {
        var vars = Vars("{\"form\":{}}");
        evaluator.Evaluate("(Object.prototype.isAdmin = true, form.__proto__.approved = true, 1)", vars);
        Assert.That(evaluator.Evaluate("({}).isAdmin", vars), Is.Null);
        Assert.That(evaluator.EvaluateCondition("form.approved === true", Vars("{\"form\":{}}")), Is.False);
        Assert.That(vars["form"]!.ToJsonString(), Is.EqualTo("{}"), "the caller's variables are not touched");
    }

    [TestCase("level >= ")]
    [TestCase("a b")]
    [TestCase("}")]
    public void SyntaxIsCheckedWithoutRunning(string source) =>
        Assert.Throws<ExpressionSyntaxException>(() => evaluator.CheckSyntax(source));

    [Test]
    public void SyntaxCheckAcceptsValidExpressionsWithoutRunningThem() =>
        Assert.DoesNotThrow(() => evaluator.CheckSyntax("(function(){ while(true){} })()"));
}
