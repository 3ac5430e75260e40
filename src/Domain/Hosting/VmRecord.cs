using System.Text.Json.Serialization;

namespace Zzut.Workflows.Domain.Hosting;

/// <summary>A campus cloud VM (云服务（虚拟机）备案登记表, Att. 6) with its yearly registrations (Att. 6 说明 2).</summary>
public sealed class VmRecord : IUnitLedgerRecord
{
    /// <summary>Active and its yearly registration due on or before the date: the re-registration scan opens its campaign.</summary>
    public static readonly LedgerRule<VmRecord, DateOnly> RegistrationDueBy = new((v, date) =>
        v.Status == VmStatus.Active && v.NextRegistrationDue != null && v.NextRegistrationDue <= date);

    /// <summary>Active and its service period (开通周期) ends within the window: the unit is reminded.</summary>
    public static readonly LedgerRule<VmRecord, DateWindow> ServicePeriodEndsWithin = new((v, window) =>
        v.Status == VmStatus.Active && v.ServiceTo >= window.From && v.ServiceTo <= window.To);

    /// <summary>The VM types of Att. 6.</summary>
    public static readonly string[] VmTypes = ["windows-2008-64", "windows-2012-64", "centos-6.5-64", "centos-7-64", "other"];

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <summary>申请单位.</summary>
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>申请人姓名.</summary>
    public string Applicant { get; set; } = string.Empty;

    /// <summary>申请人联系方式.</summary>
    public string ApplicantContact { get; set; } = string.Empty;

    /// <summary>所选择虚拟机类型.</summary>
    public string VmType { get; set; } = string.Empty;

    /// <summary>其他 (when the type is <c>other</c>).</summary>
    public string? VmTypeOther { get; set; }

    /// <summary>vCPU.</summary>
    public int Vcpu { get; set; }

    /// <summary>vMem in GB.</summary>
    public int MemoryGb { get; set; }

    /// <summary>vHD in GB.</summary>
    public int DiskGb { get; set; }

    /// <summary>预装需求: DB.</summary>
    public string? PreinstalledDatabase { get; set; }

    /// <summary>预装需求: 应用.</summary>
    public string? PreinstalledApplication { get; set; }

    /// <summary>预装需求: 其他.</summary>
    public string? PreinstalledOther { get; set; }

    /// <summary>开通周期 from.</summary>
    public DateOnly ServiceFrom { get; set; }

    /// <summary>开通周期 to.</summary>
    public DateOnly ServiceTo { get; set; }

    /// <summary>服务器用途.</summary>
    public string Purpose { get; set; } = string.Empty;

    /// <summary>备注.</summary>
    public string? Remarks { get; set; }

    /// <summary>安全责任人 (Att. 5).</summary>
    public string SecurityOfficer { get; set; } = string.Empty;

    /// <summary>安全责任人联系电话.</summary>
    public string SecurityOfficerPhone { get; set; } = string.Empty;

    /// <summary>系统管理员 (Att. 5).</summary>
    public string SystemAdministrator { get; set; } = string.Empty;

    /// <summary>系统管理员联系电话.</summary>
    public string SystemAdministratorPhone { get; set; } = string.Empty;

    /// <summary>The signed cloud-service security responsibility letter (Att. 5).</summary>
    public bool ResponsibilityLetterSigned { get; set; }

    /// <summary>服务器名称 (filled by the center).</summary>
    public string? ServerName { get; set; }

    /// <summary>IP 地址.</summary>
    public string? IpAddress { get; set; }

    /// <summary>审批人 (the center's approver).</summary>
    public string? Approver { get; set; }

    /// <summary>办理人 (who provisioned it).</summary>
    public string? Handler { get; set; }

    /// <summary>Where the VM stands.</summary>
    public VmStatus Status { get; set; } = VmStatus.Applying;

    /// <summary>The year it was first registered (provisioned).</summary>
    public int? RegisteredYear { get; set; }

    /// <summary>The last (re-)registration.</summary>
    public DateOnly? LastRegisteredDate { get; set; }

    /// <summary>When the next yearly registration falls due.</summary>
    public DateOnly? NextRegistrationDue { get; set; }

    /// <summary>Yearly registrations missed in a row; <see cref="VmPolicy.ReclaimAfterMissedYears"/> allow reclamation.</summary>
    public int ConsecutiveMissedYears { get; set; }

