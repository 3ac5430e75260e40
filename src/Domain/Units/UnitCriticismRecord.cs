namespace Zzut.Workflows.Domain.Units;

/// <summary>A circulated criticism (通报批评, Art. 38) recorded against a unit.</summary>
public sealed class UnitCriticismRecord
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The unit criticised.</summary>
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>Why.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>The rectification notice it concerns, if any.</summary>
    public Guid? NoticeId { get; set; }

    /// <summary>Who decided it.</summary>
    public string? DecidedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The instance that recorded it.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>A criticism of <paramref name="unitCode"/> decided by the act's person.</summary>
    public static UnitCriticismRecord Record(string unitCode, string reason, Guid? noticeId, LedgerAct act) => new()
    {
        Id = Guid.CreateVersion7(act.At),
        UnitCode = unitCode,
        Reason = reason,
        NoticeId = noticeId,
        DecidedBy = act.By,
        At = act.At,
        InstanceId = act.InstanceId,
    };
}
