using Zzut.Workflows.Bench;

// Benchmarks print figures; they are not tests and assert nothing.
//   timers [count]  arm COUNT timers due in the same second on the real Hangfire server; time until all fired, lateness
//   timers-nodes [count] [hosts] [lead-minutes]  HOSTS hosts in this process on one PostgreSQL database (ZZUT_TEST_POSTGRES, or
//                   --ConnectionStrings:Workflows=…), COUNT timers due in one second: each fired exactly once (counted in
//                   the database), lateness p50/p99/max; the due second at least LEAD-MINUTES after the arming begins
//                   (more than 5 puts every timer beyond the dispatchers' window when armed, as deadlines set days ahead are);
//                   first fires warm-up timers until the JIT settles, as on a host in service (--cold skips that: freshly started hosts)
//   reference-check [count]  µs per check of reference_versions on PostgreSQL (ZZUT_TEST_POSTGRES), ADR 0020
//   timers-precision [count]  COUNT single timers in a row on an idle host; the lateness of each
//   steps [count]   the engine's sequential step rate without Hangfire (starts/s, timer firings/s)
//   email [count]   queue COUNT e-mails to a local SMTP server (Debian's aiosmtpd) through the outbox jobs; messages/s
//   scans [count]   evaluation-scan over COUNT due systems and vm-reregistration-scan over COUNT due VMs; time, instances
//   review [count] [concurrency]   the review model through the in-process engine; instances/s, steps/s ÷ raw commits/s
//                   (--no-peer skips the bpmn-engine run, e.g. while iterating)
//   review-nodes [count] [concurrency] [hosts]   the same on HOSTS hosts in this process on one PostgreSQL database
//                   (as timers-nodes), the callers split over the hosts
//   http-review [count] [concurrency]   the review model through the HTTP API (Kestrel, signed-in users, forms): 1 client vs CONCURRENCY
//   inbox [tasks]   p50/p95 of one unit user's open-task query at TASKS user tasks (default 1,000,000, seeded with SQL)
//   memory [instances]   RSS of the host with INSTANCES active instances (default 100,000, seeded with SQL)
//   nesting [levels…]  time to refuse documents nested LEVELS deep in extensionElements (default 64000 400000)
//   allocations     each expression of issue 10 that asks one built-in call for too much, in a fresh process: outcome, time, peak RSS
//   expression CODE one expression in this process: outcome, time, peak RSS before and after
//   migrate [instances]  migrate-to-postgresql of a file with 2,000 reviews run to their end and INSTANCES seeded (default 100,000; needs ZZUT_TEST_POSTGRES)
//   signin [count]  COUNT sign-ins each with an existing name (wrong password), an unknown name and the right password; ms
BenchHost.NoPeer = args.Contains("--no-peer", StringComparer.Ordinal);
BenchHost.Cold = args.Contains("--cold", StringComparer.Ordinal);
BenchHost.Overrides = [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a is not "--no-peer" and not "--cold")];
args = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
var command = args.FirstOrDefault() ?? "timers";
var count = args.Length > 1 && int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : command switch { "email" => 1000, "signin" => 200, _ => 10_000 };
switch (command)
{
    case "timers":
        await TimerBenchmark.RunAsync(count);
        return 0;
    case "timers-nodes":
        return await NodesTimerBenchmark.RunAsync(
            count,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2,
            args.Length > 3 ? TimeSpan.FromMinutes(double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.Zero);
    case "reference-check":
        return await NodesTimerBenchmark.RunReferenceCheckAsync(args.Length > 1 ? count : 5000);
    case "timers-precision":
        await TimerBenchmark.RunPrecisionAsync(args.Length > 1 ? count : 20);
        return 0;
    case "steps":
        await StepBenchmark.RunAsync(count);
        return 0;
    case "email":
        await EmailBenchmark.RunAsync(count);
        return 0;
    case "review":
        await ReviewBenchmark.RunAsync(args.Length > 1 ? count : 2000, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8);
        return 0;
    case "review-nodes":
        return await ReviewNodesBenchmark.RunAsync(
            args.Length > 1 ? count : 2000,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 2);
    case "http-review":
        await HttpReviewBenchmark.RunAsync(args.Length > 1 ? count : 1000, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8);
        return 0;
    case "inbox":
        await InboxBenchmark.RunAsync(args.Length > 1 ? count : 1_000_000);
        return 0;
    case "memory":
        await MemoryBenchmark.RunAsync(args.Length > 1 ? count : 100_000);
        return 0;
    case "scans":
        await ScanBenchmark.RunAsync(count);
        return 0;
    case "migrate":
        return await MigrateBenchmark.RunAsync(args.Length > 1 ? count : 100_000);
    case "signin":
        await SignInBenchmark.RunAsync(count);
        return 0;
    case "nesting":
        await LimitsBenchmark.RunNestingAsync(args.Length > 1 ? [.. args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [64_000, 400_000]);
        return 0;
    case "allocations":
        LimitsBenchmark.RunAllocations();
        return 0;
    case "expression" when args.Length > 1:
        LimitsBenchmark.RunOne(args[1]);
        return 0;
    default:
        Console.Error.WriteLine("usage: bench timers [count] | timers-nodes [count] [hosts] | reference-check [count] | timers-precision [count] | steps [count] | review [count] [concurrency] | http-review [count] [concurrency] | inbox [tasks] | memory [instances] | email [count] | scans [count] | nesting [levels…] | allocations | expression CODE | signin [count] | migrate [instances]");
        return 2;
}
