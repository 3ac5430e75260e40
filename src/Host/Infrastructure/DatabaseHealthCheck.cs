using Microsoft.Extensions.Diagnostics.HealthChecks;
using Zzut.Workflows.Persistence;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>Healthy when the engine database answers.</summary>
internal sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The engine database does not answer.");
    }
}