    /// <summary>The service-period end a reminder was last sent for (one reminder per end date).</summary>
    public DateOnly? ServicePeriodReminderFor { get; set; }

    /// <summary>When it was reclaimed.</summary>
    public DateTimeOffset? ReclaimedAt { get; set; }

    /// <summary>Who confirmed the reclamation (or the hook).</summary>
    public string? ReclaimedBy { get; set; }

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The registration history, one entry per campaign year.</summary>
    public List<VmRegistrationRecord> Registrations { get; set; } = [];

    /// <inheritdoc />
    string IUnitLedgerRecord.Status => Status.ToWire();

    /// <summary>Whether the center may reclaim it now: reclaim-pending with three missed years in a row.</summary>
    [JsonIgnore]
    public bool IsReclaimable => Status == VmStatus.ReclaimPending && ConsecutiveMissedYears >= VmPolicy.ReclaimAfterMissedYears;

    /// <summary>Whether the unit was already reminded of the current end of its service period.</summary>
    [JsonIgnore]
    public bool IsServicePeriodReminded => ServicePeriodReminderFor == ServiceTo;

    /// <summary>The business key of its re-registration campaign of a year: <c>vm:{id}:rereg:{yyyy}</c>.</summary>
    public string ReregistrationBusinessKey(int year) => $"{ReregistrationKeyPrefix(Id)}{year}";

    /// <summary>What every re-registration campaign of the VM's business key starts with.</summary>
    public static string ReregistrationKeyPrefix(Guid vmId) => $"vm:{vmId}:rereg:";

    /// <summary>Whether its yearly registration is due on <paramref name="today"/> (see <see cref="RegistrationDueBy"/>).</summary>
    public bool IsRegistrationDue(DateOnly today) => RegistrationDueBy.IsSatisfiedBy(this, today);

    /// <summary>Why it cannot be re-registered, or null when it can (a reclaimed VM never can).</summary>
    public string? ReregistrationRefusal() => Status == VmStatus.Reclaimed
        ? $"虚拟机 {ServerName} 已于 {ReclaimedAt:yyyy-MM-dd} 回收，不能再备案，请重新申请 (the VM {ServerName} was reclaimed on {ReclaimedAt:yyyy-MM-dd}; it cannot be re-registered: apply for a new VM, vm-application)."
        : null;

    /// <summary>Why it cannot be reclaimed now, or null when it can (<see cref="IsReclaimable"/>).</summary>
    public string? ReclamationRefusal() => IsReclaimable
        ? null
        : $"只有连续 {VmPolicy.ReclaimAfterMissedYears} 年未备案、已最终通知并过了宽限期的虚拟机才能回收 (the VM {ServerName} is {Status.ToWire()} with {ConsecutiveMissedYears} consecutive missed years; only a VM with {VmPolicy.ReclaimAfterMissedYears} missed years, finally notified and past its grace period, can be reclaimed).";

    /// <summary>Throws a <see cref="LedgerValidationException"/> on <c>vmId</c> unless the VM may be reclaimed now.</summary>
    public void EnsureReclaimable()
    {
        if (ReclamationRefusal() is { } refusal)
        {
            throw LedgerValidationException.For("vmId", refusal);
        }
    }

    /// <summary>
    /// A (re-)registration for the campaign <paramref name="year"/>: the VM is active, registered today, its missed-year
    /// count back to 0, its next registration due a year on (or on the next campaign date). A reclaimed VM is refused.
    /// Returns the history entry to add to the ledger.
    /// </summary>
    public VmRegistrationRecord Register(int year, string? campaignDate, LedgerAct act)
    {
        if (ReregistrationRefusal() is { } refusal)
        {
            throw LedgerValidationException.For("vmId", refusal);
        }

        Status = VmStatus.Active;
        RegisteredYear ??= act.Today.Year;
        LastRegisteredDate = act.Today;
        ConsecutiveMissedYears = 0;
        NextRegistrationDue = VmPolicy.NextDue(act.Today, campaignDate);
        return Entry(year, VmRegistrationOutcome.Registered, act);
    }

