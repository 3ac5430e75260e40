using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Letters;

/// <summary>Which responsibility letter (网络与信息安全责任书, Art. 12).</summary>
[JsonConverter(typeof(WireEnumConverter<LetterKind>))]
public enum LetterKind
{
    /// <summary>责任书（一） (Att. 1): the heads of units whose systems run under zzut.edu.cn, on school IP addresses or on hosted servers.</summary>
    [JsonStringEnumMemberName("one")]
    One,

    /// <summary>责任书（二） (Att. 2): companies and individuals who build or run the school's systems and websites.</summary>
    [JsonStringEnumMemberName("two")]
    Two,
}

/// <summary>Where a letter stands.</summary>
[JsonConverter(typeof(WireEnumConverter<LetterStatus>))]
public enum LetterStatus
{
    /// <summary>Signed and registered; in force until <see cref="ResponsibilityLetterRecord.ValidUntil"/>.</summary>
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>A later letter of the same signer replaced it.</summary>
    [JsonStringEnumMemberName("superseded")]
    Superseded,
}

/// <summary>
/// A signed responsibility letter (Art. 12, Att. 1–2) in the letters ledger: kind, who signed for which unit or company,
/// for which system or website, when, how long it holds, and its scanned copy (the paper original stays with the
/// office, 一式两份).
/// </summary>
public sealed class ResponsibilityLetterRecord : IUnitLedgerRecord
{
    /// <summary>Active and valid through a date: the letter in force.</summary>
    public static readonly LedgerRule<ResponsibilityLetterRecord, DateOnly> CurrentThrough = new((l, date) =>
        l.Status == LetterStatus.Active && l.ValidUntil >= date);

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <summary>The unit: its head signs letter 一; for letter 二, the unit whose system or website the company works on.</summary>
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>一 or 二.</summary>
    public LetterKind Kind { get; set; }

    /// <summary>责任书编号 (the office's registration number).</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>负责人（签字）: who signed.</summary>
    public string Signer { get; set; } = string.Empty;

    /// <summary>The signer's account.</summary>
    public string? SignerUserName { get; set; }

    /// <summary>责任单位: the company or individual (letter 二).</summary>
    public string? Company { get; set; }

    /// <summary>The system or website the letter covers.</summary>
    public string? SystemName { get; set; }

    /// <summary>签订日期.</summary>
    public DateOnly SignedOn { get; set; }

    /// <summary>责任期至.</summary>
    public DateOnly ValidUntil { get; set; }

    /// <summary>网络与信息安全责任人 (Att. 1 §8: the contact the office can always reach).</summary>
    public string ResponsiblePerson { get; set; } = string.Empty;

    /// <summary>责任人联系电话.</summary>
    public string ResponsiblePhone { get; set; } = string.Empty;

    /// <summary>专职信息安全管理员 (Att. 1 §3).</summary>
    public string? SecurityAdministrator { get; set; }

    /// <summary>Where it stands.</summary>
    public LetterStatus Status { get; set; } = LetterStatus.Active;

    /// <summary>The scanned copy's file name.</summary>
    public string? ScanFileName { get; set; }

    /// <summary>The scanned copy's media type.</summary>
    public string? ScanContentType { get; set; }

    /// <summary>The scanned copy's size in bytes.</summary>
    public long? ScanSize { get; set; }

    /// <summary>The scanned copy's SHA-256 (hex).</summary>
    public string? ScanSha256 { get; set; }

    /// <summary>When the scan was uploaded.</summary>
    public DateTimeOffset? ScanUploadedAt { get; set; }

    /// <summary>Who uploaded it.</summary>
    public string? ScanUploadedBy { get; set; }

    /// <summary>Who registered it at the office.</summary>
    public string? RegisteredBy { get; set; }

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Status.ToWire();

    /// <summary>The business key of a unit's yearly signing campaign: <c>letter:{unit}:{year}</c>.</summary>
    public static string CampaignKey(string unitCode, int year) => $"letter:{unitCode}:{year}";

