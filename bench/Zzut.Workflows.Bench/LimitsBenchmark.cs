using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Parsing;
using Zzut.Workflows.Runtime;

namespace Zzut.Workflows.Bench;

/// <summary>
/// The limits against hostile input, measured: how fast a deeply nested document is refused (the work of
/// <c>POST /api/definitions</c>: decoding the bytes and the deploy-time gate, on the real host), and, for each expression
/// that asks one built-in call for more than the memory limit, the outcome, the time and the peak RSS of a fresh process
/// that evaluates only that expression.
/// </summary>
internal static class LimitsBenchmark
{
    /// <summary>The allocation cases of issue 10: each one allocated 0.6–2 GB inside one call before the limits held there.</summary>
    public static readonly string[] AllocationCases =
    [
        "(function(){var a='x'.repeat(3e8),b='x'.repeat(3e8),c='x'.repeat(3e8);return a.length+b.length+c.length})()",
        "new ArrayBuffer(2e9).byteLength",
        "new Uint8Array(2e9).fill(1).length",
        "Array(1e9).join('x').length",
        "''.padStart(5e8, 'ab').length",
        "''.concat(...Array(30).fill('x'.repeat(1e7))).length",
        "'a'.repeat(1e6).replaceAll('a', 'b'.repeat(100)).length",
        "JSON.stringify(Array(5e4).fill('x'.repeat(1e4))).length",
        "encodeURIComponent('\\u00ff'.repeat(1e7)).length",
    ];

    public static async Task RunNestingAsync(IReadOnlyList<int> levels)
    {
        var dataPath = BenchHost.NewDataPath();
        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?> { ["Workflows:Hangfire:Server"] = "false" });
        try
        {
            var engine = app.Services.GetRequiredService<IWorkflowEngine>();
            foreach (var depth in levels)
            {
                var bytes = Encoding.UTF8.GetBytes(NestedDocument(depth));
                var clock = Stopwatch.StartNew();
                string outcome;
                try
                {
                    await engine.DeployAsync(XmlDocumentDecoder.Decode(bytes));
                    outcome = "deployed";
                }
                catch (BpmnValidationException ex)
                {
                    outcome = "400: " + ex.Errors[0];
                }

                Console.WriteLine($"{depth:N0} levels ({bytes.Length / (1024.0 * 1024):F1} MB): {outcome} — in {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    /// <summary>Runs every allocation case in a fresh process of this program and prints what each reported.</summary>
    public static void RunAllocations()
    {
        foreach (var expression in AllocationCases)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                start.ArgumentList.Add(typeof(LimitsBenchmark).Assembly.Location);
            }

            start.ArgumentList.Add("expression");
            start.ArgumentList.Add(expression);
            using var process = Process.Start(start)!;
            Console.WriteLine(process.StandardOutput.ReadToEnd().TrimEnd());
            process.WaitForExit();
        }
    }

    /// <summary>Evaluates one expression with the host's default limits; prints the outcome, the time and the peak RSS.</summary>
    public static void RunOne(string expression)
    {
        var evaluator = new JintExpressionEvaluator(TimeProvider.System, new ExpressionSandboxOptions());
        evaluator.Evaluate("addDuration(now(), 'PT1H')", new Dictionary<string, JsonNode?>());
        var before = PeakRssMegabytes();
        var clock = Stopwatch.StartNew();
        string outcome;
        try
        {
            outcome = "value " + evaluator.Evaluate(expression, new Dictionary<string, JsonNode?>())?.ToJsonString();
        }
        catch (ExpressionException ex)
        {
            outcome = ex.Message.Replace("Expression '" + expression + "' failed: ", string.Empty, StringComparison.Ordinal);
        }

        Console.WriteLine($"{expression}\n    → {outcome}\n    {clock.Elapsed.TotalMilliseconds:F0} ms; peak RSS {before} MB before, {PeakRssMegabytes()} MB after");
    }

    private static long PeakRssMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return -1;
    }

    private static string NestedDocument(int depth) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="bench">
          <bpmn:process id="bench-nested" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="work"><bpmn:extensionElements><x:n xmlns:x="urn:x">{string.Concat(Enumerable.Repeat("<x:n>", depth))}{string.Concat(Enumerable.Repeat("</x:n>", depth))}</x:n></bpmn:extensionElements></bpmn:userTask>
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="work" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
