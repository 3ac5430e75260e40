using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Activities.Email;
using Zzut.Workflows.Host.Jobs;
using Zzut.Workflows.Messaging;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Bench;

/// <summary>
/// Queues N e-mails in the outbox and lets the Hangfire outbox jobs deliver them to a local SMTP server (Debian's
/// aiosmtpd, started here on a free loopback port); prints messages per second.
/// </summary>
internal static class EmailBenchmark
{
    public static async Task RunAsync(int count)
    {
        var dataPath = BenchHost.NewDataPath();
        var mailDir = Path.Combine(dataPath, "maildir");
        Directory.CreateDirectory(dataPath);
        var port = FreePort();
        using var smtp = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", mailDir])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("could not start aiosmtpd (apt-get install python3-aiosmtpd)");
        await WaitForPortAsync(port, smtp);

        var app = await BenchHost.StartAsync(dataPath, new Dictionary<string, string?>
        {
            ["Workflows:Smtp:Host"] = "127.0.0.1",
            ["Workflows:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Workflows:Smtp:Security"] = "None",
            ["Workflows:RecurringJobs:workflow-sweep:Cron"] = "0 * * * *",
        });
        try
        {
            var ids = new List<Guid>(count);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                // Written without scheduling (as a step would), so that the clock below times the sending only.
                var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
                var now = DateTimeOffset.UtcNow;
                for (var i = 0; i < count; i++)
                {
                    var email = new RenderedEmail($"【待办】基准测试 {i}", $"<p>第 {i} 封</p>", $"第 {i} 封");
                    ids.Add(outbox.Add(email.ToMessage([$"unit{i % 50}@zzut.edu.cn"], []), now));
                }

                await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().SaveChangesAsync();
            }

            var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
            var clock = Stopwatch.StartNew();
            foreach (var id in ids)
            {
                jobs.Enqueue<WorkflowJobs>(j => j.SendEmailAsync(id, CancellationToken.None));
            }

            int sent;
            do
            {
                await Task.Delay(100);
                await using var scope = app.Services.CreateAsyncScope();
                sent = await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Outbox.CountAsync(m => m.Status == "sent");
            }
            while (sent < count && clock.Elapsed < TimeSpan.FromMinutes(10));
            clock.Stop();

            var received = Directory.Exists(Path.Combine(mailDir, "new")) ? Directory.GetFiles(Path.Combine(mailDir, "new")).Length : 0;
            Console.WriteLine($"{sent:N0} of {count:N0} sent, {received:N0} received by the SMTP server, in {clock.Elapsed.TotalSeconds:F2} s: {sent / clock.Elapsed.TotalSeconds:F0} messages/s (one SMTP connection per message, 8 Hangfire workers)");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            smtp.Kill(entireProcessTree: true);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task WaitForPortAsync(int port, Process process)
    {
        for (var i = 0; i < 200; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("aiosmtpd exited: " + await process.StandardError.ReadToEndAsync());
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("aiosmtpd did not start listening");
    }
}
