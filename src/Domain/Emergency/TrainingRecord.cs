namespace Zzut.Workflows.Domain.Emergency;

/// <summary>
/// A security training session a unit held (Art. 30: 各单位应组织开展网络信息安全应急预案的宣传、教育和培训): date, topic,
/// attendees. A unit without one in a year is reminded once.
/// </summary>
public sealed class TrainingRecord : IUnitLedgerRecord
{
    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>培训日期.</summary>
    public DateOnly TrainingDate { get; set; }

    /// <summary>培训主题.</summary>
    public string Topic { get; set; } = string.Empty;

    /// <summary>主讲人.</summary>
    public string Trainer { get; set; } = string.Empty;

    /// <summary>参训人员 (names).</summary>
    public string Attendees { get; set; } = string.Empty;

    /// <summary>参训人数.</summary>
    public int AttendeeCount { get; set; }

    /// <summary>学时 (hours).</summary>
    public decimal? Hours { get; set; }

    /// <summary>培训内容.</summary>
    public string? Content { get; set; }

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A recorded session has no further states.</summary>
    public string Status => "recorded";

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(Topic) && Topic.Length <= 200, "topic", "必填，最多 200 字 (required, at most 200 characters).");
        errors.Check(!string.IsNullOrWhiteSpace(Trainer), "trainer", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(Attendees), "attendees", LedgerRules.Required);
        errors.Check(AttendeeCount >= 1, "attendeeCount", "至少 1 人 (at least 1).");
        errors.Check(Hours is null or > 0 and <= 100, "hours", "须为 0–100 (0 to 100).");
        errors.Check(TrainingDate != default, "trainingDate", LedgerRules.Required);
    }
}
