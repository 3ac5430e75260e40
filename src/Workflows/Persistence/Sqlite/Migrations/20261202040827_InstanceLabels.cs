using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zzut.Workflows.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InstanceLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "instances",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnitCode",
                table: "instances",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_user_tasks_CompletedBy",
                table: "user_tasks",
                column: "CompletedBy");

            migrationBuilder.CreateIndex(
                name: "IX_instances_StartedBy",
                table: "instances",
                column: "StartedBy");

            migrationBuilder.CreateIndex(
                name: "IX_instances_UnitCode",
                table: "instances",
                column: "UnitCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_user_tasks_CompletedBy",
                table: "user_tasks");

            migrationBuilder.DropIndex(
                name: "IX_instances_StartedBy",
                table: "instances");

            migrationBuilder.DropIndex(
                name: "IX_instances_UnitCode",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "Title",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "UnitCode",
                table: "instances");
        }
    }
}