    /// <summary>Whether it is in force through <paramref name="date"/>.</summary>
    public bool IsCurrentThrough(DateOnly date) => CurrentThrough.IsSatisfiedBy(this, date);

    /// <summary>
    /// Registers a signed letter; the signer's earlier active letters of the same kind (the unit's for 一, the company's
    /// for the unit for 二) are superseded.
    /// </summary>
    public static ResponsibilityLetterRecord Register(
        LetterKind kind, string unitCode, string number, string signer, string? signerUserName, string? company, string? systemName,
        DateOnly signedOn, DateOnly validUntil, string responsiblePerson, string responsiblePhone, string? securityAdministrator,
        IEnumerable<ResponsibilityLetterRecord> earlier, LedgerAct act)
    {
        var letter = new ResponsibilityLetterRecord
        {
            Id = Guid.CreateVersion7(act.At),
            Kind = kind,
            UnitCode = unitCode,
            Number = number.Trim(),
            Signer = signer.Trim(),
            SignerUserName = signerUserName,
            Company = string.IsNullOrWhiteSpace(company) ? null : company.Trim(),
            SystemName = string.IsNullOrWhiteSpace(systemName) ? null : systemName.Trim(),
            SignedOn = signedOn,
            ValidUntil = validUntil,
            ResponsiblePerson = responsiblePerson.Trim(),
            ResponsiblePhone = responsiblePhone.Trim(),
            SecurityAdministrator = string.IsNullOrWhiteSpace(securityAdministrator) ? null : securityAdministrator.Trim(),
            RegisteredBy = act.By,
            CreatedAt = act.At,
            UpdatedAt = act.At,
        };
        var errors = new LedgerErrors();
        letter.Validate(errors);
        errors.Check(signedOn <= act.Today, "signedOn", "不能晚于今天 (cannot be in the future).");
        errors.ThrowIfAny();
        foreach (var previous in earlier.Where(letter.Replaces))
        {
            previous.Status = LetterStatus.Superseded;
            previous.Touch(act.At);
        }

        return letter;
    }

    /// <summary>Whether this letter replaces <paramref name="other"/>: same kind and unit, and for 二 the same company.</summary>
    public bool Replaces(ResponsibilityLetterRecord other) =>
        other.Id != Id && other.Status == LetterStatus.Active && other.Kind == Kind && other.UnitCode == UnitCode
        && (Kind == LetterKind.One || string.Equals(other.Company, Company, StringComparison.Ordinal));

    /// <summary>The responsible person changed (Att. 1 §8): the letter stays in force with the successor (Att. 1 §10).</summary>
    public void ChangeResponsiblePerson(string person, string phone, DateTimeOffset at)
    {
        ResponsiblePerson = person.Trim();
        ResponsiblePhone = phone.Trim();
        this.Touch(at);
    }

    /// <summary>Records the scanned copy.</summary>
    public void AttachScan(string fileName, string contentType, long size, string sha256, string? by, DateTimeOffset at)
    {
        ScanFileName = fileName;
        ScanContentType = contentType;
        ScanSize = size;
        ScanSha256 = sha256;
        ScanUploadedAt = at;
        ScanUploadedBy = by;
        this.Touch(at);
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(WireNames.IsDefined(Kind), "kind", WireNames.OneOf<LetterKind>());
        errors.Check(!string.IsNullOrWhiteSpace(Number) && Number.Length <= 64, "number", "必填，最多 64 字 (required, at most 64 characters).");
        errors.Check(!string.IsNullOrWhiteSpace(Signer) && Signer.Length <= 100, "signer", "必填，最多 100 字 (required, at most 100 characters).");
        errors.Check(Kind != LetterKind.Two || !string.IsNullOrWhiteSpace(Company), "company", "责任书（二）须写明公司或个人 (letter 二 names the company or individual).");
        errors.Check(ValidUntil >= SignedOn, "validUntil", "不能早于签订日期 (cannot be before the signing date).");
        errors.Check(!string.IsNullOrWhiteSpace(ResponsiblePerson), "responsiblePerson", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(ResponsiblePhone), "responsiblePhone", LedgerRules.Required);
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<LetterStatus>());
    }
}

