using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Zzut.Workflows.Host.Tests.Support;

/// <summary>
/// A real SMTP server on a free loopback port: Debian's aiosmtpd with its Mailbox handler, which stores every accepted
/// message in a maildir before answering 250. <c>scripts/test.sh</c> installs it; a missing server fails the test.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private const string Python = "/usr/bin/python3";

    /// <summary>A Mailbox handler that waits before storing each message (a slow server).</summary>
    private const string SlowHandler = """
        import asyncio
        from aiosmtpd.handlers import Mailbox

        class SlowMailbox(Mailbox):
            def __init__(self, mail_dir, delay):
                super().__init__(mail_dir)
                self.delay = delay

            async def handle_DATA(self, server, session, envelope):
                await asyncio.sleep(self.delay)
                return await super().handle_DATA(server, session, envelope)

            @classmethod
            def from_cli(cls, parser, *args):
                return cls(args[0], float(args[1]))
        """;

    private readonly TimeSpan delay;
    private Process? process;

    private SmtpTestServer(int port, string mailDir, TimeSpan delay)
    {
        Port = port;
        MailDir = mailDir;
        this.delay = delay;
    }

    public int Port { get; }

    public string MailDir { get; }

    /// <summary>Starts a server; with <paramref name="delay"/>, it waits that long before it stores each message.</summary>
    public static async Task<SmtpTestServer> StartAsync(TimeSpan delay = default)
    {
        var server = new SmtpTestServer(LoopbackPort.Free(), Path.Combine(Path.GetTempPath(), "zzut-smtp", Guid.NewGuid().ToString("N")), delay);
        await server.RestartAsync();
        return server;
    }

    /// <summary>(Re)starts the server on the same port and maildir.</summary>
    public async Task RestartAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(MailDir)!);
        Assert.That(File.Exists(Python), Is.True, "python3 is missing; run the tests with scripts/test.sh, which installs python3-aiosmtpd");
        var start = delay == TimeSpan.Zero
            ? new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", MailDir])
            : new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "slowmailbox.SlowMailbox", MailDir, delay.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (delay != TimeSpan.Zero)
        {
            var module = MailDir + "-handler";
            Directory.CreateDirectory(module);
            File.WriteAllText(Path.Combine(module, "slowmailbox.py"), SlowHandler);
            start.Environment["PYTHONPATH"] = module;
        }

        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        process = Process.Start(start)!;

        // Wait for the listening socket (the process start, not a timer): bounded, fails with the server's own words.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"aiosmtpd exited at start ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()} — install python3-aiosmtpd (scripts/test.sh does)");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Stops the server: connections are refused until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>Every message the server accepted so far.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var files = new[] { "new", "cur" }
            .Select(d => Path.Combine(MailDir, d))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Order(StringComparer.Ordinal);
        return [.. files.Select(f => MimeMessage.Load(f))];
    }

    public void Dispose()
    {
        StopAsync().GetAwaiter().GetResult();
        foreach (var folder in new[] { MailDir, MailDir + "-handler" }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
