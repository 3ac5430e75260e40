using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Zzut.Workflows.Activities;
using Zzut.Workflows.Activities.Builtin;
using Zzut.Workflows.Expressions;
using Zzut.Workflows.Parsing;

namespace Zzut.Workflows.Tests.Support;

/// <summary>
/// The test assembly run as a child process (<c>dotnet Zzut.Workflows.Tests.dll probe …</c>), for inputs that used to end
/// the process with a stack overflow: a test that ran them in its own process would take the test run down with it
/// when the protection is missing. Each mode prints what happened and exits 0 when the process survived.
/// <list type="bullet">
/// <item><c>evaluate EXPRESSION</c>: the sandbox's outcome;</item>
/// <item><c>incident EXPRESSION</c>: a process whose gateway condition is the expression, started on a real engine,
/// then another instance started on the same engine;</item>
/// <item><c>compile FILE</c>: the deploy-time gate's outcome for a BPMN file.</item>
/// </list>
/// </summary>
public static class SandboxProbe
{
    public static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        switch (args)
        {
            case ["probe", "evaluate", var expression]:
                Console.WriteLine(Outcome(() => new JintExpressionEvaluator(TimeProvider.System).Evaluate(expression, new Dictionary<string, JsonNode?>())?.ToJsonString() ?? "null"));
                return 0;
            case ["probe", "incident", var expression]:
                await IncidentAsync(expression);
                return 0;
            case ["probe", "compile", var file]:
                var compiler = new BpmnCompiler(new ActivityRegistry([new SetVariablesActivity()]), new JintExpressionEvaluator(TimeProvider.System));
                Console.WriteLine(Outcome(() => compiler.Compile(File.ReadAllText(file)).Id));
                return 0;
            default:
                Console.Error.WriteLine("usage: probe evaluate EXPRESSION | probe incident EXPRESSION | probe compile FILE");
                return 2;
        }
    }

    /// <summary>Runs the probe in a child process; its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(typeof(SandboxProbe).Assembly.Location);
        start.ArgumentList.Add("probe");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "the probe did not finish within 3 minutes");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    private static string Outcome(Func<string> run)
    {
        try
        {
            return "ok: " + run();
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static async Task IncidentAsync(string expression)
    {
        await using var harness = await EngineHarness.CreateAsync();
        await harness.DeployAsync(Bpmn.Process("hostile", $$"""
            <bpmn:startEvent id="start" />
            <bpmn:exclusiveGateway id="gw" default="f_b" />
            {{Bpmn.UserTask("a")}}{{Bpmn.UserTask("b")}}
            {{Bpmn.Flow("f0", "start", "gw")}}
            {{Bpmn.Flow("f_a", "gw", "a", "${" + System.Security.SecurityElement.Escape(expression) + "}")}}
            {{Bpmn.Flow("f_b", "gw", "b")}}
            """));
        var instance = await harness.StartAsync("hostile");
        var incident = instance.Incidents.SingleOrDefault();
        Console.WriteLine($"status: {instance.Status}; incident at: {incident?.ElementId}; message: {incident?.Message}");
        await harness.DeployAsync(Bpmn.SingleTask("after"));
        var after = await harness.StartAsync("after");
        Console.WriteLine($"next instance: {after.Status} at {string.Join(",", after.ActiveElementIds)}");
    }
}
