namespace Zzut.Workflows.Activities.Ledgers;

/// <summary>A 学校二级单位: the owner of systems, websites and VMs, and the recipient of its tasks' notices.</summary>
public sealed class UnitRecord
{
    /// <summary>Short stable code, e.g. <c>jsj</c>; candidate group <c>unit:{code}</c>.</summary>
    public required string Code { get; set; }

    /// <summary>Full name, e.g. 计算机与人工智能学院.</summary>
    public required string Name { get; set; }

    /// <summary>The head (负责人), first responsible person.</summary>
    public string HeadName { get; set; } = string.Empty;

    /// <summary>The head's e-mail: notices of tasks the head signs.</summary>
    public string HeadEmail { get; set; } = string.Empty;

    /// <summary>The security officer (安全员).</summary>
    public string OfficerName { get; set; } = string.Empty;

    /// <summary>The officer's e-mail: notices of the unit's tasks.</summary>
    public string OfficerEmail { get; set; } = string.Empty;

    /// <summary>Contact phone.</summary>
    public string Phone { get; set; } = string.Empty;
}

/// <summary>A role's mailbox: <c>leading-group</c>, <c>office</c>, <c>center</c>, <c>expert</c>.</summary>
public sealed class RoleMailboxRecord
{
    /// <summary>The role key; candidate group <c>role:{role}</c>.</summary>
    public required string Role { get; set; }

    /// <summary>Display name, e.g. 网络安全和信息化领导小组办公室.</summary>
    public required string Name { get; set; }

    /// <summary>Comma-separated addresses.</summary>
    public string Emails { get; set; } = string.Empty;
}

/// <summary>A ledger row owned by a unit.</summary>
public interface IUnitLedgerRecord
{
    /// <summary>Row id.</summary>
    Guid Id { get; }

    /// <summary>The owning unit.</summary>
    string UnitCode { get; }

    /// <summary>Where the row stands in its procedure.</summary>
    string Status { get; }

    /// <summary>Incremented on every change; the concurrency token.</summary>
    int Revision { get; set; }

    /// <summary>When the row was created.</summary>
    DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row last changed.</summary>
    DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An information system (信息系统台账): P1 fills it, P2 keeps its evaluations.</summary>
public sealed class InformationSystemRecord : IUnitLedgerRecord
{
    /// <summary>The statuses, in procedure order.</summary>
    public static readonly string[] Statuses = ["applying", "reviewing", "building", "trial", "evaluating", "accepted", "retired"];

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <summary>System name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>Business need (业务需求).</summary>
    public string? BusinessNeed { get; set; }

    /// <summary>Budget in yuan.</summary>
    public decimal? Budget { get; set; }

    /// <summary>The unit's own grading (自主定级), 1–5.</summary>
    public int ProposedLevel { get; set; }

    /// <summary>The level the leading group approved, 1–5.</summary>
    public int? ApprovedLevel { get; set; }

    /// <inheritdoc />
    public string Status { get; set; } = "applying";

    /// <summary>Filing number (备案编号) for level ≥ 2.</summary>
    public string? FilingNumber { get; set; }

    /// <summary>Filing date.</summary>
    public DateOnly? FilingDate { get; set; }

    /// <summary>When the level was approved; the 30-day filing deadline counts from here.</summary>
    public DateOnly? LevelApprovedDate { get; set; }

    /// <summary>Preliminary acceptance (初步验收) date.</summary>
    public DateOnly? PreliminaryAcceptanceDate { get; set; }

    /// <summary>Completion acceptance (竣工验收) date.</summary>
    public DateOnly? CompletionAcceptanceDate { get; set; }

    /// <summary>Last level evaluation (等级测评) date.</summary>
    public DateOnly? LastEvaluationDate { get; set; }

    /// <summary>Next evaluation due: last evaluation + the level's period; null for level 1.</summary>
    public DateOnly? NextEvaluationDue { get; set; }

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The level in force: approved, else proposed.</summary>
    public int Level => ApprovedLevel ?? ProposedLevel;
}

/// <summary>A campus website (校内网站备案登记表, Att. 4) and what the center adds.</summary>
public sealed class WebsiteRecord : IUnitLedgerRecord
{
    /// <summary>The statuses.</summary>
    public static readonly string[] Statuses = ["applying", "checking", "online", "closed"];

    /// <summary>The build methods of Att. 4.</summary>
    public static readonly string[] BuildMethods = ["site-cluster", "own-with-database"];

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>单位名称.</summary>
    public string UnitName { get; set; } = string.Empty;

    /// <summary>责任领导.</summary>
    public string ResponsibleLeader { get; set; } = string.Empty;

