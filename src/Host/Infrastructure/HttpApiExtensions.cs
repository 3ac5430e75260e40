using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.ResponseCompression;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>The HTTP pipeline shared by every API: ProblemDetails for every error, body limits, response compression, OpenAPI.</summary>
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

        // Brotli or gzip for JSON, pages and text (fast levels: compressed per response). Static assets are compressed
        // at build time instead (WebUiExtensions). Over HTTPS too; the sign-in answers, which carry tokens, never are.
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json", "text/csv", "image/svg+xml"];
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.WebHost().ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 10 * 1024 * 1024);

        // Behind nginx: the client's address and scheme from the configured proxies' headers (ProxyOptions).
        var proxies = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.AddSingleton(proxies);
        builder.Services.Configure<ForwardedHeadersOptions>(proxies.ApplyTo);
        return builder;
    }

    /// <summary>Applies forwarded headers from known proxies, adds response compression, the error handling and body-limit middleware and maps the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static WebApplication UseHttpApi(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<ProxyOptions>();
        if (proxies.Any)
        {
            // First, and only for requests from a configured proxy: every later step (HTTPS redirection, sign-in limits,
            // the audit) sees the client, and nobody else can name an address of their choice.
            app.UseWhen(context => proxies.IsKnown(context.Connection.RemoteIpAddress), proxied => proxied.UseForwardedHeaders());
        }

        app.Use((context, next) =>
        {
            // Tokens are secrets: a compressed answer that also reflects request data could leak them by its size (BREACH).
            if (context.Request.Path.StartsWithSegments("/api/auth", StringComparison.OrdinalIgnoreCase)
                && context.Features.Get<IHttpsCompressionFeature>() is { } compression)
            {
                compression.Mode = HttpsCompressionMode.DoNotCompress;
            }

            return next(context);
        });
        app.UseResponseCompression();
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