/// <summary>The scanned copy of a letter (PDF or image), kept apart from the ledger row.</summary>
public sealed class LetterScanRecord
{
    /// <summary>The media types accepted.</summary>
    public static readonly string[] ContentTypes = ["application/pdf", "image/jpeg", "image/png"];

    /// <summary>The largest scan accepted.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>The letter.</summary>
    public Guid LetterId { get; set; }

    /// <summary>The file.</summary>
    public byte[] Content { get; set; } = [];
}

/// <summary>
/// A reported change of the responsible person (责任人变更, Att. 1 §8: 责任人变更后，应在两天内以书面形式通知): who handed over
/// to whom, when, when it was reported, and whether the report was late.
/// </summary>
public sealed class ResponsiblePersonChangeRecord : IUnitLedgerRecord
{
    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>The letter in force whose responsible person changed, if any.</summary>
    public Guid? LetterId { get; set; }

    /// <summary>原责任人.</summary>
    public string PreviousPerson { get; set; } = string.Empty;

    /// <summary>新责任人.</summary>
    public string NewPerson { get; set; } = string.Empty;

    /// <summary>新责任人联系电话.</summary>
    public string NewPhone { get; set; } = string.Empty;

    /// <summary>新责任人电子邮箱.</summary>
    public string? NewEmail { get; set; }

    /// <summary>变更日期.</summary>
    public DateOnly ChangedOn { get; set; }

    /// <summary>变更原因.</summary>
    public string? Reason { get; set; }

    /// <summary>When it was reported.</summary>
    public DateTimeOffset ReportedAt { get; set; }

    /// <summary>Reported later than the days allowed after the change.</summary>
    public bool Late { get; set; }

    /// <summary>Days late (0 when on time).</summary>
    public int DaysLate { get; set; }

    /// <summary>Who at the office acknowledged it.</summary>
    public string? AcknowledgedBy { get; set; }

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    public string Status => AcknowledgedBy is null ? "reported" : "acknowledged";

    /// <summary>
    /// A change reported now: late when the report comes more than <paramref name="allowedDays"/> days after the change
    /// (Att. 1 §8: two days).
    /// </summary>
    public static ResponsiblePersonChangeRecord Report(
        string unitCode, Guid? letterId, string previousPerson, string newPerson, string newPhone, string? newEmail, DateOnly changedOn, string? reason, int allowedDays, LedgerAct act)
    {
        var daysLate = Math.Max(0, act.Today.DayNumber - changedOn.AddDays(allowedDays).DayNumber);
        var change = new ResponsiblePersonChangeRecord
        {
            Id = Guid.CreateVersion7(act.At),
            UnitCode = unitCode,
            LetterId = letterId,
            PreviousPerson = previousPerson.Trim(),
            NewPerson = newPerson.Trim(),
            NewPhone = newPhone.Trim(),
            NewEmail = string.IsNullOrWhiteSpace(newEmail) ? null : newEmail.Trim(),
            ChangedOn = changedOn,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason,
            ReportedAt = act.At,
            Late = daysLate > 0,
            DaysLate = daysLate,
            CreatedAt = act.At,
            UpdatedAt = act.At,
        };
        var errors = new LedgerErrors();
        change.Validate(errors);
        errors.Check(changedOn <= act.Today, "changedOn", "不能晚于今天 (cannot be in the future).");
        errors.ThrowIfAny();
        return change;
    }

    /// <summary>The office acknowledged the report.</summary>
    public void Acknowledge(LedgerAct act)
    {
        AcknowledgedBy = act.By ?? "office";
        this.Touch(act.At);
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(!string.IsNullOrWhiteSpace(PreviousPerson), "previousPerson", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(NewPerson), "newPerson", LedgerRules.Required);
        errors.Check(!string.IsNullOrWhiteSpace(NewPhone), "newPhone", LedgerRules.Required);
        errors.Check(NewEmail is null || LedgerRules.IsEmail(NewEmail), "newEmail", "须为电子邮箱 (must be an e-mail address).");
    }
}
