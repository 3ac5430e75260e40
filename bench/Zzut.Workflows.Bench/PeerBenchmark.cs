using System.Diagnostics;
using System.Globalization;

namespace Zzut.Workflows.Bench;

/// <summary>
/// The peer: bench/peer/review.mjs runs the same BPMN file in memory in bpmn-engine (npm), installed with npm into
/// bench/peer/node_modules when missing. Returns instances/s, or null when Node.js is not there.
/// </summary>
internal static class PeerBenchmark
{
    public static async Task<double?> ReviewAsync(string bpmnFile, int count)
    {
        var peer = FindPeerFolder();
        if (peer is null)
        {
            Console.WriteLine("  peer: bench/peer not found next to the benchmark");
            return null;
        }

        if (!Directory.Exists(Path.Combine(peer, "node_modules", "bpmn-engine")))
        {
            Console.WriteLine("  peer: installing bpmn-engine with npm …");
            var (installed, _, error) = await RunAsync("npm", peer, "install", "--no-audit", "--no-fund");
            if (installed != 0)
            {
                Console.WriteLine($"  peer: npm install failed: {error.Trim()}");
                return null;
            }
        }

        var (exit, output, stderr) = await RunAsync("node", peer, "review.mjs", bpmnFile, count.ToString(CultureInfo.InvariantCulture));
        if (exit != 0 || !double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond))
        {
            Console.WriteLine($"  peer: bpmn-engine failed: {stderr.Trim()}");
            return null;
        }

        return perSecond;
    }

    private static string? FindPeerFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "peer");
            if (File.Exists(Path.Combine(candidate, "review.mjs")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, string.Empty, $"{program}: {ex.Message}");
        }
    }
}
