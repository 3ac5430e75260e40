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
    private Process? process;

    private SmtpTestServer(int port, string mailDir)
    {
        Port = port;
        MailDir = mailDir;
    }

    public int Port { get; }

    public string MailDir { get; }

    public static async Task<SmtpTestServer> StartAsync()
    {
        var server = new SmtpTestServer(LoopbackPort.Free(), Path.Combine(Path.GetTempPath(), "zzut-smtp", Guid.NewGuid().ToString("N")));
        await server.RestartAsync();
        return server;
    }

    /// <summary>(Re)starts the server on the same port and maildir.</summary>
    public async Task RestartAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(MailDir)!);
        Assert.That(File.Exists(Python), Is.True, "python3 is missing; run the tests with scripts/test.sh, which installs python3-aiosmtpd");
        process = Process.Start(new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", MailDir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;

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
        if (Directory.Exists(MailDir))
        {
            Directory.Delete(MailDir, recursive: true);
        }
    }
}
