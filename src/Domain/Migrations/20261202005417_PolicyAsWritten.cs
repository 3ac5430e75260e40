using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zzut.Workflows.Domain.Migrations
{
    /// <inheritdoc />
    public partial class PolicyAsWritten : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "StatusChangedAt",
                table: "vms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusChangedBy",
                table: "vms",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "vms",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HeadAccount",
                table: "units",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "CenterFilingDate",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Classified",
                table: "systems",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPhone",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deployment",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "InServiceSince",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NetworkAccessDate",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NetworkAddress",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NetworkServices",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Vendor",
                table: "systems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CenterCoordination",
                table: "security_incidents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OralReportStatus",
                table: "security_incidents",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "onTime");

            migrationBuilder.CreateTable(
                name: "hosting_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Ledger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", nullable: false),
                    ChangesJson = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousJson = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", nullable: true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hosting_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incident_tips",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ReporterName = table.Column<string>(type: "TEXT", nullable: false),
                    ReporterPhone = table.Column<string>(type: "TEXT", nullable: false),
                    ReporterEmail = table.Column<string>(type: "TEXT", nullable: true),
                    Company = table.Column<string>(type: "TEXT", nullable: true),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TriagedBy = table.Column<string>(type: "TEXT", nullable: true),
                    TriagedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CloseReason = table.Column<string>(type: "TEXT", nullable: true),
                    IncidentInstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_tips", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_hosting_changes_Ledger_RecordId_Status",
                table: "hosting_changes",
                columns: new[] { "Ledger", "RecordId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_hosting_changes_UnitCode",
                table: "hosting_changes",
                column: "UnitCode");

            migrationBuilder.CreateIndex(
                name: "IX_incident_tips_Status",
                table: "incident_tips",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "hosting_changes");

            migrationBuilder.DropTable(
                name: "incident_tips");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "vms");

            migrationBuilder.DropColumn(
                name: "StatusChangedBy",
                table: "vms");

            migrationBuilder.DropColumn(
                name: "StatusReason",
                table: "vms");

            migrationBuilder.DropColumn(
                name: "HeadAccount",
                table: "units");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "CenterFilingDate",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "Classified",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "ContactPhone",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "Deployment",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "InServiceSince",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "NetworkAccessDate",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "NetworkAddress",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "NetworkServices",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "Vendor",
                table: "systems");

            migrationBuilder.DropColumn(
                name: "CenterCoordination",
                table: "security_incidents");

            migrationBuilder.DropColumn(
                name: "OralReportStatus",
                table: "security_incidents");
        }
    }
}
