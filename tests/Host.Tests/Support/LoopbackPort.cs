using System.Net;
using System.Net.Sockets;

namespace Zzut.Workflows.Host.Tests.Support;

/// <summary>Free ports on the loopback interface for the real servers tests start (SMTP, Kestrel, a hook endpoint).</summary>
public static class LoopbackPort
{
    /// <summary>A port nobody listens on right now.</summary>
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
