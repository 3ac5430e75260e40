using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Zzut.Workflows.Host.WebUi;

/// <summary>
/// The browser pages (<see cref="WebPages"/>): each answered with the page shell, which runs its page module; the
/// bundle under <c>wwwroot/assets</c> (fingerprinted names, cached for a year, pre-compressed twins); the favicon; and
/// Chinese HTML pages instead of bare status codes for browser navigations: sign-in (401 → the sign-in page and back),
/// 403 and 404. API paths (<c>/api</c>) keep their ProblemDetails.
/// </summary>
public static class WebUiExtensions
{
    /// <summary>How long fingerprinted assets are cached: their name changes with their content.</summary>
    public const string ImmutableCaching = "public, max-age=31536000, immutable";

    private const string EncodingItem = "zzut.asset-encoding";

    /// <summary>The pre-compressed twins the build writes next to every asset, best first.</summary>
    private static readonly (string Coding, string Extension)[] Precompressed = [("br", ".br"), ("gzip", ".gz")];

    /// <summary>Registers the page shell.</summary>
    public static IHostApplicationBuilder AddWebUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PageShell>();
        return builder;
    }

    /// <summary>
    /// Adds the browser status pages and serves the assets and the favicon. Goes before authentication: the files are
    /// public (no data), and the sign-in page needs them before anybody is signed in.
    /// </summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.Use(BrowserStatusPagesAsync);
        var files = app.Environment.WebRootFileProvider;
        var types = new PrecompressedContentTypes();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal) || context.Request.Path == "/favicon.ico",
            assets =>
            {
                assets.Use((context, next) => ChoosePrecompressedAsync(context, next, files));
                assets.UseStaticFiles(new StaticFileOptions
                {
                    ContentTypeProvider = types,
                    OnPrepareResponse = file =>
                    {
                        var headers = file.Context.Response.Headers;
                        headers.XContentTypeOptions = "nosniff";
                        headers.CacheControl = file.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal) ? ImmutableCaching : "public, max-age=86400";
                        if (file.Context.Items[EncodingItem] is string coding)
                        {
                            headers.ContentEncoding = coding;
                        }
                    },
                });
            });
        return app;
    }

    /// <summary>Maps the pages of <see cref="WebPages.All"/>.</summary>
    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder routes)
    {
        foreach (var page in WebPages.All)
        {
            var endpoint = routes.MapGet(page.Path, (HttpContext context, PageShell shell) => shell.WriteAsync(context, page.Module, page.Title, StatusCodes.Status200OK, page.Section))
                .WithMetadata(page)
                .ExcludeFromDescription();
            if (page.Anonymous)
            {
                endpoint.AllowAnonymous();
            }
            else if (page.Roles is { } roles)
            {
                endpoint.RequireAuthorization(p => p.RequireRole(roles));
            }
        }

        return routes;
    }

    /// <summary>
    /// A browser navigation (GET, accepting HTML, outside <c>/api</c>) that ends in 401, 403 or 404 without a body gets a
    /// page: the sign-in page (which returns here afterwards), or the Chinese 无权访问 / 页面不存在 page with the menu.
    /// </summary>
    private static async Task BrowserStatusPagesAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        var request = context.Request;
        var response = context.Response;
        if (response.HasStarted || response.ContentLength > 0 || !string.IsNullOrEmpty(response.ContentType)
            || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var shell = context.RequestServices.GetRequiredService<PageShell>();
        switch (response.StatusCode)
        {
            case StatusCodes.Status401Unauthorized:
                response.StatusCode = StatusCodes.Status302Found;
                response.Headers.Location = "/login?returnUrl=" + Uri.EscapeDataString(request.Path + request.QueryString);
                response.Headers.CacheControl = "no-cache";
                break;
            case StatusCodes.Status403Forbidden:
                var page = context.GetEndpoint()?.Metadata.GetMetadata<WebPage>();
                await shell.WriteStatusAsync(context, StatusCodes.Status403Forbidden, page?.Roles is { } roles
                    ? $"「{page.Title}」仅{WebAudience.Describe(roles)}可以查看。如需访问，请联系系统管理员。"
                    : null);
                break;
            case StatusCodes.Status404NotFound:
                await shell.WriteStatusAsync(context, StatusCodes.Status404NotFound);
                break;
            default:
                break;
        }
    }

    /// <summary>Serves an asset's pre-compressed twin (<c>.br</c>, <c>.gz</c>) to a client that accepts its coding.</summary>
    private static Task ChoosePrecompressedAsync(HttpContext context, RequestDelegate next, Microsoft.Extensions.FileProviders.IFileProvider files)
    {
        var path = context.Request.Path.Value!;
        if (Precompressed.Any(p => path.EndsWith(p.Extension, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound; // the twins are not addressable themselves
            return Task.CompletedTask;
        }

        context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        var accepted = context.Request.GetTypedHeaders().AcceptEncoding;
        foreach (var (coding, extension) in Precompressed)
        {
            var accepts = accepted.Any(a => a.Quality is not 0 && (string.Equals(a.Value.Value, coding, StringComparison.OrdinalIgnoreCase) || a.Value == "*"));
            if (accepts && files.GetFileInfo(path + extension).Exists)
            {
                context.Request.Path = path + extension;
                context.Items[EncodingItem] = coding;
                break;
            }
        }

        return next(context);
    }

    /// <summary>Content types by extension, with a pre-compressed twin typed as the file it compresses.</summary>
    private sealed class PrecompressedContentTypes : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider types = new();

        public bool TryGetContentType(string subpath, out string contentType)
        {
            foreach (var (_, extension) in Precompressed)
            {
                if (subpath.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    subpath = subpath[..^extension.Length];
                    break;
                }
            }

            return types.TryGetContentType(subpath, out contentType!);
        }
    }
}