    /// <summary>
    /// The registration window of <paramref name="year"/> closed without a registration: one more missed year, the
    /// next campaign a year on; at three in a row the VM becomes reclaim-pending. Returns the history entry to add.
    /// </summary>
    public VmRegistrationRecord RecordMiss(int year, string? campaignDate, LedgerAct act)
    {
        if (Status is not (VmStatus.Active or VmStatus.ReclaimPending))
        {
            throw LedgerValidationException.For("status", $"虚拟机状态为 {Status.ToWire()}，没有可错过的年度备案 (a {Status.ToWire()} VM has no registration to miss).");
        }

        ConsecutiveMissedYears++;
        NextRegistrationDue = VmPolicy.NextDue(NextRegistrationDue ?? act.Today, campaignDate);
        if (ConsecutiveMissedYears >= VmPolicy.ReclaimAfterMissedYears)
        {
            Status = VmStatus.ReclaimPending;
        }

        return Entry(year, VmRegistrationOutcome.Missed, act);
    }

    /// <summary>The center confirmed (or the platform hook deleted the VM): it is reclaimed. Refused unless <see cref="IsReclaimable"/>.</summary>
    public void MarkReclaimed(LedgerAct act)
    {
        EnsureReclaimable();
        Status = VmStatus.Reclaimed;
        ReclaimedAt = act.At;
        ReclaimedBy = act.By;
        this.Touch(act.At);
    }

    /// <summary>The center decided not to reclaim: the VM is active again; its missed-year count stays.</summary>
    public void Keep(LedgerAct act)
    {
        if (Status == VmStatus.ReclaimPending)
        {
            Status = VmStatus.Active;
        }

        this.Touch(act.At);
    }

    /// <summary>The unit was reminded of the current end of the service period (one reminder per end date).</summary>
    public void MarkServicePeriodReminded(DateTimeOffset at)
    {
        ServicePeriodReminderFor = ServiceTo;
        this.Touch(at);
    }

    /// <inheritdoc />
    public void Validate(LedgerErrors errors)
    {
        errors.Check(VmTypes.Contains(VmType), "vmType", WireNames.OneOf(VmTypes));
        errors.Check(VmType != "other" || !string.IsNullOrWhiteSpace(VmTypeOther), "vmTypeOther", "类型为“其他”时必填 (required when the type is other).");
        errors.Check(Vcpu is >= 1 and <= 64, "vcpu", "须为 1–64 (1 to 64).");
        errors.Check(MemoryGb is >= 1 and <= 512, "memoryGb", "须为 1–512 GB.");
        errors.Check(DiskGb is >= 10 and <= 10240, "diskGb", "须为 10–10240 GB.");
        errors.Check(ServiceTo > ServiceFrom, "serviceTo", "开通周期结束须晚于开始 (the service period must end after it starts).");
        errors.Check(!string.IsNullOrWhiteSpace(Purpose), "purpose", LedgerRules.Required);
        errors.Check(WireNames.IsDefined(Status), "status", WireNames.OneOf<VmStatus>());
        errors.Check(ConsecutiveMissedYears >= 0, "consecutiveMissedYears", "不能为负 (must not be negative).");
        errors.Check(Status != VmStatus.ReclaimPending || ConsecutiveMissedYears >= VmPolicy.ReclaimAfterMissedYears, "status",
            $"连续 {VmPolicy.ReclaimAfterMissedYears} 年未备案才可待回收 (reclaim-pending needs {VmPolicy.ReclaimAfterMissedYears} missed years).");
    }

    private VmRegistrationRecord Entry(int year, VmRegistrationOutcome outcome, LedgerAct act)
    {
        this.Touch(act.At);
        return new VmRegistrationRecord
        {
            Id = Guid.CreateVersion7(act.At),
            VmId = Id,
            Year = year,
            Outcome = outcome,
            ConsecutiveMissedYears = ConsecutiveMissedYears,
            At = act.At,
            By = act.By,
            InstanceId = act.InstanceId,
        };
    }
}

/// <summary>One year of a VM's registration: registered, or missed.</summary>
public sealed class VmRegistrationRecord
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The VM.</summary>
    public Guid VmId { get; set; }

    /// <summary>The campaign year (of the due date), or the year of the first registration.</summary>
    public int Year { get; set; }

    /// <summary>Registered or missed.</summary>
    public VmRegistrationOutcome Outcome { get; set; } = VmRegistrationOutcome.Registered;

    /// <summary>The missed-year count after this entry.</summary>
    public int ConsecutiveMissedYears { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Who (null for the closing window).</summary>
    public string? By { get; set; }

    /// <summary>The instance that recorded it.</summary>
    public Guid? InstanceId { get; set; }
}
