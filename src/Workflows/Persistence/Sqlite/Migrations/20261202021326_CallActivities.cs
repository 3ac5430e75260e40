using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zzut.Workflows.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CallActivities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ParentElementId",
                table: "instances",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ParentInstanceId",
                table: "instances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ParentTokenId",
                table: "instances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CalledInstanceId",
                table: "incidents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_instances_ParentInstanceId",
                table: "instances",
                column: "ParentInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_instances_ParentTokenId",
                table: "instances",
                column: "ParentTokenId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_instances_ParentInstanceId",
                table: "instances");

            migrationBuilder.DropIndex(
                name: "IX_instances_ParentTokenId",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "ParentElementId",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "ParentInstanceId",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "ParentTokenId",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "CalledInstanceId",
                table: "incidents");
        }
    }
}
