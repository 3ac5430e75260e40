using Microsoft.EntityFrameworkCore;

namespace Zzut.Workflows.Persistence.Sqlite;

/// <summary>The engine database on SQLite (the embedded default); its migrations live in <c>Migrations/</c> beside it.</summary>
public sealed class SqliteWorkflowDbContext(DbContextOptions<SqliteWorkflowDbContext> options) : WorkflowDbContext(options);
