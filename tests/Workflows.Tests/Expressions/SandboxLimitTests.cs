using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Expressions;

/// <summary>
/// Hostile expressions end in an expression error (an incident on the element) and never take the process down: the
/// stack guard, the depth limit of results, allocation limits that hold inside one built-in call, the regex time limit,
/// and names that would shadow a helper. The recursion cases run in a child process (<see cref="SandboxProbe"/>): where
/// the protection is missing they end that process, not the test run.
/// </summary>
public sealed class SandboxLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, JsonNode?> NoVariables = [];

    private static readonly JintExpressionEvaluator Evaluator = new(
        new FakeTimeProvider(Now),
        null,
        [new ExpressionDateFunction("addWorkdays", (d, n) => d.AddDays(n))]);

    private static void AssertSurvivedWithAnExpressionError((int ExitCode, string Output) probe, string messagePart)
    {
        Assert.That(probe.ExitCode, Is.Zero, $"the process died: {probe.Output}");
        Assert.That(probe.Output, Does.StartWith("ExpressionException").Or.StartWith("ExpressionSyntaxException"), probe.Output);
        Assert.That(probe.Output, Does.Contain(messagePart), probe.Output);
    }

    [Test]
    public void AProxyTrapRecursionIsAnIncidentAndTheHostStaysUp()
    {
        var (exitCode, output) = SandboxProbe.Run("incident", "(function(){var p=new Proxy({},{get:function(t,k,r){return r[k]}});return p.x})()");
        Assert.That(exitCode, Is.Zero, $"the process died: {output}");
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("status: incident; incident at: gw;"));
            Assert.That(output, Does.Contain("stack depth guard"));
            Assert.That(output, Does.Contain("next instance: active at work"), "the engine goes on serving");
        });
    }

    [TestCase("(function(){var p=new Proxy({},{get:(t,k,r)=>r[k]});return p.x})()", TestName = "AnArrowProxyTrapRecursionIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var o={valueOf:function(){return +this}};return +o})()", TestName = "ValueOfReentryIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var o={valueOf(){return this*1}};return o*1})()", TestName = "ValueOfReentryThroughArithmeticIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var o={toString(){return `${this}`}};return `${o}`})()", TestName = "ToStringReentryIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var o={toString:()=>`${o}`};return String(o)})()", TestName = "ToStringReentryFromAnArrowIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var t={};var p=new Proxy(t,{get(t,k,r){return Reflect.get(t,k,r)}});Object.defineProperty(t,'x',{get(){return p.x}});return p.x})()", TestName = "GetterReentryThroughAProxyIsAnExpressionErrorAndTheProcessSurvives")]
    public void ReentryIsStoppedBeforeTheStackRunsOut(string expression) =>
        AssertSurvivedWithAnExpressionError(SandboxProbe.Run("evaluate", expression), "Expression");

    [TestCase("(function(){var a=[];for(var i=0;i<40000;i++)a=[a];return a})()", "32", TestName = "ADeeplyNestedResultIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var o={};for(var i=0;i<40000;i++)o={o:o};return o})()", "32", TestName = "ADeeplyNestedObjectResultIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var a=[];for(var i=0;i<40000;i++)a=[a];return String(a)})()", "limit", TestName = "ADeeplyNestedArrayTurnedIntoTextIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var a=[];for(var i=0;i<40000;i++)a=[a];return JSON.stringify(a).length})()", "limit", TestName = "ADeeplyNestedArrayInJsonStringifyIsAnExpressionErrorAndTheProcessSurvives")]
    public void DeepValuesAreStoppedBeforeTheStackRunsOut(string expression, string messagePart) =>
        AssertSurvivedWithAnExpressionError(SandboxProbe.Run("evaluate", expression), messagePart);

    [Test]
    public void TheStackGuardAlsoStopsTheRecursionInProcess()
    {
        var ex = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("(function(){var p=new Proxy({},{get:function(t,k,r){return r[k]}});return p.x})()", NoVariables));
        Assert.That(ex!.Message, Does.Contain("调用层次过深 (exceeded the stack depth guard"));
    }

    /// <summary>
    /// Each case asks one built-in call for far more than the 32 MB limit. It must be refused before the allocation,
    /// so the whole process allocates less than twice the limit during the evaluation (before, these allocated 0.6–2 GB).
    /// </summary>
    [TestCase("(function(){var a='x'.repeat(3e8),b='x'.repeat(3e8),c='x'.repeat(3e8);return a.length+b.length+c.length})()", TestName = "RepeatingAStringPastTheMemoryLimitIsRefusedBeforeItIsAllocated")]
    [TestCase("new ArrayBuffer(2e9).byteLength", TestName = "ABinaryBufferIsNotAvailable")]
    [TestCase("new Float64Array(2.5e8).fill(1).length", TestName = "TypedArraysAreNotAvailable")]
    [TestCase("Array(1e9).join('x').length", TestName = "AHugeArrayIsRefusedByTheArrayLengthLimit")]
    [TestCase("''.padStart(5e8, 'ab').length", TestName = "PaddingPastTheMemoryLimitIsRefusedBeforeItIsAllocated")]
    [TestCase("'ab'.padEnd(3e8).length", TestName = "PaddingTheEndPastTheMemoryLimitIsRefusedBeforeItIsAllocated")]
    [TestCase("''.concat(...Array(30).fill('x'.repeat(1e7))).length", TestName = "ConcatenatingPastTheMemoryLimitIsRefusedBeforeItIsAllocated")]
    [TestCase("'a'.repeat(1e6).replaceAll('a', 'b'.repeat(100)).length", TestName = "ReplacingPastTheMemoryLimitIsRefusedBeforeItIsAllocated")]
    [TestCase("'a'.repeat(1e5).replace(/a/g, '$`').length", TestName = "ARegexReplacementThatCopiesThePrefixIsStoppedAtTheMemoryLimit")]
    [TestCase("Array(5e4).fill('x'.repeat(1e4)).join('').length", TestName = "JoiningPastTheMemoryLimitIsStoppedAtTheMemoryLimit")]
    [TestCase("JSON.stringify(Array(5e4).fill('x'.repeat(1e4))).length", TestName = "SerializingPastTheMemoryLimitIsRefusedBeforeItIsAllocated")]
    [TestCase("(function(){var a=[];for(var i=0;i<3000;i++)a=[a];return JSON.stringify(a,null,10).length})()", TestName = "IndentedSerializationPastTheMemoryLimitIsRefused")]
    [TestCase("encodeURIComponent('\\u00ff'.repeat(1e7)).length", TestName = "EncodingPastTheMemoryLimitIsRefusedBeforeItIsAllocated")]
    [TestCase("'x'.repeat(1e7).normalize('NFKD').length", TestName = "NormalizingPastTheMemoryLimitIsRefusedBeforeItIsAllocated")]
    [TestCase("String(10n ** 300000n).length", TestName = "BigIntArithmeticIsRefused")]
    public void AllocationsInsideOneBuiltInCallStayWithinTheMemoryLimit(string expression)
    {
        var limit = new ExpressionSandboxOptions().MemoryLimitBytes;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Throws(Is.InstanceOf<ExpressionException>(), () => Evaluator.Evaluate(expression, NoVariables));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(allocated, Is.LessThan(2 * limit), $"the evaluation allocated {allocated / (1024 * 1024)} MB");
    }

    [Test]
    public void ARefusalSaysThatTheAllocationWasRefused()
    {
        var ex = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("'x'.repeat(3e8)", NoVariables));
        Assert.That(ex!.Message, Does.Contain("超出内存上限 32 MB").And.Contain("refused before allocating"));
    }

    /// <summary>
    /// The bound below is far above the 300 ms limit and far below the 10 s that Jint's default regex timeout allowed:
    /// it asserts that the expression's own limit applies to the match, not a speed.
    /// </summary>
    [TestCase("/^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')")]
    [TestCase("new RegExp('^(a|aa)+$').test('a'.repeat(60) + '!')")]
    [TestCase("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.replace(/^(a+)+$/, 'x')")]
    public void ACatastrophicRegexStopsAtTheExpressionsTimeLimit(string expression)
    {
        var quick = new JintExpressionEvaluator(new FakeTimeProvider(Now), new ExpressionSandboxOptions { TimeLimit = TimeSpan.FromMilliseconds(300) });
        var clock = Stopwatch.StartNew();
        var ex = Assert.Throws<ExpressionException>(() => quick.Evaluate(expression, NoVariables));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("time limit of 300 ms"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [TestCase("now")]
    [TestCase("date")]
    [TestCase("addDuration")]
    [TestCase("addWorkdays")]
    [TestCase("JSON")]
    [TestCase("Date")]
    [TestCase("__result")]
    public void AVariableThatWouldShadowAHelperIsRefused(string name)
    {
        var variables = new Dictionary<string, JsonNode?> { [name] = "2020-01-01T00:00:00Z", ["level"] = 2 };
        Assert.Multiple(() =>
        {
            Assert.That(Evaluator.IsReservedName(name), Is.True);
            var ex = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate("addDuration(now(), 'P1D')", variables));
            Assert.That(ex!.Message, Does.Contain($"'{name}'").And.Contain("shadow"));
            Assert.Throws<ExpressionException>(() => Evaluator.EvaluateCondition("level >= 2", variables), "the direct path refuses it too");
        });
    }

    [TestCase("unitCode")]
    [TestCase("dueDate")]
    [TestCase("name")]
    [TestCase("status")]
    public void OrdinaryNamesAreNotReserved(string name) => Assert.That(Evaluator.IsReservedName(name), Is.False);

    [TestCase("1n + 2n")]
    [TestCase("1); (2")]
    [TestCase("1)\n;(function(){})(")]
    public void BigIntLiteralsAndSeveralStatementsAreRefusedAtTheSyntaxCheck(string source) =>
        Assert.Throws<ExpressionSyntaxException>(() => Evaluator.CheckSyntax(source));

    [TestCase("typeof BigInt")]
    [TestCase("typeof Intl")]
    [TestCase("typeof Temporal")]
    [TestCase("typeof ShadowRealm")]
    [TestCase("typeof SharedArrayBuffer")]
    [TestCase("typeof __budget")]
    [TestCase("typeof __now")]
    public void WhatExpressionsNeverNeedIsGone(string source) =>
        Assert.That(Evaluator.Evaluate(source, NoVariables)!.GetValue<string>(), Is.EqualTo("undefined"));
}
