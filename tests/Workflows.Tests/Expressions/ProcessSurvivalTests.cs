using Zzut.Workflows.Tests.Support;

namespace Zzut.Workflows.Tests.Expressions;

/// <summary>
/// Expressions that used to end the process with a stack overflow, each run in a child process
/// (<see cref="SandboxProbe"/>): where the protection is missing they end that process, not the test run. The cases run
/// in parallel (each is a separate process waiting on its own output).
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ProcessSurvivalTests
{
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
            Assert.That(output, Does.Contain("stack depth guard").Or.Contain("time limit"), "whichever stops it first on a busy machine");
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

    /// <summary>Which limit stops these first (depth, recursion, time) depends on how busy the machine is; that one does is the point.</summary>
    [TestCase("(function(){var a=[];for(var i=0;i<40000;i++)a=[a];return a})()", TestName = "ADeeplyNestedResultIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var o={};for(var i=0;i<40000;i++)o={o:o};return o})()", TestName = "ADeeplyNestedObjectResultIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var a=[];for(var i=0;i<40000;i++)a=[a];return String(a)})()", TestName = "ADeeplyNestedArrayTurnedIntoTextIsAnExpressionErrorAndTheProcessSurvives")]
    [TestCase("(function(){var a=[];for(var i=0;i<40000;i++)a=[a];return JSON.stringify(a).length})()", TestName = "ADeeplyNestedArrayInJsonStringifyIsAnExpressionErrorAndTheProcessSurvives")]
    public void DeepValuesAreStoppedBeforeTheStackRunsOut(string expression) =>
        AssertSurvivedWithAnExpressionError(SandboxProbe.Run("evaluate", expression), "Expression");
}
