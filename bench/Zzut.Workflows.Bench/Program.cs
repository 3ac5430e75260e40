using Zzut.Workflows.Bench;

// Benchmarks print figures; they are not tests and assert nothing.
//   timers [count]  arm COUNT timers due in the same second on the real Hangfire server; time until all fired, lateness
//   steps [count]   the engine's sequential step rate without Hangfire (starts/s, timer firings/s)
//   email [count]   queue COUNT e-mails to a local SMTP server (Debian's aiosmtpd) through the outbox jobs; messages/s
//   scans [count]   evaluation-scan over COUNT due systems and vm-reregistration-scan over COUNT due VMs; time, instances
//   signin [count]  COUNT sign-ins each with an existing name (wrong password), an unknown name and the right password; ms
BenchHost.Overrides = [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal))];
args = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
var command = args.FirstOrDefault() ?? "timers";
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : command switch { "email" => 1000, "signin" => 200, _ => 10_000 };
switch (command)
{
    case "timers":
        await TimerBenchmark.RunAsync(count);
        return 0;
    case "steps":
        await StepBenchmark.RunAsync(count);
        return 0;
    case "email":
        await EmailBenchmark.RunAsync(count);
        return 0;
    case "scans":
        await ScanBenchmark.RunAsync(count);
        return 0;
    case "signin":
        await SignInBenchmark.RunAsync(count);
        return 0;
    default:
        Console.Error.WriteLine("usage: bench timers [count] | steps [count] | email [count] | scans [count] | signin [count]");
        return 2;
}
