using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Warnings;

/// <summary>Where a warning stands.</summary>
[JsonConverter(typeof(WireEnumConverter<SecurityWarningStatus>))]
public enum SecurityWarningStatus
{
    /// <summary>Sent to the units; answers are awaited.</summary>
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary>The center closed it.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>Where a unit's answer to a warning stands.</summary>
[JsonConverter(typeof(WireEnumConverter<WarningResponseStatus>))]
public enum WarningResponseStatus
{
    /// <summary>Awaited, deadline not passed.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>The deadline passed without an answer; escalated.</summary>
    [JsonStringEnumMemberName("overdue")]
    Overdue,

    /// <summary>Answered (late when after the deadline).</summary>
    [JsonStringEnumMemberName("answered")]
    Answered,

    /// <summary>The warning was closed without this unit's answer.</summary>
    [JsonStringEnumMemberName("unanswered")]
    Unanswered,
}

/// <summary>
/// A warning (预警) from the national, provincial or education-ministry security authorities (Att. 9 §6: 按时、按要求完成
/// … 通报的预警类信息的处置工作，并按要求形成书面报告): the center records it and sends it to the affected units with a
/// deadline; each unit answers with its check and measures; units past the deadline are escalated; the center closes it.
/// </summary>
public sealed class SecurityWarningRecord : ILedgerRow
{
    /// <summary>The warning levels (预警级别) of the national scheme: 红色, 橙色, 黄色, 蓝色.</summary>
    public static readonly string[] Levels = ["red", "orange", "yellow", "blue"];

    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>预警编号 (the authority's number, or the center's).</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>发布机关.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>收到日期.</summary>
    public DateOnly ReceivedOn { get; set; }

    /// <summary>预警标题.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>预警级别.</summary>
    public string Level { get; set; } = "yellow";

    /// <summary>预警内容.</summary>
    public string Content { get; set; } = string.Empty;

    /// <summary>处置要求.</summary>
    public string Requirements { get; set; } = string.Empty;

    /// <summary>反馈期限: answers are due by the end of this day.</summary>
    public DateOnly Deadline { get; set; }

    /// <summary>Where it stands.</summary>
    public SecurityWarningStatus Status { get; set; } = SecurityWarningStatus.Open;

    /// <summary>The center's closing summary.</summary>
    public string? ClosingSummary { get; set; }

    /// <summary>When it was closed.</summary>
    public DateOnly? ClosedOn { get; set; }

    /// <summary>Who closed it.</summary>
    public string? ClosedBy { get; set; }

    /// <summary>The instance that handles it.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>When it was recorded.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The affected units' answers.</summary>
    public List<WarningResponseRecord> Responses { get; set; } = [];

    /// <summary>The center records a warning for the units; each unit's answer is pending.</summary>
    public static SecurityWarningRecord Record(
        string number, string source, DateOnly receivedOn, string title, string level, string content, string requirements, DateOnly deadline,
        IEnumerable<string> unitCodes, LedgerAct act)
    {
        var warning = new SecurityWarningRecord
        {
            Id = Guid.CreateVersion7(act.At),
            Number = number.Trim(),
            Source = source.Trim(),
            ReceivedOn = receivedOn,
            Title = title.Trim(),
            Level = level,
            Content = content,
            Requirements = requirements,
            Deadline = deadline,
            InstanceId = act.InstanceId,
            CreatedAt = act.At,
            UpdatedAt = act.At,
        };
        foreach (var unit in unitCodes.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal))
        {
            warning.Responses.Add(new WarningResponseRecord { Id = Guid.CreateVersion7(act.At), WarningId = warning.Id, UnitCode = unit, CreatedAt = act.At, UpdatedAt = act.At });
        }

        var errors = new LedgerErrors();
        warning.Validate(errors);
        errors.ThrowIfAny();
        return warning;
    }

    /// <summary>The unit's answer row.</summary>
    public WarningResponseRecord ResponseOf(string unitCode) =>
        Responses.SingleOrDefault(r => r.UnitCode == unitCode) ?? throw LedgerValidationException.For("unitCode", $"单位 {unitCode} 不在本预警的下发范围内 (the warning was not sent to '{unitCode}').");

