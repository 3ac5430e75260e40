using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zzut.Workflows.Domain.Migrations
{
    /// <inheritdoc />
    public partial class StandingDuties : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AnomalyInstanceId",
                table: "websites",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AnomalyOpen",
                table: "websites",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "CertificateExpiresAt",
                table: "websites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CertificateWarnedFor",
                table: "websites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ConsecutiveFailures",
                table: "websites",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "FailingSince",
                table: "websites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastAnomalyCause",
                table: "websites",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastAnomalyMeasures",
                table: "websites",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastCheckOutcome",
                table: "websites",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastCheckProblem",
                table: "websites",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastCheckedAt",
                table: "websites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LastResponseMs",
                table: "websites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LastStatusCode",
                table: "websites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WatchUrl",
                table: "websites",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "InspectionUnitId",
                table: "rectification_notices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "annual_reports",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FiguresJson = table.Column<string>(type: "TEXT", nullable: false),
                    AssembledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Overview = table.Column<string>(type: "TEXT", nullable: true),
                    Problems = table.Column<string>(type: "TEXT", nullable: true),
                    Measures = table.Column<string>(type: "TEXT", nullable: true),
                    NextYearPlan = table.Column<string>(type: "TEXT", nullable: true),
                    DraftedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ApprovalOpinion = table.Column<string>(type: "TEXT", nullable: true),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ApprovedBy = table.Column<string>(type: "TEXT", nullable: true),
                    SubmittedTo = table.Column<string>(type: "TEXT", nullable: true),
                    SubmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_annual_reports", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "duty_shifts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Team = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PersonName = table.Column<string>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", nullable: true),
                    Phone = table.Column<string>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", nullable: true),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_duty_shifts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "emergency_drills",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Scenario = table.Column<string>(type: "TEXT", nullable: false),
                    PlanTitle = table.Column<string>(type: "TEXT", nullable: true),
                    PlannedDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PlannedParticipants = table.Column<string>(type: "TEXT", nullable: true),
                    PlannedBy = table.Column<string>(type: "TEXT", nullable: true),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Participants = table.Column<string>(type: "TEXT", nullable: true),
                    ParticipantCount = table.Column<int>(type: "INTEGER", nullable: true),
                    ProcessSummary = table.Column<string>(type: "TEXT", nullable: true),
                    Evaluation = table.Column<string>(type: "TEXT", nullable: true),
                    Problems = table.Column<string>(type: "TEXT", nullable: true),
                    RevisionNeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    RevisionSummary = table.Column<string>(type: "TEXT", nullable: true),
                    RevisionFollowedUpOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_emergency_drills", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "emergency_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: false),
                    RevisionNote = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    EffectiveDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FilingNumber = table.Column<string>(type: "TEXT", nullable: false),
                    FiledOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FiledBy = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NextReviewDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReviewRemindedFor = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_emergency_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inspection_units",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InspectionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    PlannedDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    InspectedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Findings = table.Column<string>(type: "TEXT", nullable: true),
                    NoticeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inspections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", nullable: false),
                    PlannedDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Inspectors = table.Column<string>(type: "TEXT", nullable: false),
                    JointUnits = table.Column<string>(type: "TEXT", nullable: true),
                    UnitCodes = table.Column<string>(type: "TEXT", nullable: false),
                    PlannedBy = table.Column<string>(type: "TEXT", nullable: true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "letter_scans",
                columns: table => new
                {
                    LetterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_letter_scans", x => x.LetterId);
                });

            migrationBuilder.CreateTable(
                name: "reminder_marks",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminder_marks", x => new { x.Kind, x.Subject, x.Period });
                });

            migrationBuilder.CreateTable(
                name: "responsibility_letters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Number = table.Column<string>(type: "TEXT", nullable: false),
                    Signer = table.Column<string>(type: "TEXT", nullable: false),
                    SignerUserName = table.Column<string>(type: "TEXT", nullable: true),
                    Company = table.Column<string>(type: "TEXT", nullable: true),
                    SystemName = table.Column<string>(type: "TEXT", nullable: true),
                    SignedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ResponsiblePerson = table.Column<string>(type: "TEXT", nullable: false),
                    ResponsiblePhone = table.Column<string>(type: "TEXT", nullable: false),
                    SecurityAdministrator = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScanFileName = table.Column<string>(type: "TEXT", nullable: true),
                    ScanContentType = table.Column<string>(type: "TEXT", nullable: true),
                    ScanSize = table.Column<long>(type: "INTEGER", nullable: true),
                    ScanSha256 = table.Column<string>(type: "TEXT", nullable: true),
                    ScanUploadedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ScanUploadedBy = table.Column<string>(type: "TEXT", nullable: true),
                    RegisteredBy = table.Column<string>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_responsibility_letters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "responsible_person_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LetterId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PreviousPerson = table.Column<string>(type: "TEXT", nullable: false),
                    NewPerson = table.Column<string>(type: "TEXT", nullable: false),
                    NewPhone = table.Column<string>(type: "TEXT", nullable: false),
                    NewEmail = table.Column<string>(type: "TEXT", nullable: true),
                    ChangedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Late = table.Column<bool>(type: "INTEGER", nullable: false),
                    DaysLate = table.Column<int>(type: "INTEGER", nullable: false),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_responsible_person_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "security_warnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Requirements = table.Column<string>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ClosingSummary = table.Column<string>(type: "TEXT", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", nullable: true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_warnings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "self_inspections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Scope = table.Column<string>(type: "TEXT", nullable: true),
                    Summary = table.Column<string>(type: "TEXT", nullable: true),
                    Problems = table.Column<string>(type: "TEXT", nullable: true),
                    Measures = table.Column<string>(type: "TEXT", nullable: true),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewOpinion = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", nullable: true),
                    NoticeRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_self_inspections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "trainings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TrainingDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Topic = table.Column<string>(type: "TEXT", nullable: false),
                    Trainer = table.Column<string>(type: "TEXT", nullable: false),
                    Attendees = table.Column<string>(type: "TEXT", nullable: false),
                    AttendeeCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Hours = table.Column<double>(type: "REAL", nullable: true),
                    Content = table.Column<string>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trainings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "warning_responses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WarningId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Affected = table.Column<bool>(type: "INTEGER", nullable: true),
                    CheckResult = table.Column<string>(type: "TEXT", nullable: true),
                    Measures = table.Column<string>(type: "TEXT", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", nullable: true),
                    Late = table.Column<bool>(type: "INTEGER", nullable: false),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_websites_Status_LastCheckOutcome",
                table: "websites",
                columns: new[] { "Status", "LastCheckOutcome" });

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
                name: "IX_responsibility_letters_UnitCode_Kind_Status",
                table: "responsibility_letters",
                columns: new[] { "UnitCode", "Kind", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_responsible_person_changes_UnitCode",
                table: "responsible_person_changes",
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
                name: "IX_trainings_UnitCode_TrainingDate",
                table: "trainings",
                columns: new[] { "UnitCode", "TrainingDate" });

            migrationBuilder.CreateIndex(
                name: "IX_warning_responses_WarningId_UnitCode",
                table: "warning_responses",
                columns: new[] { "WarningId", "UnitCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "annual_reports");

            migrationBuilder.DropTable(
                name: "duty_shifts");

            migrationBuilder.DropTable(
                name: "emergency_drills");

            migrationBuilder.DropTable(
                name: "emergency_plans");

            migrationBuilder.DropTable(
                name: "inspection_units");

            migrationBuilder.DropTable(
                name: "inspections");

            migrationBuilder.DropTable(
                name: "letter_scans");

            migrationBuilder.DropTable(
                name: "reminder_marks");

            migrationBuilder.DropTable(
                name: "responsibility_letters");

            migrationBuilder.DropTable(
                name: "responsible_person_changes");

            migrationBuilder.DropTable(
                name: "self_inspections");

            migrationBuilder.DropTable(
                name: "trainings");

            migrationBuilder.DropTable(
                name: "warning_responses");

            migrationBuilder.DropTable(
                name: "security_warnings");

            migrationBuilder.DropIndex(
                name: "IX_websites_Status_LastCheckOutcome",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "AnomalyInstanceId",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "AnomalyOpen",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "CertificateExpiresAt",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "CertificateWarnedFor",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "ConsecutiveFailures",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "FailingSince",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "LastAnomalyCause",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "LastAnomalyMeasures",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "LastCheckOutcome",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "LastCheckProblem",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "LastCheckedAt",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "LastResponseMs",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "LastStatusCode",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "WatchUrl",
                table: "websites");

            migrationBuilder.DropColumn(
                name: "InspectionUnitId",
                table: "rectification_notices");
        }
    }
}
