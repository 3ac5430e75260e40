using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Zzut.Workflows.Persistence.PostgreSql.Migrations
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
                    TaskId = table.Column<Guid>(type: "uuid", nullable: false),
                    Candidate = table.Column<string>(type: "text", nullable: false),
                    Open = table.Column<bool>(type: "boolean", nullable: false)
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
                INSERT INTO task_candidates ("TaskId", "Candidate", "Open")
                SELECT DISTINCT t."Id", k.kind || k.item, t."Status" = 'open'
                FROM user_tasks t
                CROSS JOIN LATERAL (
                    SELECT 'g:' AS kind, unnest(string_to_array(trim(both ',' from t."CandidateGroups"), ',')) AS item
                    UNION ALL
                    SELECT 'u:', unnest(string_to_array(trim(both ',' from t."CandidateUsers"), ','))
                ) k
                WHERE k.item <> '';
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
