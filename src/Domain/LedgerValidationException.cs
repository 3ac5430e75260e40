namespace Zzut.Workflows.Domain;

/// <summary>A ledger change that cannot be applied: field name → messages (the API answers them as a 400).</summary>
public sealed class LedgerValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The ledger change is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    /// <summary>Field name → messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>One refused field.</summary>
    public static LedgerValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects what is wrong with a row, field by field.</summary>
public sealed class LedgerErrors
{
    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    /// <summary>How many fields are wrong.</summary>
    public int Count => errors.Count;

    /// <summary>Records <paramref name="message"/> against <paramref name="field"/> unless <paramref name="ok"/>.</summary>
    public void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            Add(field, message);
        }
    }

    /// <summary>Records a message against a field.</summary>
    public void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];

    /// <summary>Records every message of another set.</summary>
    public void AddRange(IReadOnlyDictionary<string, string[]> other)
    {
        foreach (var (field, messages) in other)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    /// <summary>Field name → messages.</summary>
    public Dictionary<string, string[]> ToDictionary() => new(errors, StringComparer.Ordinal);

    /// <summary>Throws <see cref="LedgerValidationException"/> when anything was recorded.</summary>
    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw new LedgerValidationException(ToDictionary());
        }
    }
}
