using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zzut.Workflows.Domain.Migrations
{
    /// <inheritdoc />
    public partial class InitialLedgers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_days",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calendar_days", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_periods",
                columns: table => new
                {
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Months = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evaluation_periods", x => x.Level);
                });

            migrationBuilder.CreateTable(
                name: "form_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FormId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeployedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeployedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "hosted_servers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Applicant = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicantContact = table.Column<string>(type: "TEXT", nullable: false),
                    ServerConfiguration = table.Column<string>(type: "TEXT", nullable: false),
                    SecurityDevices = table.Column<string>(type: "TEXT", nullable: false),
                    HostingFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    HostingTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", nullable: false),
                    Remarks = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityOfficer = table.Column<string>(type: "TEXT", nullable: false),
                    SecurityOfficerPhone = table.Column<string>(type: "TEXT", nullable: false),
                    SystemAdministrator = table.Column<string>(type: "TEXT", nullable: false),
                    SystemAdministratorPhone = table.Column<string>(type: "TEXT", nullable: false),
                    ResponsibilityLetterSigned = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExpertOpinion = table.Column<string>(type: "TEXT", nullable: true),
                    ServerName = table.Column<string>(type: "TEXT", nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", nullable: true),
                    Handler = table.Column<string>(type: "TEXT", nullable: true),
                    CenterResponsible = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hosted_servers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_links",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Ledger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DefinitionKey = table.Column<string>(type: "TEXT", nullable: false),
                    ElementId = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_links", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rectification_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SystemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Number = table.Column<string>(type: "TEXT", nullable: false),
                    Findings = table.Column<string>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IssuedDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CompletedDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rectification_notices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "role_mailboxes",
                columns: table => new
                {
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Emails = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_role_mailboxes", x => x.Role);
                });

            migrationBuilder.CreateTable(
                name: "scan_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StartedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SkippedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedJson = table.Column<string>(type: "TEXT", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scan_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "security_incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReportingUnit = table.Column<string>(type: "TEXT", nullable: true),
                    ReportTime = table.Column<long>(type: "INTEGER", nullable: true),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DiscoveredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EnteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OralReportAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OralReportTo = table.Column<string>(type: "TEXT", nullable: true),
                    WrittenReportAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FilledBy = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", nullable: true),
                    Category = table.Column<string>(type: "TEXT", nullable: false),
                    Harm = table.Column<string>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    MeasuresTaken = table.Column<string>(type: "TEXT", nullable: true),
                    ExpectedConsequences = table.Column<string>(type: "TEXT", nullable: true),
                    Opinions = table.Column<string>(type: "TEXT", nullable: true),
                    ProposedLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    ApprovedLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    HandlingCompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HandlingSummary = table.Column<string>(type: "TEXT", nullable: true),
                    PoliceInvolved = table.Column<bool>(type: "INTEGER", nullable: true),
                    RectificationReportDue = table.Column<long>(type: "INTEGER", nullable: true),
                    RectificationReportAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RectificationReport = table.Column<string>(type: "TEXT", nullable: true),
                    ReportingStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "systems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BusinessNeed = table.Column<string>(type: "TEXT", nullable: true),
                    Budget = table.Column<double>(type: "REAL", nullable: true),
                    ProposedLevel = table.Column<int>(type: "INTEGER", nullable: false),
                    ApprovedLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FilingNumber = table.Column<string>(type: "TEXT", nullable: true),
                    FilingDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LevelApprovedDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PreliminaryAcceptanceDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CompletionAcceptanceDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastEvaluationDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NextEvaluationDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_systems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "unit_criticisms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    NoticeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_criticisms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    HeadName = table.Column<string>(type: "TEXT", nullable: false),
                    HeadEmail = table.Column<string>(type: "TEXT", nullable: false),
                    OfficerName = table.Column<string>(type: "TEXT", nullable: false),
                    OfficerEmail = table.Column<string>(type: "TEXT", nullable: false),
                    Phone = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "vms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Applicant = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicantContact = table.Column<string>(type: "TEXT", nullable: false),
                    VmType = table.Column<string>(type: "TEXT", nullable: false),
                    VmTypeOther = table.Column<string>(type: "TEXT", nullable: true),
                    Vcpu = table.Column<int>(type: "INTEGER", nullable: false),
                    MemoryGb = table.Column<int>(type: "INTEGER", nullable: false),
                    DiskGb = table.Column<int>(type: "INTEGER", nullable: false),
                    PreinstalledDatabase = table.Column<string>(type: "TEXT", nullable: true),
                    PreinstalledApplication = table.Column<string>(type: "TEXT", nullable: true),
                    PreinstalledOther = table.Column<string>(type: "TEXT", nullable: true),
                    ServiceFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ServiceTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", nullable: false),
                    Remarks = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityOfficer = table.Column<string>(type: "TEXT", nullable: false),
                    SecurityOfficerPhone = table.Column<string>(type: "TEXT", nullable: false),
                    SystemAdministrator = table.Column<string>(type: "TEXT", nullable: false),
                    SystemAdministratorPhone = table.Column<string>(type: "TEXT", nullable: false),
                    ResponsibilityLetterSigned = table.Column<bool>(type: "INTEGER", nullable: false),
                    ServerName = table.Column<string>(type: "TEXT", nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", nullable: true),
                    Approver = table.Column<string>(type: "TEXT", nullable: true),
                    Handler = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RegisteredYear = table.Column<int>(type: "INTEGER", nullable: true),
                    LastRegisteredDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NextRegistrationDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ConsecutiveMissedYears = table.Column<int>(type: "INTEGER", nullable: false),
                    ServicePeriodReminderFor = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReclaimedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReclaimedBy = table.Column<string>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "websites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UnitName = table.Column<string>(type: "TEXT", nullable: false),
                    ResponsibleLeader = table.Column<string>(type: "TEXT", nullable: false),
                    LeaderPhone = table.Column<string>(type: "TEXT", nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    SiteLanguage = table.Column<string>(type: "TEXT", nullable: false),
                    Runtime = table.Column<string>(type: "TEXT", nullable: false),
                    DatabaseType = table.Column<string>(type: "TEXT", nullable: true),
                    MainColumns = table.Column<string>(type: "TEXT", nullable: false),
                    ServerLocation = table.Column<string>(type: "TEXT", nullable: false),
                    BuildMethod = table.Column<string>(type: "TEXT", nullable: false),
                    AdminName = table.Column<string>(type: "TEXT", nullable: false),
                    AdminPhone = table.Column<string>(type: "TEXT", nullable: false),
                    AdminEmail = table.Column<string>(type: "TEXT", nullable: false),
                    AdminMobile = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ResponsibilityLetterSigned = table.Column<bool>(type: "INTEGER", nullable: false),
                    UnitOpinion = table.Column<string>(type: "TEXT", nullable: true),
                    CenterOpinion = table.Column<string>(type: "TEXT", nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", nullable: true),
                    IpOpenToOutside = table.Column<bool>(type: "INTEGER", nullable: true),
                    ServiceTypes = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityCheckResult = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityCheckFindings = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityCheckCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OpeningDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_websites", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incident_accountability",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ResponsiblePerson = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true)
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
                name: "vm_registrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    VmId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ConsecutiveMissedYears = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", nullable: true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true)
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
                name: "IX_form_versions_FormId_Version",
                table: "form_versions",
                columns: new[] { "FormId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_hosted_servers_UnitCode",
                table: "hosted_servers",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_incident_accountability_IncidentId",
                table: "incident_accountability",
                column: "IncidentId");

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
                name: "IX_systems_NextEvaluationDue",
                table: "systems",
                column: "NextEvaluationDue");

            migrationBuilder.CreateIndex(
                name: "IX_systems_UnitCode",
                table: "systems",
                column: "UnitCode");

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
                name: "IX_websites_Domain",
                table: "websites",
                column: "Domain");

            migrationBuilder.CreateIndex(
                name: "IX_websites_UnitCode",
                table: "websites",
                column: "UnitCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_days");

            migrationBuilder.DropTable(
                name: "evaluation_periods");

            migrationBuilder.DropTable(
                name: "form_versions");

            migrationBuilder.DropTable(
                name: "hosted_servers");

            migrationBuilder.DropTable(
                name: "incident_accountability");

            migrationBuilder.DropTable(
                name: "ledger_links");

            migrationBuilder.DropTable(
                name: "rectification_notices");

            migrationBuilder.DropTable(
                name: "role_mailboxes");

            migrationBuilder.DropTable(
                name: "scan_runs");

            migrationBuilder.DropTable(
                name: "systems");

            migrationBuilder.DropTable(
                name: "unit_criticisms");

            migrationBuilder.DropTable(
                name: "units");

            migrationBuilder.DropTable(
                name: "vm_registrations");

            migrationBuilder.DropTable(
                name: "websites");

            migrationBuilder.DropTable(
                name: "security_incidents");

            migrationBuilder.DropTable(
                name: "vms");
        }
    }
}
