using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zzut.Workflows.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PartialIndexesOfMostlyEmptyColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_user_tasks_CompletedBy",
                table: "user_tasks");

            migrationBuilder.DropIndex(
                name: "IX_instances_BusinessKeyLock",
                table: "instances");

            migrationBuilder.DropIndex(
                name: "IX_instances_ParentInstanceId",
                table: "instances");

            migrationBuilder.DropIndex(
                name: "IX_instances_ParentTokenId",
                table: "instances");

            migrationBuilder.DropIndex(
                name: "IX_history_InstanceId",
                table: "history");

            migrationBuilder.CreateIndex(
                name: "IX_user_tasks_CompletedBy",
                table: "user_tasks",
                column: "CompletedBy",
                filter: "\"CompletedBy\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_instances_BusinessKeyLock",
                table: "instances",
                column: "BusinessKeyLock",
                unique: true,
                filter: "\"BusinessKeyLock\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_instances_ParentInstanceId",
                table: "instances",
                column: "ParentInstanceId",
                filter: "\"ParentInstanceId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_instances_ParentTokenId",
                table: "instances",
                column: "ParentTokenId",
                filter: "\"ParentTokenId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_user_tasks_CompletedBy",
                table: "user_tasks");

            migrationBuilder.DropIndex(
                name: "IX_instances_BusinessKeyLock",
                table: "instances");

            migrationBuilder.DropIndex(
                name: "IX_instances_ParentInstanceId",
                table: "instances");

            migrationBuilder.DropIndex(
                name: "IX_instances_ParentTokenId",
                table: "instances");

            migrationBuilder.CreateIndex(
                name: "IX_user_tasks_CompletedBy",
                table: "user_tasks",
                column: "CompletedBy");

            migrationBuilder.CreateIndex(
                name: "IX_instances_BusinessKeyLock",
                table: "instances",
                column: "BusinessKeyLock",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_instances_ParentInstanceId",
                table: "instances",
                column: "ParentInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_instances_ParentTokenId",
                table: "instances",
                column: "ParentTokenId");

            migrationBuilder.CreateIndex(
                name: "IX_history_InstanceId",
                table: "history",
                column: "InstanceId");
        }
    }
}