    /// <summary>
    /// A unit answers: its check and measures; an answer after the deadline is recorded as late, and one after the
    /// warning was closed is still kept.
    /// </summary>
    public WarningResponseRecord Answer(string unitCode, bool affected, string checkResult, string measures, LedgerAct act)
    {
        var response = ResponseOf(unitCode);
        var errors = new LedgerErrors();
        errors.Check(response.Status != WarningResponseStatus.Answered, "status", "本单位已反馈 (the unit answered already).");
        errors.Check(!string.IsNullOrWhiteSpace(checkResult), "checkResult", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(measures), "measures", LedgerRules.Required);
        errors.ThrowIfAny();
        response.Affected = affected;
        response.CheckResult = checkResult;
        response.Measures = measures;
        response.AnsweredAt = act.At;
        response.AnsweredBy = act.By;
        response.Late = act.Today > Deadline;
        response.Status = WarningResponseStatus.Answered;
        response.UpdatedAt = act.At;
        UpdatedAt = act.At;
        return response;
    }

    /// <summary>The deadline passed without the unit's answer: overdue (and escalated). Returns false when it had answered.</summary>
    public bool MarkOverdue(string unitCode, LedgerAct act)
    {
        var response = ResponseOf(unitCode);
        if (response.Status != WarningResponseStatus.Pending)
        {
            return false;
        }

        response.Status = WarningResponseStatus.Overdue;
        response.EscalatedAt = act.At;
        response.UpdatedAt = act.At;
        UpdatedAt = act.At;
        return true;
    }

    /// <summary>The center closes the warning; units that have not answered are recorded as unanswered.</summary>
    public void Close(string summary, LedgerAct act)
    {
        var errors = new LedgerErrors();
        errors.Check(Status == SecurityWarningStatus.Open, "status", "预警已关闭 (the warning is closed already).");
        errors.Check(!string.IsNullOrWhiteSpace(summary), "closingSummary", LedgerRules.Required);
        errors.ThrowIfAny();
        foreach (var response in Responses.Where(r => r.Status is WarningResponseStatus.Pending or WarningResponseStatus.Overdue))
        {
            response.Status = WarningResponseStatus.Unanswered;
            response.UpdatedAt = act.At;
        }

        Status = SecurityWarningStatus.Closed;
        ClosingSummary = summary;
        ClosedOn = act.Today;
        ClosedBy = act.By;
        UpdatedAt = act.At;
    }

    /// <summary>Answers still awaited (pending or overdue).</summary>
    [JsonIgnore]
    public int AwaitedAnswers => Responses.Count(r => r.Status is WarningResponseStatus.Pending or WarningResponseStatus.Overdue);

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(Number) && Number.Length <= 64, "number", "必填，最多 64 字 (required, at most 64 characters).");
        errors.Check(!string.IsNullOrWhiteSpace(Source), "source", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(Title), "title", LedgerRules.Required);
        errors.Check(Levels.Contains(Level), "level", WireNames.OneOf(Levels));
        errors.Check(!string.IsNullOrWhiteSpace(Content), "content", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(Requirements), "requirements", LedgerRules.Required);
        errors.Check(Deadline >= ReceivedOn, "deadline", "不能早于收到日期 (cannot precede the date received).");
        errors.Check(Responses.Count > 0 && Responses.All(r => LedgerRules.IsUnitCode(r.UnitCode)), "unitCodes", "须列出下发单位 (name the units concerned).");
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<SecurityWarningStatus>());
    }
}

/// <summary>One affected unit's answer to a warning: its check and measures.</summary>
public sealed class WarningResponseRecord
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The warning.</summary>
    public Guid WarningId { get; set; }

    /// <summary>The unit.</summary>
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>Where the answer stands.</summary>
    public WarningResponseStatus Status { get; set; } = WarningResponseStatus.Pending;

    /// <summary>Whether the unit found itself affected.</summary>
    public bool? Affected { get; set; }

    /// <summary>检查情况.</summary>
    public string? CheckResult { get; set; }

    /// <summary>处置措施.</summary>
    public string? Measures { get; set; }

    /// <summary>When it answered.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>Who answered.</summary>
    public string? AnsweredBy { get; set; }

    /// <summary>Answered after the deadline.</summary>
    public bool Late { get; set; }

    /// <summary>When it was escalated as overdue.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
