using System.Text.Json;

namespace Zzut.Workflows.Host.Apis;

/// <summary>Liveness with a database check.</summary>
public static class HealthApi
{
    /// <summary>Maps <c>/health</c>: <c>{"status":"healthy"}</c>, or 503 with <c>unhealthy</c>.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = (context, report) =>
            {
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString().ToLowerInvariant() }));
            },
        }).AllowAnonymous();
        return routes;
    }
}
