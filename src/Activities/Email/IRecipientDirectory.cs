using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Activities.Email;

/// <summary>
/// Turns the people a task or notice is for — user names, candidate groups such as <c>unit:jsj</c> or
/// <c>role:center</c>, or plain addresses — into e-mail addresses.
/// </summary>
public interface IRecipientDirectory
{
    /// <summary>The distinct addresses behind the given names; names it does not know are left out.</summary>
    Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> names, CancellationToken cancellationToken = default);
}

/// <summary>Recipients from configuration (<c>Workflows:Recipients</c>): a name → comma-separated addresses map.</summary>
public sealed class ConfiguredRecipientDirectory(IOptionsMonitor<RecipientOptions> options) : IRecipientDirectory
{
    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        var map = options.CurrentValue.Addresses;
        var result = new List<string>();
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()))
        {
            var addresses = name.Contains('@', StringComparison.Ordinal)
                ? name
                : map.GetValueOrDefault(name) ?? map.GetValueOrDefault("user:" + name);
            if (addresses is null)
            {
                continue;
            }

            result.AddRange(addresses.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return Task.FromResult<IReadOnlyList<string>>([.. result.Distinct(StringComparer.OrdinalIgnoreCase)]);
    }
}

/// <summary>The configured recipients: <c>Workflows:Recipients:Addresses</c>, e.g. <c>"unit:jsj": "anquan@jsj.zzut.edu.cn"</c>.</summary>
public sealed class RecipientOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Recipients";

    /// <summary>Name (user, <c>unit:{code}</c>, <c>role:{name}</c>) → comma-separated addresses.</summary>
    public Dictionary<string, string> Addresses { get; set; } = new(StringComparer.Ordinal);
}
