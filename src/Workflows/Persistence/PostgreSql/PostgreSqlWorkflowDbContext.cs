using Microsoft.EntityFrameworkCore;

namespace Zzut.Workflows.Persistence.PostgreSql;

/// <summary>The engine database on PostgreSQL (one or more hosts); its migrations live in <c>Migrations/</c> beside it.</summary>
public sealed class PostgreSqlWorkflowDbContext(DbContextOptions<PostgreSqlWorkflowDbContext> options) : WorkflowDbContext(options);