    /// <summary>责任领导联系电话.</summary>
    public string LeaderPhone { get; set; } = string.Empty;

    /// <summary>网站域名.</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>网站类型: programming language.</summary>
    public string SiteLanguage { get; set; } = string.Empty;

    /// <summary>网站类型: runtime environment.</summary>
    public string Runtime { get; set; } = string.Empty;

    /// <summary>网站类型: database type.</summary>
    public string? DatabaseType { get; set; }

    /// <summary>网站主要栏目.</summary>
    public string MainColumns { get; set; } = string.Empty;

    /// <summary>服务器放置地点 (campus machine room).</summary>
    public string ServerLocation { get; set; } = string.Empty;

    /// <summary>建站方式: <c>site-cluster</c> (利用网站群建站) or <c>own-with-database</c> (带有后台数据库的网站).</summary>
    public string BuildMethod { get; set; } = string.Empty;

    /// <summary>管理员姓名.</summary>
    public string AdminName { get; set; } = string.Empty;

    /// <summary>管理员联系电话.</summary>
    public string AdminPhone { get; set; } = string.Empty;

    /// <summary>管理员 E-mail.</summary>
    public string AdminEmail { get; set; } = string.Empty;

    /// <summary>管理员移动电话.</summary>
    public string AdminMobile { get; set; } = string.Empty;

    /// <summary>申请日期.</summary>
    public DateOnly? ApplicationDate { get; set; }

    /// <summary>The signed website security responsibility letter (Att. 3).</summary>
    public bool ResponsibilityLetterSigned { get; set; }

    /// <summary>所在单位意见.</summary>
    public string? UnitOpinion { get; set; }

    /// <summary>网络信息中心意见.</summary>
    public string? CenterOpinion { get; set; }

    /// <summary>IP地址 (filled by the center).</summary>
    public string? IpAddress { get; set; }

    /// <summary>IP对外开放.</summary>
    public bool? IpOpenToOutside { get; set; }

    /// <summary>服务类型 (HTTP, HTTPS, FTP …), comma-separated.</summary>
    public string? ServiceTypes { get; set; }

    /// <summary>Last security check result: <c>passed</c> or <c>failed</c>.</summary>
    public string? SecurityCheckResult { get; set; }

    /// <summary>Findings of the last security check.</summary>
    public string? SecurityCheckFindings { get; set; }

    /// <summary>How many security checks were run.</summary>
    public int SecurityCheckCount { get; set; }

    /// <inheritdoc />
    public string Status { get; set; } = "applying";

    /// <summary>开通日期.</summary>
    public DateOnly? OpeningDate { get; set; }

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A security incident (网络信息安全突发事件报告单, Att. 10) and its reporting clocks.</summary>
public sealed class IncidentRecord : IUnitLedgerRecord
{
    /// <summary>Categories of GB/T 20986-2007.</summary>
    public static readonly string[] Categories = ["harmful-program", "network-attack", "information-destruction", "information-content", "fault", "disaster", "other"];

    /// <summary>Harm (危害表象).</summary>
    public static readonly string[] Harms = ["network-outage", "system-down", "data-destroyed", "data-leaked", "other"];

    /// <summary>The phases.</summary>
    public static readonly string[] Phases = ["emergency", "in-progress", "rectification", "closed"];

    /// <summary>Reporting statuses: on time, 漏报 (missed), 瞒报 (concealed).</summary>
    public static readonly string[] ReportingStatuses = [IncidentReporting.OnTime, IncidentReporting.Missed, IncidentReporting.Concealed];

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <summary>事发单位 (the affected unit, owner of the row).</summary>
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>Short title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>报告单位 (usually the affected unit).</summary>
    public string? ReportingUnit { get; set; }

    /// <summary>报告时间 of the written report form.</summary>
    public DateTimeOffset? ReportTime { get; set; }

    /// <summary>事件起始时间: when it happened (事发). Every reporting deadline counts from here.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When it was discovered; the in-progress report is due 1 h after.</summary>
    public DateTimeOffset DiscoveredAt { get; set; }

    /// <summary>When it was entered here.</summary>
    public DateTimeOffset EnteredAt { get; set; }

    /// <summary>When the oral first report was made (due 30 min after occurrence).</summary>
    public DateTimeOffset? OralReportAt { get; set; }

    /// <summary>Whom the oral report reached (supervising leader, office).</summary>
    public string? OralReportTo { get; set; }

    /// <summary>When the written report was submitted (due 1 h after occurrence).</summary>
    public DateTimeOffset? WrittenReportAt { get; set; }

