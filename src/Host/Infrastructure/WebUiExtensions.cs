namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>
/// The browser pages: the task inbox with the procedures the user may start (<c>/</c>), one task with its form
/// (<c>/tasks/{id}</c>, the link in every task e-mail), a procedure's start form (<c>/start/{key}</c>), an instance's
/// diagram and history (<c>/instances/{id}</c>), the compliance overview (<c>/compliance</c>), the ledgers (<c>/ledgers</c>) and sign-in (<c>/login</c>). The pages hold no data — they call the API with the sign-in cookie — so they are
/// served to anyone; the scripts and the form-js bundle are static files under <c>wwwroot</c>.
/// </summary>
public static class WebUiExtensions
{
    /// <summary>
    /// Serves the scripts, styles and the form-js bundle under <c>wwwroot</c>. Goes before authentication: the files are
    /// public (no data), and the sign-in page needs them before anybody is signed in.
    /// </summary>
    public static WebApplication UseWebUiFiles(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                file.Context.Response.Headers.XContentTypeOptions = "nosniff";
                file.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    /// <summary>Maps the pages (with the security headers every response gets).</summary>
    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder routes)
    {
        MapPage(routes, "/", "index.html");
        MapPage(routes, "/login", "login.html");
        MapPage(routes, "/tasks/{id:guid}", "task.html");
        MapPage(routes, "/start/{key}", "start.html");
        MapPage(routes, "/instances/{id:guid}", "instance.html");
        MapPage(routes, "/compliance", "compliance.html");
        MapPage(routes, "/ledgers", "ledgers.html");
        return routes;
    }

    /// <summary>
    /// The pages' policy: scripts only from this site, as everywhere; inline style attributes allowed, because form-js
    /// and bpmn-js lay out with them (styles cannot run code).
    /// </summary>
    private const string PagePolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; object-src 'none'";

    private static void MapPage(IEndpointRouteBuilder routes, string pattern, string file) =>
        routes.MapGet(pattern, (HttpContext context, IWebHostEnvironment environment) =>
            {
                context.Response.Headers.ContentSecurityPolicy = PagePolicy;
                return TypedResults.PhysicalFile(Path.Combine(environment.WebRootPath, file), "text/html; charset=utf-8");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
}
