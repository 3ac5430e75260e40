using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zzut.Workflows.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TaskCandidates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "task_candidates",
                columns: table => new
                {
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Candidate = table.Column<string>(type: "TEXT", nullable: false),
                    Open = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_candidates", x => new { x.TaskId, x.Candidate });
                    table.ForeignKey(
                        name: "FK_task_candidates_user_tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "user_tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_task_candidates_Candidate_Open_TaskId",
                table: "task_candidates",
                columns: new[] { "Candidate", "Open", "TaskId" });

            // The candidates of the tasks that exist, from their comma-separated lists (",a,b,").
            migrationBuilder.Sql("""
                WITH RECURSIVE parts(TaskId, Kind, Rest, Item, IsOpen) AS (
                    SELECT Id, 'g:', trim(CandidateGroups, ',') || ',', NULL, Status = 'open' FROM user_tasks WHERE trim(CandidateGroups, ',') <> ''
                    UNION ALL
                    SELECT Id, 'u:', trim(CandidateUsers, ',') || ',', NULL, Status = 'open' FROM user_tasks WHERE trim(CandidateUsers, ',') <> ''
                    UNION ALL
                    SELECT TaskId, Kind, substr(Rest, instr(Rest, ',') + 1), substr(Rest, 1, instr(Rest, ',') - 1), IsOpen
                    FROM parts WHERE instr(Rest, ',') > 0
                )
                INSERT OR IGNORE INTO task_candidates (TaskId, Candidate, Open)
                SELECT TaskId, Kind || Item, IsOpen FROM parts WHERE Item IS NOT NULL AND Item <> '';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "task_candidates");
        }
    }
}