    /// <summary>填报人.</summary>
    public string? FilledBy { get; set; }

    /// <summary>审核人 (the unit's head).</summary>
    public string? ReviewedBy { get; set; }

    /// <summary>事件分类.</summary>
    public string Category { get; set; } = "other";

    /// <summary>危害表象.</summary>
    public string? Harm { get; set; }

    /// <summary>事件描述: cause, nature, first judgement of harm.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>处置措施.</summary>
    public string? MeasuresTaken { get; set; }

    /// <summary>事件后果的初步估计.</summary>
    public string? ExpectedConsequences { get; set; }

    /// <summary>有关意见和建议.</summary>
    public string? Opinions { get; set; }

    /// <summary>Level the office proposes: 1 (Ⅰ 特别重大) … 4 (Ⅳ 一般).</summary>
    public int? ProposedLevel { get; set; }

    /// <summary>Level the leading group approved.</summary>
    public int? ApprovedLevel { get; set; }

    /// <summary>emergency / in-progress / rectification / closed.</summary>
    public string Phase { get; set; } = "emergency";

    /// <summary>When handling ended; the rectification report is due 1 working day after.</summary>
    public DateTimeOffset? HandlingCompletedAt { get; set; }

    /// <summary>Handling summary: losses, cause, the fixed vulnerability, restored service.</summary>
    public string? HandlingSummary { get; set; }

    /// <summary>Whether the police were involved (deliberate damage).</summary>
    public bool? PoliceInvolved { get; set; }

    /// <summary>Due instant of the rectification report.</summary>
    public DateTimeOffset? RectificationReportDue { get; set; }

    /// <summary>When the rectification report was submitted.</summary>
    public DateTimeOffset? RectificationReportAt { get; set; }

    /// <summary>The rectification report: lessons, posture, hidden risks, strengthened measures.</summary>
    public string? RectificationReport { get; set; }

    /// <summary><c>onTime</c>, <c>missed</c> (漏报) or <c>concealed</c> (瞒报).</summary>
    public string ReportingStatus { get; set; } = IncidentReporting.OnTime;

    /// <inheritdoc />
    public string Status => Phase;

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Interviews and circulated notices recorded against the incident.</summary>
    public List<AccountabilityRecord> Accountability { get; set; } = [];
}

/// <summary>An accountability measure (Art. 39): 约谈 (interview) or 通报 (circulated notice).</summary>
public sealed class AccountabilityRecord
{
    /// <summary>The measures.</summary>
    public static readonly string[] Kinds = ["interview", "circular"];

    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The incident.</summary>
    public Guid IncidentId { get; set; }

    /// <summary><c>interview</c> (约谈) or <c>circular</c> (通报).</summary>
    public string Kind { get; set; } = "interview";

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

/// <summary>Links a ledger row to an instance that touched it.</summary>
public sealed class LedgerLinkRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary><c>system</c>, <c>website</c> or <c>incident</c>.</summary>
    public required string Ledger { get; set; }

    /// <summary>The ledger row.</summary>
    public Guid RecordId { get; set; }

    /// <summary>The instance.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>Its definition key.</summary>
    public required string DefinitionKey { get; set; }

    /// <summary>The element that wrote the row.</summary>
    public required string ElementId { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }
}

/// <summary>A day whose working status differs from the weekday rule: a holiday, or a weekend day worked (调休).</summary>
public sealed class CalendarDayRecord
{
    /// <summary>The kinds.</summary>
    public static readonly string[] Kinds = ["holiday", "workday"];

    /// <summary>The date (Asia/Shanghai).</summary>
    public DateOnly Date { get; set; }

    /// <summary><c>holiday</c> or <c>workday</c>.</summary>
    public string Kind { get; set; } = "holiday";

    /// <summary>E.g. 国庆节, 国庆节调休上班.</summary>
    public string Name { get; set; } = string.Empty;
}

/// <summary>How often a level is evaluated (P2): data, not code.</summary>
public sealed class EvaluationPeriodRecord
{
    /// <summary>Security protection level 1–5.</summary>
    public int Level { get; set; }

    /// <summary>Months between evaluations; 0 = no evaluation (self-inspection only).</summary>
    public int Months { get; set; }
}

/// <summary>A campus cloud VM (云服务（虚拟机）备案登记表, Att. 6) with its yearly registrations (Att. 6 说明 2).</summary>
public sealed class VmRecord : IUnitLedgerRecord
{
    /// <summary>The statuses.</summary>
    public static readonly string[] Statuses = ["applying", "active", "reclaim-pending", "reclaimed"];

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

