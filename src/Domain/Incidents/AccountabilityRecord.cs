namespace Zzut.Workflows.Domain.Incidents;

/// <summary>An accountability measure (Art. 39): 约谈 (interview) or 通报 (circulated notice).</summary>
public sealed class AccountabilityRecord
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The incident.</summary>
    public Guid IncidentId { get; set; }

    /// <summary>约谈 or 通报.</summary>
    public AccountabilityKind Kind { get; set; } = AccountabilityKind.Interview;

    /// <summary>The unit's responsible person concerned.</summary>
    public string ResponsiblePerson { get; set; } = string.Empty;

    /// <summary>Why: e.g. 漏报, 瞒报, late rectification report.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Who recorded it.</summary>
    public string? RecordedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The instance that recorded it.</summary>
    public Guid? InstanceId { get; set; }
}
