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

/// <summary>Recipients from configuration (<c>Workflows:Recipients:Entries</c>): name → comma-separated addresses.</summary>
public sealed class ConfiguredRecipientDirectory(IOptionsMonitor<RecipientOptions> options) : IRecipientDirectory
{
    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        var map = options.CurrentValue.ToMap();
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

/// <summary>
/// The configured recipients, <c>Workflows:Recipients:Entries</c>: a list (names contain ':', which configuration
/// keys cannot), e.g. <c>[{ "Name": "unit:jsj", "Addresses": "anquan@jsj.zzut.edu.cn" }]</c>.
/// </summary>
public sealed class RecipientOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Workflows:Recipients";

    /// <summary>The entries.</summary>
    public List<RecipientEntry> Entries { get; set; } = [];

    /// <summary>Name → addresses (later entries win).</summary>
    public Dictionary<string, string> ToMap()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Entries.Where(e => !string.IsNullOrWhiteSpace(e.Name)))
        {
            map[entry.Name.Trim()] = entry.Addresses;
        }

        return map;
    }
}

/// <summary>One configured recipient.</summary>
public sealed class RecipientEntry
{
    /// <summary>A user name, <c>unit:{code}</c> or <c>role:{name}</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Comma-separated e-mail addresses.</summary>
    public string Addresses { get; set; } = string.Empty;
}
