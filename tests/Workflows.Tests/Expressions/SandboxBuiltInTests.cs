using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Expressions;

namespace Zzut.Workflows.Tests.Expressions;

/// <summary>
/// The built-ins the sandbox replaces (to check the memory limit first) still do what JavaScript says, and the direct
/// path for simple expressions agrees with the sandbox.
/// </summary>
public sealed class SandboxBuiltInTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly ExpressionDateFunction[] DateFunctions =
    [
        new("addWorkdays", (d, n) => d.AddDays(n * 7 / 5.0)),
        new("startOfDay", (d, _) => new DateTimeOffset(d.UtcDateTime.Date, TimeSpan.Zero)),
        new("unsupported", (_, _) => throw new NotSupportedException("a host function that fails")),
    ];

    private static readonly JintExpressionEvaluator Evaluator = new(new FakeTimeProvider(Now), dateFunctions: DateFunctions);
    private static readonly JintExpressionEvaluator SandboxOnly = new(new FakeTimeProvider(Now), dateFunctions: DateFunctions) { UseDirectEvaluation = false };

    private static Dictionary<string, JsonNode?> Vars(string json) =>
        JsonNode.Parse(json)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone());

    [TestCase("'ab'.repeat(3)", "ababab")]
    [TestCase("'ab'.repeat(0)", "")]
    [TestCase("'5'.padStart(3, '0')", "005")]
    [TestCase("'5'.padEnd(4, 'xy')", "5xyx")]
    [TestCase("'abc'.padStart(2)", "abc")]
    [TestCase("'a'.concat(1, null, [2, 3])", "a1null2,3")]
    [TestCase("'2026-03-02'.replace(/(\\d+)-(\\d+)-(\\d+)/, '$3.$2.$1')", "02.03.2026")]
    [TestCase("'abc'.replace(/b/, '[$&|$`|$\\'|$$]')", "a[b|a|c|$]c")]
    [TestCase("'2026-03'.replace(/(?<y>\\d+)-(?<m>\\d+)/, '$<m>/$<y>')", "03/2026")]
    [TestCase("'ab'.replace(/(a)/, '$10')", "a0b")]
    [TestCase("'ab'.replace(/(a)/, '$2')", "$2b")]
    [TestCase("'a-b-c'.replaceAll('-', '+')", "a+b+c")]
    [TestCase("'a-b-c'.replace('-', '$&$&')", "a--b-c")]
    [TestCase("'a-b-c'.replaceAll(/-/g, (m, i) => i)", "a1b3c")]
    [TestCase("'x'.replace('x', () => 'y')", "y")]
    [TestCase("[1, null, undefined, 'a', [2, 3]].join('|')", "1|||a|2,3")]
    [TestCase("String([1, [2, [3]]])", "1,2,3")]
    [TestCase("[1, 2].join()", "1,2")]
    [TestCase("Array(3).join('-')", "--")]
    [TestCase("String.raw`a\\n${1 + 1}b`", "a\\n2b")]
    [TestCase("JSON.stringify({ b: 1, a: [1, 'x', null], c: undefined })", "{\"b\":1,\"a\":[1,\"x\",null]}")]
    [TestCase("JSON.stringify({ a: 1, b: { a: 2, c: 3 } }, ['a', 'b'])", "{\"a\":1,\"b\":{\"a\":2}}")]
    [TestCase("JSON.stringify({ a: 1, b: 'x' }, (k, v) => typeof v === 'number' ? v * 10 : v)", "{\"a\":10,\"b\":\"x\"}")]
    [TestCase("JSON.stringify([1, { a: 2 }], null, 2)", "[\n  1,\n  {\n    \"a\": 2\n  }\n]")]
    [TestCase("JSON.stringify(date('2026-03-02T09:00:00+08:00'))", "\"2026-03-02T01:00:00.000Z\"")]
    [TestCase("JSON.parse('{\"a\":[1,2]}').a[1] + ''", "2")]
    [TestCase("'Straße'.toUpperCase()", "STRASSE")]
    [TestCase("'ÅB'.toLowerCase()", "åb")]
    [TestCase("'e\\u0301'.normalize()", "é")]
    [TestCase("encodeURIComponent('网络 a&b')", "%E7%BD%91%E7%BB%9C%20a%26b")]
    public void ReplacedBuiltInsBehaveAsJavaScriptSays(string expression, string expected) =>
        Assert.That(Evaluator.Evaluate(expression, new Dictionary<string, JsonNode?>())!.GetValue<string>(), Is.EqualTo(expected));

    [Test]
    public void ReplacingABuiltInInAnExpressionDoesNotUncoverTheOriginal()
    {
        // The expression sees only the wrapper: replacing Reflect.apply or Function.prototype.call after the prelude does
        // not hand the original repeat to the expression, and the limit still holds.
        var ex = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(
            "(function(){ var seen = []; Reflect.apply = function(f, t, a){ seen.push(f); return 0; }; Function.prototype.call = Reflect.apply; var r = 'x'.repeat(3e8); return seen.length; })()",
            new Dictionary<string, JsonNode?>()));
        Assert.That(ex!.Message, Does.Contain("超出内存上限"));
    }

    [TestCase("unitCode", "{\"unitCode\":\"jsj\"}")]
    [TestCase("vm.serverName", "{\"vm\":{\"serverName\":\"web-01\"}}")]
    [TestCase("vm", "{\"vm\":{\"serverName\":\"web-01\",\"cpu\":[1,2]}}")]
    [TestCase("level", "{\"level\":3}")]
    [TestCase("'unit:' + unitCode", "{\"unitCode\":\"jsj\"}")]
    [TestCase("'unit:' + unitCode + ',unit:' + unitCode + ':head'", "{\"unitCode\":\"jsj\"}")]
    [TestCase("decision == 'approve'", "{\"decision\":\"approve\"}")]
    [TestCase("decision != 'approve'", "{\"decision\":\"reject\"}")]
    [TestCase("approvedLevel >= 2", "{\"approvedLevel\":2}")]
    [TestCase("approvedLevel < 2", "{\"approvedLevel\":1.5}")]
    [TestCase("'b' > 'a'", "{}")]
    [TestCase("'B' < 'a'", "{}")]
    [TestCase("flag === true", "{\"flag\":false}")]
    [TestCase("empty == null", "{\"empty\":null}")]
    [TestCase("true", "{}")]
    [TestCase("null", "{}")]
    [TestCase("'text'", "{}")]
    [TestCase("level == '3'", "{\"level\":3}")]
    [TestCase("'n' + level", "{\"level\":3}")]
    [TestCase("vm.missing", "{\"vm\":{}}")]
    [TestCase("2", "{}")]
    [TestCase("now()", "{}")]
    [TestCase("addDuration(now(), 'P14D')", "{}")]
    [TestCase("addDuration(now(), 'PT90M')", "{}")]
    [TestCase("addDuration(dueDate + 'T23:59:59+08:00', 'P14D')", "{\"dueDate\":\"2026-12-20\"}")]
    [TestCase("addDuration(notice.deadline, 'P1Y')", "{\"notice\":{\"deadline\":\"2028-02-29T00:00:00Z\"}}")]
    [TestCase("date('2026-03-02T09:00:00+08:00')", "{}")]
    [TestCase("date(when)", "{\"when\":\"2026-03-02T09:00:00.123+08:00\"}")]
    [TestCase("addDuration(date(when), 'PT1S')", "{\"when\":\"2026-03-02T09:00:00.5-05:30\"}")]
    [TestCase("addWorkdays(deadline + 'T09:00:00+08:00', -3)", "{\"deadline\":\"2026-04-10\"}")]
    [TestCase("addWorkdays(now(), days)", "{\"days\":2}")]
    [TestCase("startOfDay(addDuration(now(), 'PT23H'), 0)", "{}")]
    [TestCase("now() == now()", "{}")]
    [TestCase("now() + ''", "{}")]
    [TestCase("addDuration(now(), 'P1D') > now()", "{}")]
    [TestCase("addDuration(1767225600000, 'P1D')", "{}")]
    [TestCase("addWorkdays(now(), '2')", "{}")]
    [TestCase("now(1)", "{}")]
    public void TheDirectPathAgreesWithTheSandbox(string expression, string variables)
    {
        var vars = Vars(variables);
        Assert.Multiple(() =>
        {
            Assert.That(Evaluator.Evaluate(expression, vars)?.ToJsonString(), Is.EqualTo(SandboxOnly.Evaluate(expression, vars)?.ToJsonString()));
            Assert.That(Evaluator.EvaluateCondition(expression, vars), Is.EqualTo(SandboxOnly.EvaluateCondition(expression, vars)));
        });
    }

    [Test]
    public void AnExpressionIsParsedOnceAndGivesWhatItGaveEachTimeButAVeryLongOneIsNotKept()
    {
        var evaluator = new JintExpressionEvaluator(new FakeTimeProvider(Now), dateFunctions: DateFunctions);
        Assert.Multiple(() =>
        {
            Assert.That(evaluator.EvaluateCondition("level >= 3", Vars("{\"level\":3}")), Is.True);
            Assert.That(evaluator.EvaluateCondition("level >= 3", Vars("{\"level\":2}")), Is.False);
            Assert.That(evaluator.Parses, Is.EqualTo(1), "the same text, other values");
            Assert.That(evaluator.Evaluate("[level].map(x => x * 2)[0]", Vars("{\"level\":3}"))!.GetValue<double>(), Is.EqualTo(6));
            Assert.That(evaluator.Evaluate("[level].map(x => x * 2)[0]", Vars("{\"level\":5}"))!.GetValue<double>(), Is.EqualTo(10));
            Assert.That((evaluator.Parses, evaluator.EngineRuns), Is.EqualTo((2L, 2L)), "a text the sandbox runs is parsed once too, and run each time");
            Assert.Throws<ExpressionSyntaxException>(() => evaluator.Evaluate("level >=", Vars("{\"level\":3}")));
            Assert.Throws<ExpressionSyntaxException>(() => evaluator.Evaluate("level >=", Vars("{\"level\":3}")), "a text that does not parse fails every time");

            var longText = "'" + new string('x', 2100) + "' + level";
            var before = evaluator.Parses;
            Assert.That(evaluator.Evaluate(longText, Vars("{\"level\":1}"))!.GetValue<string>(), Is.EqualTo(new string('x', 2100) + "1"));
            Assert.That(evaluator.Evaluate(longText, Vars("{\"level\":2}"))!.GetValue<string>(), Is.EqualTo(new string('x', 2100) + "2"));
            Assert.That(evaluator.Parses - before, Is.EqualTo(2), "a text longer than 2,000 characters is parsed at each evaluation");

            before = evaluator.Parses;
            evaluator.CheckSyntax("level * 7");
            evaluator.CheckSyntax("level * 7");
            Assert.That(evaluator.Parses - before, Is.EqualTo(2), "a definition being checked (a draft too) does not fill the cache");
        });
    }

    [Test]
    public void AFullCacheOfParsedExpressionsIsEmptiedAndFillsAgainWithTheTextsInUse()
    {
        var evaluator = new JintExpressionEvaluator(new FakeTimeProvider(Now));
        var vars = Vars("{\"level\":1}");
        for (var i = 0; i < 4096; i++)
        {
            evaluator.Evaluate($"level + {i}", vars);
        }

        evaluator.Evaluate("level + 0", vars);
        Assert.That(evaluator.Parses, Is.EqualTo(4096), "4,096 texts are kept");
        evaluator.Evaluate("level + 4096", vars); // the 4,097th: the cache is emptied, then keeps it
        evaluator.Evaluate("level + 0", vars);
        evaluator.Evaluate("level + 4096", vars);
        evaluator.Evaluate("level + 0", vars);
        Assert.That(evaluator.Parses, Is.EqualTo(4098), "after emptying, the texts still in use are parsed once more and kept again");
    }

    [Test]
    public void TheDateHelpersOfDueDatesAndTimersNeedNoEngine()
    {
        var evaluator = new JintExpressionEvaluator(new FakeTimeProvider(Now), dateFunctions: DateFunctions);
        var vars = Vars("{\"dueDate\":\"2026-12-20\",\"notice\":{\"deadline\":\"2026-04-10\"}}");
        Assert.Multiple(() =>
        {
            Assert.That(evaluator.Evaluate("addDuration(now(), 'P14D')", vars)!.GetValue<string>(), Is.EqualTo("2026-03-16T01:00:00.000Z"));
            Assert.That(evaluator.Evaluate("addDuration(dueDate + 'T23:59:59+08:00', 'P14D')", vars)!.GetValue<string>(), Is.EqualTo("2027-01-03T15:59:59.000Z"));
            Assert.That(evaluator.Evaluate("addWorkdays(notice.deadline + 'T09:00:00+08:00', -5)", vars)!.GetValue<string>(), Is.EqualTo("2026-04-03T01:00:00.000Z"));
            Assert.That(evaluator.EngineRuns, Is.Zero);
            Assert.That(evaluator.Evaluate("addDuration(now(), 'P14D').getTime()", vars)!.GetValue<double>(), Is.EqualTo(Now.AddDays(14).ToUnixTimeMilliseconds()));
            Assert.That(evaluator.EngineRuns, Is.EqualTo(1), "a method of the Date is the sandbox's");
        });
    }

    [TestCase("missing")]
    [TestCase("vm.serverName")]
    [TestCase("addDuration(now(), 'P1X')")]
    [TestCase("addDuration('yesterday', 'P1D')")]
    [TestCase("date('2026-13-45')")]
    [TestCase("addDuration(now(), 'P9000Y')")]
    [TestCase("addWorkdays(null, 1)")]
    [TestCase("addDuration(now(), '-P1M')")]
    [TestCase("addDuration(now(), 1)")]
    [TestCase("unsupported(now(), 1)")]
    public void TheDirectPathLeavesErrorsToTheSandbox(string expression) =>
        Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(expression, Vars("{\"vm\":null}")));
}
