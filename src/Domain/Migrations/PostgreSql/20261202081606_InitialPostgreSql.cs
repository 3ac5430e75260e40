using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Zzut.Workflows.Domain.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InitialPostgreSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "annual_reports",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FiguresJson = table.Column<string>(type: "text", nullable: false),
                    AssembledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Overview = table.Column<string>(type: "text", nullable: true),
                    Problems = table.Column<string>(type: "text", nullable: true),
                    Measures = table.Column<string>(type: "text", nullable: true),
                    NextYearPlan = table.Column<string>(type: "text", nullable: true),
                    DraftedBy = table.Column<string>(type: "text", nullable: true),
                    ApprovalOpinion = table.Column<string>(type: "text", nullable: true),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ApprovedBy = table.Column<string>(type: "text", nullable: true),
                    SubmittedTo = table.Column<string>(type: "text", nullable: true),
                    SubmittedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_annual_reports", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "calendar_days",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calendar_days", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "duty_shifts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Team = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PersonName = table.Column<string>(type: "text", nullable: false),
                    UserName = table.Column<string>(type: "text", nullable: true),
                    Phone = table.Column<string>(type: "text", nullable: false),
                    Email = table.Column<string>(type: "text", nullable: true),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_duty_shifts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "emergency_drills",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Scenario = table.Column<string>(type: "text", nullable: false),
                    PlanTitle = table.Column<string>(type: "text", nullable: true),
                    PlannedDate = table.Column<DateOnly>(type: "date", nullable: false),
                    PlannedParticipants = table.Column<string>(type: "text", nullable: true),
                    PlannedBy = table.Column<string>(type: "text", nullable: true),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Participants = table.Column<string>(type: "text", nullable: true),
                    ParticipantCount = table.Column<int>(type: "integer", nullable: true),
                    ProcessSummary = table.Column<string>(type: "text", nullable: true),
                    Evaluation = table.Column<string>(type: "text", nullable: true),
                    Problems = table.Column<string>(type: "text", nullable: true),
                    RevisionNeeded = table.Column<bool>(type: "boolean", nullable: false),
                    RevisionSummary = table.Column<string>(type: "text", nullable: true),
                    RevisionFollowedUpOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_emergency_drills", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "emergency_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Scope = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Summary = table.Column<string>(type: "text", nullable: false),
                    RevisionNote = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    EffectiveDate = table.Column<DateOnly>(type: "date", nullable: true),
                    FilingNumber = table.Column<string>(type: "text", nullable: false),
                    FiledOn = table.Column<DateOnly>(type: "date", nullable: false),
                    FiledBy = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    NextReviewDue = table.Column<DateOnly>(type: "date", nullable: true),
                    ReviewRemindedFor = table.Column<DateOnly>(type: "date", nullable: true),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_emergency_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_periods",
                columns: table => new
                {
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Months = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evaluation_periods", x => x.Level);
                });

            migrationBuilder.CreateTable(
                name: "form_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FormId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DeployedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeployedBy = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "hosted_servers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Applicant = table.Column<string>(type: "text", nullable: false),
                    ApplicantContact = table.Column<string>(type: "text", nullable: false),
                    ServerConfiguration = table.Column<string>(type: "text", nullable: false),
                    SecurityDevices = table.Column<string>(type: "text", nullable: false),
                    HostingFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    HostingTo = table.Column<DateOnly>(type: "date", nullable: false),
                    Purpose = table.Column<string>(type: "text", nullable: false),
                    Remarks = table.Column<string>(type: "text", nullable: true),
                    SecurityOfficer = table.Column<string>(type: "text", nullable: false),
                    SecurityOfficerPhone = table.Column<string>(type: "text", nullable: false),
                    SystemAdministrator = table.Column<string>(type: "text", nullable: false),
                    SystemAdministratorPhone = table.Column<string>(type: "text", nullable: false),
                    ResponsibilityLetterSigned = table.Column<bool>(type: "boolean", nullable: false),
                    ExpertOpinion = table.Column<string>(type: "text", nullable: true),
                    ServerName = table.Column<string>(type: "text", nullable: true),
                    IpAddress = table.Column<string>(type: "text", nullable: true),
                    Handler = table.Column<string>(type: "text", nullable: true),
                    CenterResponsible = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hosted_servers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "hosting_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Ledger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Label = table.Column<string>(type: "text", nullable: false),
                    ChangesJson = table.Column<string>(type: "text", nullable: false),
                    PreviousJson = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "text", nullable: true),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionNote = table.Column<string>(type: "text", nullable: true),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hosting_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incident_tips",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportedBy = table.Column<string>(type: "text", nullable: true),
                    ReporterName = table.Column<string>(type: "text", nullable: false),
                    ReporterPhone = table.Column<string>(type: "text", nullable: false),
                    ReporterEmail = table.Column<string>(type: "text", nullable: true),
                    Company = table.Column<string>(type: "text", nullable: true),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Description = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TriagedBy = table.Column<string>(type: "text", nullable: true),
                    TriagedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CloseReason = table.Column<string>(type: "text", nullable: true),
                    IncidentInstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_tips", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inspection_units",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InspectionId = table.Column<Guid>(type: "uuid", nullable: true),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    PlannedDate = table.Column<DateOnly>(type: "date", nullable: true),
                    InspectedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Result = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Findings = table.Column<string>(type: "text", nullable: true),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inspections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Scope = table.Column<string>(type: "text", nullable: false),
                    PlannedDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Inspectors = table.Column<string>(type: "text", nullable: false),
                    JointUnits = table.Column<string>(type: "text", nullable: true),
                    UnitCodes = table.Column<string>(type: "text", nullable: false),
                    PlannedBy = table.Column<string>(type: "text", nullable: true),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_links",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Ledger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    DefinitionKey = table.Column<string>(type: "text", nullable: false),
                    ElementId = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_links", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "letter_scans",
                columns: table => new
                {
                    LetterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_letter_scans", x => x.LetterId);
                });

            migrationBuilder.CreateTable(
                name: "rectification_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SystemId = table.Column<Guid>(type: "uuid", nullable: true),
                    InspectionUnitId = table.Column<Guid>(type: "uuid", nullable: true),
                    Number = table.Column<string>(type: "text", nullable: false),
                    Findings = table.Column<string>(type: "text", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    IssuedDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CompletedDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rectification_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reminder_marks",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Period = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminder_marks", x => new { x.Kind, x.Subject, x.Period });
                });

            migrationBuilder.CreateTable(
                name: "responsibility_letters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Number = table.Column<string>(type: "text", nullable: false),
                    Signer = table.Column<string>(type: "text", nullable: false),
                    SignerUserName = table.Column<string>(type: "text", nullable: true),
                    Company = table.Column<string>(type: "text", nullable: true),
                    SystemName = table.Column<string>(type: "text", nullable: true),
                    SignedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    ResponsiblePerson = table.Column<string>(type: "text", nullable: false),
                    ResponsiblePhone = table.Column<string>(type: "text", nullable: false),
                    SecurityAdministrator = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ScanFileName = table.Column<string>(type: "text", nullable: true),
                    ScanContentType = table.Column<string>(type: "text", nullable: true),
                    ScanSize = table.Column<long>(type: "bigint", nullable: true),
                    ScanSha256 = table.Column<string>(type: "text", nullable: true),
                    ScanUploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ScanUploadedBy = table.Column<string>(type: "text", nullable: true),
                    RegisteredBy = table.Column<string>(type: "text", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_responsibility_letters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "responsible_person_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LetterId = table.Column<Guid>(type: "uuid", nullable: true),
                    PreviousPerson = table.Column<string>(type: "text", nullable: false),
                    NewPerson = table.Column<string>(type: "text", nullable: false),
                    NewPhone = table.Column<string>(type: "text", nullable: false),
                    NewEmail = table.Column<string>(type: "text", nullable: true),
                    ChangedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Late = table.Column<bool>(type: "boolean", nullable: false),
                    DaysLate = table.Column<int>(type: "integer", nullable: false),
                    AcknowledgedBy = table.Column<string>(type: "text", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_responsible_person_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "role_mailboxes",
                columns: table => new
                {
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Emails = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_role_mailboxes", x => x.Role);
                });

            migrationBuilder.CreateTable(
                name: "scan_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Trigger = table.Column<string>(type: "text", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StartedCount = table.Column<int>(type: "integer", nullable: false),
                    SkippedCount = table.Column<int>(type: "integer", nullable: false),
                    StartedJson = table.Column<string>(type: "text", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scan_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "security_incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReportingUnit = table.Column<string>(type: "text", nullable: true),
                    ReportTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DiscoveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EnteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OralReportAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OralReportTo = table.Column<string>(type: "text", nullable: true),
                    OralReportStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CenterCoordination = table.Column<string>(type: "text", nullable: true),
                    WrittenReportAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FilledBy = table.Column<string>(type: "text", nullable: true),
                    ReviewedBy = table.Column<string>(type: "text", nullable: true),
                    Category = table.Column<string>(type: "text", nullable: false),
                    Harm = table.Column<string>(type: "text", nullable: true),
                    Description = table.Column<string>(type: "text", nullable: false),
                    MeasuresTaken = table.Column<string>(type: "text", nullable: true),
                    ExpectedConsequences = table.Column<string>(type: "text", nullable: true),
                    Opinions = table.Column<string>(type: "text", nullable: true),
                    ProposedLevel = table.Column<int>(type: "integer", nullable: true),
                    ApprovedLevel = table.Column<int>(type: "integer", nullable: true),
                    Phase = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HandlingCompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HandlingSummary = table.Column<string>(type: "text", nullable: true),
                    PoliceInvolved = table.Column<bool>(type: "boolean", nullable: true),
                    RectificationReportDue = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RectificationReportAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RectificationReport = table.Column<string>(type: "text", nullable: true),
                    ReportingStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "security_warnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    Requirements = table.Column<string>(type: "text", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ClosingSummary = table.Column<string>(type: "text", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedBy = table.Column<string>(type: "text", nullable: true),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_warnings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "self_inspections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Period = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Scope = table.Column<string>(type: "text", nullable: true),
                    Summary = table.Column<string>(type: "text", nullable: true),
                    Problems = table.Column<string>(type: "text", nullable: true),
                    Measures = table.Column<string>(type: "text", nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewOpinion = table.Column<string>(type: "text", nullable: true),
                    ReviewedBy = table.Column<string>(type: "text", nullable: true),
                    NoticeRequested = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_self_inspections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "systems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    BusinessNeed = table.Column<string>(type: "text", nullable: true),
                    Budget = table.Column<decimal>(type: "numeric", nullable: true),
                    ProposedLevel = table.Column<int>(type: "integer", nullable: false),
                    ApprovedLevel = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Purpose = table.Column<string>(type: "text", nullable: true),
                    Deployment = table.Column<string>(type: "text", nullable: true),
                    Address = table.Column<string>(type: "text", nullable: true),
                    Vendor = table.Column<string>(type: "text", nullable: true),
                    InServiceSince = table.Column<DateOnly>(type: "date", nullable: true),
                    ContactName = table.Column<string>(type: "text", nullable: true),
                    ContactPhone = table.Column<string>(type: "text", nullable: true),
                    Classified = table.Column<bool>(type: "boolean", nullable: false),
                    CenterFilingDate = table.Column<DateOnly>(type: "date", nullable: true),
                    NetworkAccessDate = table.Column<DateOnly>(type: "date", nullable: true),
                    NetworkAddress = table.Column<string>(type: "text", nullable: true),
                    NetworkServices = table.Column<string>(type: "text", nullable: true),
                    FilingNumber = table.Column<string>(type: "text", nullable: true),
                    FilingDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LevelApprovedDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PreliminaryAcceptanceDate = table.Column<DateOnly>(type: "date", nullable: true),
                    CompletionAcceptanceDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LastEvaluationDate = table.Column<DateOnly>(type: "date", nullable: true),
                    NextEvaluationDue = table.Column<DateOnly>(type: "date", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_systems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "trainings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TrainingDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Topic = table.Column<string>(type: "text", nullable: false),
                    Trainer = table.Column<string>(type: "text", nullable: false),
                    Attendees = table.Column<string>(type: "text", nullable: false),
                    AttendeeCount = table.Column<int>(type: "integer", nullable: false),
                    Hours = table.Column<decimal>(type: "numeric", nullable: true),
                    Content = table.Column<string>(type: "text", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trainings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "unit_criticisms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_criticisms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HeadName = table.Column<string>(type: "text", nullable: false),
                    HeadEmail = table.Column<string>(type: "text", nullable: false),
                    HeadAccount = table.Column<string>(type: "text", nullable: false),
                    OfficerName = table.Column<string>(type: "text", nullable: false),
                    OfficerEmail = table.Column<string>(type: "text", nullable: false),
                    Phone = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "vms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Applicant = table.Column<string>(type: "text", nullable: false),
                    ApplicantContact = table.Column<string>(type: "text", nullable: false),
                    VmType = table.Column<string>(type: "text", nullable: false),
                    VmTypeOther = table.Column<string>(type: "text", nullable: true),
                    Vcpu = table.Column<int>(type: "integer", nullable: false),
                    MemoryGb = table.Column<int>(type: "integer", nullable: false),
                    DiskGb = table.Column<int>(type: "integer", nullable: false),
                    PreinstalledDatabase = table.Column<string>(type: "text", nullable: true),
                    PreinstalledApplication = table.Column<string>(type: "text", nullable: true),
                    PreinstalledOther = table.Column<string>(type: "text", nullable: true),
                    ServiceFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ServiceTo = table.Column<DateOnly>(type: "date", nullable: false),
                    Purpose = table.Column<string>(type: "text", nullable: false),
                    Remarks = table.Column<string>(type: "text", nullable: true),
                    SecurityOfficer = table.Column<string>(type: "text", nullable: false),
                    SecurityOfficerPhone = table.Column<string>(type: "text", nullable: false),
                    SystemAdministrator = table.Column<string>(type: "text", nullable: false),
                    SystemAdministratorPhone = table.Column<string>(type: "text", nullable: false),
                    ResponsibilityLetterSigned = table.Column<bool>(type: "boolean", nullable: false),
                    ServerName = table.Column<string>(type: "text", nullable: true),
                    IpAddress = table.Column<string>(type: "text", nullable: true),
                    Approver = table.Column<string>(type: "text", nullable: true),
                    Handler = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RegisteredYear = table.Column<int>(type: "integer", nullable: true),
                    LastRegisteredDate = table.Column<DateOnly>(type: "date", nullable: true),
                    NextRegistrationDue = table.Column<DateOnly>(type: "date", nullable: true),
                    ConsecutiveMissedYears = table.Column<int>(type: "integer", nullable: false),
                    ServicePeriodReminderFor = table.Column<DateOnly>(type: "date", nullable: true),
                    ReclaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReclaimedBy = table.Column<string>(type: "text", nullable: true),
                    StatusReason = table.Column<string>(type: "text", nullable: true),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StatusChangedBy = table.Column<string>(type: "text", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "websites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UnitName = table.Column<string>(type: "text", nullable: false),
                    ResponsibleLeader = table.Column<string>(type: "text", nullable: false),
                    LeaderPhone = table.Column<string>(type: "text", nullable: false),
                    Domain = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    SiteLanguage = table.Column<string>(type: "text", nullable: false),
                    Runtime = table.Column<string>(type: "text", nullable: false),
                    DatabaseType = table.Column<string>(type: "text", nullable: true),
                    MainColumns = table.Column<string>(type: "text", nullable: false),
                    ServerLocation = table.Column<string>(type: "text", nullable: false),
                    BuildMethod = table.Column<string>(type: "text", nullable: false),
                    AdminName = table.Column<string>(type: "text", nullable: false),
                    AdminPhone = table.Column<string>(type: "text", nullable: false),
                    AdminEmail = table.Column<string>(type: "text", nullable: false),
                    AdminMobile = table.Column<string>(type: "text", nullable: false),
                    ApplicationDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ResponsibilityLetterSigned = table.Column<bool>(type: "boolean", nullable: false),
                    UnitOpinion = table.Column<string>(type: "text", nullable: true),
                    CenterOpinion = table.Column<string>(type: "text", nullable: true),
                    IpAddress = table.Column<string>(type: "text", nullable: true),
                    IpOpenToOutside = table.Column<bool>(type: "boolean", nullable: true),
                    ServiceTypes = table.Column<string>(type: "text", nullable: true),
                    SecurityCheckResult = table.Column<string>(type: "text", nullable: true),
                    SecurityCheckFindings = table.Column<string>(type: "text", nullable: true),
                    SecurityCheckCount = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OpeningDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WatchUrl = table.Column<string>(type: "text", nullable: true),
                    LastCheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastCheckOutcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: true),
                    LastResponseMs = table.Column<int>(type: "integer", nullable: true),
                    LastCheckProblem = table.Column<string>(type: "text", nullable: true),
                    CertificateExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CertificateWarnedFor = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "integer", nullable: false),
                    FailingSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnomalyInstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    AnomalyOpen = table.Column<bool>(type: "boolean", nullable: false),
                    LastAnomalyCause = table.Column<string>(type: "text", nullable: true),
                    LastAnomalyMeasures = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_websites", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incident_accountability",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ResponsiblePerson = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    RecordedBy = table.Column<string>(type: "text", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_accountability", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incident_accountability_security_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "security_incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "warning_responses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WarningId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Affected = table.Column<bool>(type: "boolean", nullable: true),
                    CheckResult = table.Column<string>(type: "text", nullable: true),
                    Measures = table.Column<string>(type: "text", nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnsweredBy = table.Column<string>(type: "text", nullable: true),
                    Late = table.Column<bool>(type: "boolean", nullable: false),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_warning_responses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_warning_responses_security_warnings_WarningId",
                        column: x => x.WarningId,
                        principalTable: "security_warnings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "vm_registrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VmId = table.Column<Guid>(type: "uuid", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ConsecutiveMissedYears = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "text", nullable: true),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vm_registrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_vm_registrations_vms_VmId",
                        column: x => x.VmId,
                        principalTable: "vms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_duty_shifts_Team_StartsAt",
                table: "duty_shifts",
                columns: new[] { "Team", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_emergency_drills_Year",
                table: "emergency_drills",
                column: "Year");

            migrationBuilder.CreateIndex(
                name: "IX_emergency_plans_Scope_UnitCode_Version",
                table: "emergency_plans",
                columns: new[] { "Scope", "UnitCode", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_form_versions_FormId_Version",
                table: "form_versions",
                columns: new[] { "FormId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_hosted_servers_UnitCode",
                table: "hosted_servers",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_hosting_changes_Ledger_RecordId_Status",
                table: "hosting_changes",
                columns: new[] { "Ledger", "RecordId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_hosting_changes_UnitCode",
                table: "hosting_changes",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_incident_accountability_IncidentId",
                table: "incident_accountability",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_tips_Status",
                table: "incident_tips",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_inspection_units_InspectionId_UnitCode",
                table: "inspection_units",
                columns: new[] { "InspectionId", "UnitCode" });

            migrationBuilder.CreateIndex(
                name: "IX_inspection_units_UnitCode",
                table: "inspection_units",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_inspections_Number",
                table: "inspections",
                column: "Number");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_links_Ledger_RecordId_InstanceId",
                table: "ledger_links",
                columns: new[] { "Ledger", "RecordId", "InstanceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rectification_notices_Status_Deadline",
                table: "rectification_notices",
                columns: new[] { "Status", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_responsibility_letters_UnitCode_Kind_Status",
                table: "responsibility_letters",
                columns: new[] { "UnitCode", "Kind", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_responsible_person_changes_UnitCode",
                table: "responsible_person_changes",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_scan_runs_Name_StartedAt",
                table: "scan_runs",
                columns: new[] { "Name", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_security_incidents_ReportingStatus",
                table: "security_incidents",
                column: "ReportingStatus");

            migrationBuilder.CreateIndex(
                name: "IX_security_incidents_UnitCode",
                table: "security_incidents",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_security_warnings_Status",
                table: "security_warnings",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_self_inspections_UnitCode_Period",
                table: "self_inspections",
                columns: new[] { "UnitCode", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_systems_NextEvaluationDue",
                table: "systems",
                column: "NextEvaluationDue");

            migrationBuilder.CreateIndex(
                name: "IX_systems_UnitCode",
                table: "systems",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_trainings_UnitCode_TrainingDate",
                table: "trainings",
                columns: new[] { "UnitCode", "TrainingDate" });

            migrationBuilder.CreateIndex(
                name: "IX_unit_criticisms_UnitCode",
                table: "unit_criticisms",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_vm_registrations_VmId_Year",
                table: "vm_registrations",
                columns: new[] { "VmId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_vms_Status_NextRegistrationDue",
                table: "vms",
                columns: new[] { "Status", "NextRegistrationDue" });

            migrationBuilder.CreateIndex(
                name: "IX_vms_UnitCode",
                table: "vms",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_warning_responses_WarningId_UnitCode",
                table: "warning_responses",
                columns: new[] { "WarningId", "UnitCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_websites_Domain",
                table: "websites",
                column: "Domain");

            migrationBuilder.CreateIndex(
                name: "IX_websites_Status_LastCheckOutcome",
                table: "websites",
                columns: new[] { "Status", "LastCheckOutcome" });

            migrationBuilder.CreateIndex(
                name: "IX_websites_UnitCode",
                table: "websites",
                column: "UnitCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "annual_reports");

            migrationBuilder.DropTable(
                name: "calendar_days");

            migrationBuilder.DropTable(
                name: "duty_shifts");

            migrationBuilder.DropTable(
                name: "emergency_drills");

            migrationBuilder.DropTable(
                name: "emergency_plans");

            migrationBuilder.DropTable(
                name: "evaluation_periods");

            migrationBuilder.DropTable(
                name: "form_versions");

            migrationBuilder.DropTable(
                name: "hosted_servers");

            migrationBuilder.DropTable(
                name: "hosting_changes");

            migrationBuilder.DropTable(
                name: "incident_accountability");

            migrationBuilder.DropTable(
                name: "incident_tips");

            migrationBuilder.DropTable(
                name: "inspection_units");

            migrationBuilder.DropTable(
                name: "inspections");

            migrationBuilder.DropTable(
                name: "ledger_links");

            migrationBuilder.DropTable(
                name: "letter_scans");

            migrationBuilder.DropTable(
                name: "rectification_notices");

            migrationBuilder.DropTable(
                name: "reminder_marks");

            migrationBuilder.DropTable(
                name: "responsibility_letters");

            migrationBuilder.DropTable(
                name: "responsible_person_changes");

            migrationBuilder.DropTable(
                name: "role_mailboxes");

            migrationBuilder.DropTable(
                name: "scan_runs");

            migrationBuilder.DropTable(
                name: "self_inspections");

            migrationBuilder.DropTable(
                name: "systems");

            migrationBuilder.DropTable(
                name: "trainings");

            migrationBuilder.DropTable(
                name: "unit_criticisms");

            migrationBuilder.DropTable(
                name: "units");

            migrationBuilder.DropTable(
                name: "vm_registrations");

            migrationBuilder.DropTable(
                name: "warning_responses");

            migrationBuilder.DropTable(
                name: "websites");

            migrationBuilder.DropTable(
                name: "security_incidents");

            migrationBuilder.DropTable(
                name: "vms");

            migrationBuilder.DropTable(
                name: "security_warnings");
        }
    }
}
