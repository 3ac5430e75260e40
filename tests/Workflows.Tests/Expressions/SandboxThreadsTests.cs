using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Zzut.Workflows.Expressions;

namespace Zzut.Workflows.Tests.Expressions;

/// <summary>The sandbox threads hand every caller its own result or exception, however many callers run at once.</summary>
public sealed class SandboxThreadsTests
{
    [Test]
    public void ConcurrentCallersEachGetTheirOwnResult()
    {
        var threads = new SandboxThreads(1024 * 1024);
        var wrong = new ConcurrentBag<int>();
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (threads.Run(() => i) != i)
            {
                wrong.Add(i);
            }
        });
        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void AnExceptionReachesTheCallerWithItsStackTrace()
    {
        var threads = new SandboxThreads(1024 * 1024);
        var ex = Assert.Throws<InvalidOperationException>(() => threads.Run<int>(() => throw new InvalidOperationException("inside")));
        Assert.That(ex!.Message, Is.EqualTo("inside"));
    }

    [Test]
    public void ConcurrentEvaluationsDoNotSeeEachOthersVariables()
    {
        var evaluator = new JintExpressionEvaluator(new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero))) { UseDirectEvaluation = false };
        var wrong = new ConcurrentBag<int>();
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var result = evaluator.Evaluate("'n' + n", new Dictionary<string, JsonNode?> { ["n"] = i });
            if (result!.GetValue<string>() != "n" + i)
            {
                wrong.Add(i);
            }
        });
        Assert.That(wrong, Is.Empty);
    }
}
