using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>The HTTP pipeline shared by every API: ProblemDetails for every error, body limits, OpenAPI.</summary>
public static class HttpApiExtensions
{
    /// <summary>Registers ProblemDetails, the exception mapping, JSON settings and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddHttpApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions.TryAdd("traceId", ctx.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<WorkflowExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
        });
        builder.Services.AddOpenApi();
        builder.WebHost().ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 10 * 1024 * 1024);
        return builder;
    }

    /// <summary>Adds the error handling and body-limit middleware and maps the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static WebApplication UseHttpApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    /// <summary>Who is acting: the signed-in user's name (none until access control lands).</summary>
    public static string? Actor(this HttpContext context) => context.User.Identity?.Name;

    private static IWebHostBuilder WebHost(this IHostApplicationBuilder builder) => ((WebApplicationBuilder)builder).WebHost;
}
