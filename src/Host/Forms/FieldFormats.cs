using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Zzut.Workflows.Host.Forms;

/// <summary>
/// The formats a text field can be held to, checked the same way in the browser (the pattern, served by
/// <c>/api/field-formats</c> and put into the form-js schema before it renders) and on the server
/// (<see cref="IsValid"/>): Chinese mobile and landline numbers, IPv4 and IPv6 addresses. A form names one with
/// <c>validate.validationType</c> (<c>phone</c>, as form-js spells it) or the component property <c>format</c>.
/// </summary>
public static partial class FieldFormats
{
    /// <summary>A format: the pattern the browser matches the whole value against, and the message when it does not.</summary>
    public sealed record FieldFormat(string Name, string Pattern, string Message);

    private const string Mobile = @"(\+86[ -]?)?1[3-9][0-9]{9}";
    private const string Landline = @"0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?";
    private const string Octet = @"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private const string Ipv4 = $@"({Octet}\.){{3}}{Octet}";
    private const string Ipv6 = @"(([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(([0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4})?::(([0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4})?)";

    /// <summary>Every format by name.</summary>
    public static readonly IReadOnlyDictionary<string, FieldFormat> All = new Dictionary<string, FieldFormat>(StringComparer.Ordinal)
    {
        ["phone"] = new("phone", $"{Mobile}|{Landline}", "须为手机号（如 13800138000）或固定电话（如 0371-12345678，可带分机号 -123）"),
        ["mobile"] = new("mobile", Mobile, "须为手机号，如 13800138000"),
        ["landline"] = new("landline", Landline, "须为固定电话，如 0371-12345678（可带分机号 -123）"),
        ["ipv4"] = new("ipv4", Ipv4, "须为 IPv4 地址，如 10.0.0.1（每段 0–255）"),
        ["ipv6"] = new("ipv6", Ipv6, "须为 IPv6 地址，如 2001:db8::1"),
        ["ip"] = new("ip", $"{Ipv4}|{Ipv6}", "须为 IPv4 或 IPv6 地址，如 10.0.0.1 或 2001:db8::1"),
    };

    /// <summary>Whether a value has the format: the browser's pattern, and for addresses the parser's word too.</summary>
    public static bool IsValid(FieldFormat format, string value)
    {
        if (!Regex.IsMatch(value, $"^(?:{format.Pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)))
        {
            return false;
        }

        return format.Name switch
        {
            "ipv4" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork,
            "ipv6" => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
            "ip" => IPAddress.TryParse(value, out _),
            _ => true,
        };
    }
}