    /// <inheritdoc />
    public string Status { get; set; } = "applying";

    /// <summary>The year it was first registered (provisioned).</summary>
    public int? RegisteredYear { get; set; }

    /// <summary>The last (re-)registration.</summary>
    public DateOnly? LastRegisteredDate { get; set; }

    /// <summary>When the next yearly registration falls due.</summary>
    public DateOnly? NextRegistrationDue { get; set; }

    /// <summary>Yearly registrations missed in a row; three allow reclamation.</summary>
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

    /// <summary><c>registered</c>, <c>missed</c>.</summary>
    public string Outcome { get; set; } = "registered";

    /// <summary>The missed-year count after this entry.</summary>
    public int ConsecutiveMissedYears { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Who (null for the closing window).</summary>
    public string? By { get; set; }

    /// <summary>The instance that recorded it.</summary>
    public Guid? InstanceId { get; set; }
}

/// <summary>A physical server hosted in the data center (托管服务器备案登记表, Att. 8).</summary>
public sealed class HostedServerRecord : IUnitLedgerRecord
{
    /// <summary>The statuses.</summary>
    public static readonly string[] Statuses = ["applying", "active", "retired"];

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <summary>托管单位.</summary>
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>申请人姓名.</summary>
    public string Applicant { get; set; } = string.Empty;

    /// <summary>申请人联系方式.</summary>
    public string ApplicantContact { get; set; } = string.Empty;

    /// <summary>服务器配置.</summary>
    public string ServerConfiguration { get; set; } = string.Empty;

    /// <summary>网络安全设备情况.</summary>
    public string SecurityDevices { get; set; } = string.Empty;

    /// <summary>托管周期 from.</summary>
    public DateOnly HostingFrom { get; set; }

    /// <summary>托管周期 to.</summary>
    public DateOnly HostingTo { get; set; }

    /// <summary>服务器用途.</summary>
    public string Purpose { get; set; } = string.Empty;

    /// <summary>备注.</summary>
    public string? Remarks { get; set; }

    /// <summary>安全责任人 (Att. 7).</summary>
    public string SecurityOfficer { get; set; } = string.Empty;

    /// <summary>安全责任人联系电话.</summary>
    public string SecurityOfficerPhone { get; set; } = string.Empty;

    /// <summary>系统管理员 (Att. 7).</summary>
    public string SystemAdministrator { get; set; } = string.Empty;

    /// <summary>系统管理员联系电话.</summary>
    public string SystemAdministratorPhone { get; set; } = string.Empty;

    /// <summary>The signed hosting security responsibility letter (Att. 7).</summary>
    public bool ResponsibilityLetterSigned { get; set; }

    /// <summary>Expert opinion on the special hardware need (Art. 19).</summary>
    public string? ExpertOpinion { get; set; }

    /// <summary>服务器名称.</summary>
    public string? ServerName { get; set; }

    /// <summary>IP 地址.</summary>
    public string? IpAddress { get; set; }

    /// <summary>经办人.</summary>
    public string? Handler { get; set; }

    /// <summary>负责人 (the center's).</summary>
    public string? CenterResponsible { get; set; }

    /// <inheritdoc />
    public string Status { get; set; } = "applying";

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A deadline rectification notice (限期整改通知书, Art. 35) issued after an evaluation or inspection.</summary>
public sealed class RectificationNoticeRecord : IUnitLedgerRecord
{
    /// <summary>The statuses.</summary>
    public static readonly string[] Statuses = ["open", "overdue", "completed"];

    /// <inheritdoc />
    public Guid Id { get; set; }

    /// <inheritdoc />
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>The system evaluated, if any.</summary>
    public Guid? SystemId { get; set; }

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

    /// <inheritdoc />
    public string Status { get; set; } = "open";

    /// <inheritdoc />
    public int Revision { get; set; }

    /// <inheritdoc />
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public DateTimeOffset UpdatedAt { get; set; }
}

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
}

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

/// <summary>One version of a form-js schema: forms are versioned like definitions.</summary>
public sealed class FormVersionRecord
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>The form's <c>id</c>, as <c>camunda:formRef</c> names it.</summary>
    public string FormId { get; set; } = string.Empty;

    /// <summary>1, 2, …</summary>
    public int Version { get; set; }

    /// <summary>The schema.</summary>
    public string Json { get; set; } = string.Empty;

    /// <summary>SHA-256 of the normalized schema: identical content is not a new version.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>When.</summary>
    public DateTimeOffset DeployedAt { get; set; }

    /// <summary>Who (or <c>definitions folder</c>).</summary>
    public string? DeployedBy { get; set; }
}
