using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>
/// The reverse proxies (nginx in front of one or more hosts) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// headers are believed; bound from <c>Workflows:Proxy</c>. Without them every request behind a proxy comes from the
/// proxy's address: one client's wrong passwords would throttle the whole university, and HTTPS redirection would loop.
/// Headers from any other address are ignored, so a client cannot choose the address it is counted under.
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Proxy";

    private (IReadOnlyList<IPAddress> Addresses, IReadOnlyList<System.Net.IPNetwork> Networks)? parsed;

    /// <summary>Addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/24</c>) of the proxies; empty: no proxy, the headers are ignored.</summary>
    public List<string> KnownProxies { get; } = [];

    /// <summary>Whether any proxy is configured.</summary>
    public bool Any => Parsed() is var (addresses, networks) && addresses.Count + networks.Count > 0;

    /// <summary>Whether a request from <paramref name="peer"/> comes through a configured proxy.</summary>
    public bool IsKnown(IPAddress? peer)
    {
        if (peer is null)
        {
            return false;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        var (addresses, networks) = Parsed();
        return addresses.Contains(peer) || networks.Any(n => n.Contains(peer));
    }

    /// <summary>
    /// Applies the proxies to ASP.NET Core's forwarded-headers options. The middleware only runs for requests from a known
    /// proxy (<see cref="IsKnown"/>, checked by the pipeline itself): the framework believes everyone when its own lists
    /// are empty, so that check is not left to it.
    /// </summary>
    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = 1; // the address the (one) proxy saw; anything a client wrote before it is not believed
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        var (addresses, networks) = Parsed();
        foreach (var address in addresses)
        {
            options.KnownProxies.Add(address);
        }

        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(network);
        }
    }

    /// <summary>The entries parsed; one that is neither an address nor a network stops the start with its name.</summary>
    private (IReadOnlyList<IPAddress> Addresses, IReadOnlyList<System.Net.IPNetwork> Networks) Parsed()
    {
        if (parsed is { } done)
        {
            return done;
        }

        var addresses = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in KnownProxies.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
            }
            else
            {
                throw new InvalidOperationException($"{Section}:KnownProxies: '{entry}' is neither an IP address nor a network such as 10.0.0.0/24.");
            }
        }

        parsed = (addresses, networks);
        return parsed.Value;
    }
}
