using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zzut.Workflows.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TimerClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "timers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "timers",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedUntil",
                table: "timers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_timers_ClaimedBy",
                table: "timers",
                column: "ClaimedBy");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_timers_ClaimedBy",
                table: "timers");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "timers");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "timers");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "timers");
        }
    }
}
