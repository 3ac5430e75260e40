namespace Zzut.Workflows.Domain;

/// <summary>One run of a scheduled scan and what it started.</summary>
public sealed class ScanRunRecord
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The scan's name, e.g. <c>evaluation-scan</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>schedule</c>, or <c>manual:{user}</c>.</summary>
    public string Trigger { get; set; } = string.Empty;

    /// <summary>When it began.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Instances started (or notices sent).</summary>
    public int StartedCount { get; set; }

    /// <summary>Candidates already handled (an instance for the period exists).</summary>
    public int SkippedCount { get; set; }

    /// <summary>The started instance ids (JSON array).</summary>
    public string StartedJson { get; set; } = "[]";

    /// <summary>The error that ended the run, if any.</summary>
    public string? Error { get; set; }
}
