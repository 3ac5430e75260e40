using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Systems;

/// <summary>Where a rectification notice stands.</summary>
[JsonConverter(typeof(WireEnumConverter<RectificationNoticeStatus>))]
public enum RectificationNoticeStatus
{
    /// <summary>Issued; the unit rectifies.</summary>
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary>The deadline passed without a verified rectification.</summary>
    [JsonStringEnumMemberName("overdue")]
    Overdue,

    /// <summary>The center verified the rectification.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,
}

/// <summary>A deadline rectification notice (限期整改通知书, Art. 35) issued after an evaluation or inspection.</summary>
public sealed class RectificationNoticeRecord : IUnitLedgerRecord
{
    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>The system evaluated, if any.</summary>
    public Guid? SystemId { get; set; }

    /// <summary>The inspection of the unit it was issued after, if any (Art. 35).</summary>
    public Guid? InspectionUnitId { get; set; }

    /// <summary>Notice number (通知书编号).</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>What must be fixed.</summary>
    public string Findings { get; set; } = string.Empty;

    /// <summary>The deadline.</summary>
    public DateOnly Deadline { get; set; }

    /// <summary>When it was issued.</summary>
    public DateOnly IssuedDate { get; set; }

    /// <summary>When the center verified the rectification.</summary>
    public DateOnly? CompletedDate { get; set; }

    /// <summary>Where the notice stands.</summary>
    public RectificationNoticeStatus Status { get; set; } = RectificationNoticeStatus.Open;

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Status.ToWire();

    /// <summary>Whether the deadline has passed on <paramref name="today"/> (for a notice not yet completed).</summary>
    public bool IsPastDeadline(DateOnly today) => Deadline < today;

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(Findings), "findings", LedgerRules.Required);
        errors.Check(Deadline >= IssuedDate, "deadline", "期限不能早于签发日期 (the deadline cannot precede the notice).");
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<RectificationNoticeStatus>());
    }
}
