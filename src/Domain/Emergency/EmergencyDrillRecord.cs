using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Emergency;

/// <summary>Where an emergency drill stands.</summary>
[JsonConverter(typeof(WireEnumConverter<EmergencyDrillStatus>))]
public enum EmergencyDrillStatus
{
    /// <summary>The leading group planned it; the center runs it.</summary>
    [JsonStringEnumMemberName("planned")]
    Planned,

    /// <summary>Held; the plan is being revised after its evaluation.</summary>
    [JsonStringEnumMemberName("revising")]
    Revising,

    /// <summary>Held, evaluated, and any plan revision followed up.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>
/// An emergency drill (应急演练, Art. 30): the leading group organises it, the center runs it; the participants and the
/// evaluation are recorded, and a plan revision the evaluation calls for is followed up.
/// </summary>
public sealed class EmergencyDrillRecord : ILedgerRow
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The year it belongs to.</summary>
    public int Year { get; set; }

    /// <summary>演练名称.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>演练场景 (the incident simulated).</summary>
    public string Scenario { get; set; } = string.Empty;

    /// <summary>The plan exercised, if named.</summary>
    public string? PlanTitle { get; set; }

    /// <summary>计划日期.</summary>
    public DateOnly PlannedDate { get; set; }

    /// <summary>参演单位 as planned.</summary>
    public string? PlannedParticipants { get; set; }

    /// <summary>Who planned it.</summary>
    public string? PlannedBy { get; set; }

    /// <summary>实际演练日期.</summary>
    public DateOnly? HeldOn { get; set; }

    /// <summary>参演人员和单位.</summary>
    public string? Participants { get; set; }

    /// <summary>参演人数.</summary>
    public int? ParticipantCount { get; set; }

    /// <summary>演练过程.</summary>
    public string? ProcessSummary { get; set; }

    /// <summary>演练评估.</summary>
    public string? Evaluation { get; set; }

    /// <summary>发现的问题.</summary>
    public string? Problems { get; set; }

    /// <summary>Whether the evaluation calls for a revision of the plan (Art. 30: 评估并适时组织应急预案修订).</summary>
    public bool RevisionNeeded { get; set; }

    /// <summary>How the revision was followed up.</summary>
    public string? RevisionSummary { get; set; }

    /// <summary>When the revision was followed up.</summary>
    public DateOnly? RevisionFollowedUpOn { get; set; }

    /// <summary>Where it stands.</summary>
    public EmergencyDrillStatus Status { get; set; } = EmergencyDrillStatus.Planned;

    /// <summary>The instance of the drill.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>When it was planned.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The leading group plans a drill.</summary>
    public static EmergencyDrillRecord Plan(string title, string scenario, string? planTitle, DateOnly plannedDate, string? participants, LedgerAct act)
    {
        var drill = new EmergencyDrillRecord
        {
            Id = Guid.CreateVersion7(act.At),
            Year = plannedDate.Year,
            Title = title.Trim(),
            Scenario = scenario,
            PlanTitle = string.IsNullOrWhiteSpace(planTitle) ? null : planTitle,
            PlannedDate = plannedDate,
            PlannedParticipants = participants,
            PlannedBy = act.By,
            InstanceId = act.InstanceId,
            CreatedAt = act.At,
            UpdatedAt = act.At,
        };
        var errors = new LedgerErrors();
        drill.Validate(errors);
        errors.ThrowIfAny();
        return drill;
    }

    /// <summary>The center records the drill held: who took part, how it went, its evaluation; a needed revision keeps it open.</summary>
    public void Hold(DateOnly heldOn, string participants, int? participantCount, string processSummary, string evaluation, string? problems, bool revisionNeeded, LedgerAct act)
    {
        var errors = new LedgerErrors();
        errors.Check(Status == EmergencyDrillStatus.Planned, "status", "演练已记录 (the drill is recorded already).");
        errors.Check(heldOn <= act.Today, "heldOn", "不能晚于今天 (cannot be in the future).");
        errors.Check(!string.IsNullOrWhiteSpace(participants), "participants", LedgerRules.Required);
        errors.Check(participantCount is null or >= 1, "participantCount", "至少 1 人 (at least 1).");
        errors.Check(!string.IsNullOrWhiteSpace(evaluation), "evaluation", LedgerRules.Required);
        errors.ThrowIfAny();
        HeldOn = heldOn;
        Year = heldOn.Year;
        Participants = participants;
        ParticipantCount = participantCount;
        ProcessSummary = processSummary;
        Evaluation = evaluation;
        Problems = string.IsNullOrWhiteSpace(problems) ? null : problems;
        RevisionNeeded = revisionNeeded;
        Status = revisionNeeded ? EmergencyDrillStatus.Revising : EmergencyDrillStatus.Closed;
        UpdatedAt = act.At;
    }

    /// <summary>The plan revision the evaluation called for is done (and the revised plan filed): the drill closes.</summary>
    public void FollowUpRevision(string summary, LedgerAct act)
    {
        var errors = new LedgerErrors();
        errors.Check(Status == EmergencyDrillStatus.Revising, "status", "该演练无需修订预案 (no revision is pending).");
        errors.Check(!string.IsNullOrWhiteSpace(summary), "revisionSummary", LedgerRules.Required);
        errors.ThrowIfAny();
        RevisionSummary = summary;
        RevisionFollowedUpOn = act.Today;
        Status = EmergencyDrillStatus.Closed;
        UpdatedAt = act.At;
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(Title) && Title.Length <= 200, "title", "必填，最多 200 字 (required, at most 200 characters).");
        errors.Check(!string.IsNullOrWhiteSpace(Scenario), "scenario", LedgerRules.Required);
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<EmergencyDrillStatus>());
    }
}
