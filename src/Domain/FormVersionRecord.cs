namespace Zzut.Workflows.Domain;

/// <summary>One version of a form-js schema: forms are versioned like definitions.</summary>
public sealed class FormVersionRecord
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The form's <c>id</c>, as <c>camunda:formRef</c> names it.</summary>
    public string FormId { get; set; } = string.Empty;

    /// <summary>1, 2, …</summary>
    public int Version { get; set; }

    /// <summary>The schema.</summary>
    public string Json { get; set; } = string.Empty;

    /// <summary>SHA-256 of the normalized schema: identical content is not a new version.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>When.</summary>
    public DateTimeOffset DeployedAt { get; set; }

    /// <summary>Who (or <c>definitions folder</c>).</summary>
    public string? DeployedBy { get; set; }
}
