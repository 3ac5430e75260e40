namespace Zzut.Workflows.Domain.Emergency;

/// <summary>
/// A shift of the duty rota (值守, Art. 31 24 小时应急值守; Att. 9 §8 各单位应建立值守制度): who is on duty for a team from
/// when to when. The center's team is <c>center</c>; a unit's is its code. Incident notices can name the person on duty
/// (<c>duty:center</c>, <c>duty:{unitCode}</c>).
/// </summary>
public sealed class DutyShiftRecord : ILedgerRow
{
    /// <summary>The center's team.</summary>
    public const string CenterTeam = "center";

    /// <summary>The longest shift.</summary>
    public static readonly TimeSpan LongestShift = TimeSpan.FromDays(31);

    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary><c>center</c>, or a unit's code.</summary>
    public string Team { get; set; } = CenterTeam;

    /// <summary>值班人员.</summary>
    public string PersonName { get; set; } = string.Empty;

    /// <summary>The person's account, if any.</summary>
    public string? UserName { get; set; }

    /// <summary>联系电话.</summary>
    public string Phone { get; set; } = string.Empty;

    /// <summary>电子邮箱: where incident notices for the person on duty go.</summary>
    public string? Email { get; set; }

    /// <summary>From (inclusive).</summary>
    public DateTimeOffset StartsAt { get; set; }

    /// <summary>Until (exclusive).</summary>
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>备注 (e.g. 国庆节值班).</summary>
    public string? Note { get; set; }

    /// <summary>Who entered it.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>When it was entered.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>On duty at an instant.</summary>
    public static readonly LedgerRule<DutyShiftRecord, DateTimeOffset> OnDutyAt = new((s, at) => s.StartsAt <= at && s.EndsAt > at);

    /// <summary>Whether the shift covers the instant.</summary>
    public bool Covers(DateTimeOffset at) => OnDutyAt.IsSatisfiedBy(this, at);

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(Team == CenterTeam || LedgerRules.IsUnitCode(Team), "team", "须为 center 或单位代码 (center or a unit code).");
        errors.Check(!string.IsNullOrWhiteSpace(PersonName) && PersonName.Length <= 100, "personName", "必填，最多 100 字 (required, at most 100 characters).");
        errors.Check(!string.IsNullOrWhiteSpace(Phone) && Phone.Length <= 32, "phone", "必填，最多 32 字 (required, at most 32 characters).");
        errors.Check(Email is null || LedgerRules.IsEmail(Email), "email", "须为电子邮箱 (must be an e-mail address).");
        errors.Check(EndsAt > StartsAt, "endsAt", "须晚于开始时间 (must be after the start).");
        errors.Check(EndsAt - StartsAt <= LongestShift, "endsAt", "一个班次最长 31 天 (a shift lasts at most 31 days).");
    }
}

/// <summary>A stretch of days off around holidays (节假日) the rota must cover, and how much of it is covered.</summary>
/// <param name="Name">The holiday's name, e.g. 国庆节.</param>
/// <param name="From">The first day off.</param>
/// <param name="To">The last day off.</param>
/// <param name="Gaps">The parts of it no shift covers, in order (empty when covered).</param>
public sealed record HolidayPeriod(string Name, DateOnly From, DateOnly To, IReadOnlyList<DutyGap> Gaps)
{
    /// <summary>Whether every moment of it is covered.</summary>
    public bool Covered => Gaps.Count == 0;
}

/// <summary>A stretch of time with nobody on duty.</summary>
/// <param name="From">From.</param>
/// <param name="To">Until.</param>
public sealed record DutyGap(DateTimeOffset From, DateTimeOffset To);
