using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.WebUi;

/// <summary>
/// Renders pages from <c>wwwroot/shell.html</c> (written by <c>ClientApp/build.mjs</c> with the fingerprinted script
/// and style sheet): the title, the header with the menu entries the user may see, the main content, and the page
/// context the page module reads (<c>{ page, title, params, user }</c>, JSON in a non-executed script element).
/// </summary>
public sealed class PageShell(IWebHostEnvironment environment)
{
    /// <summary>
    /// The pages' content security policy: scripts only from this site; inline style attributes allowed, because form-js
    /// and bpmn-js lay out with them (styles cannot run code); fonts also as data: URLs, because the designer's icon font
    /// comes inside its style sheet.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; object-src 'none'";

    private static readonly JsonSerializerOptions ContextJson = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Default };

    private readonly Lazy<string> template = new(() =>
    {
        var file = environment.WebRootFileProvider.GetFileInfo("shell.html");
        if (!file.Exists)
        {
            throw new InvalidOperationException("wwwroot/shell.html is missing: build the web UI with scripts/build-ui.sh.");
        }

        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>Writes a page with the given status; <paramref name="mainHtml"/> is trusted markup (already encoded).</summary>
    public Task WriteAsync(HttpContext context, string module, string title, int status, string? section, string mainHtml = "")
    {
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var pageContext = new
        {
            page = module,
            title,
            @params = context.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value?.ToString(), StringComparer.Ordinal),
            user = signedIn
                ? new
                {
                    userName = user.Identity!.Name,
                    realName = user.FindFirst("real_name")?.Value,
                    unitCode = user.FindFirst(AuthExtensions.UnitClaim)?.Value,
                    roles = user.FindAll(AuthExtensions.RoleClaim).Select(c => c.Value).ToList(),
                }
                : null,
        };
        var html = template.Value
            .Replace("<!--zzut:title-->", Encode(title), StringComparison.Ordinal)
            .Replace("<!--zzut:page-->", Encode(module), StringComparison.Ordinal)
            .Replace("<!--zzut:header-->", Header(context, section), StringComparison.Ordinal)
            .Replace("<!--zzut:main-->", mainHtml.Length > 0 ? mainHtml : "<p class=\"meta\">加载中…</p>", StringComparison.Ordinal)
            .Replace("<!--zzut:context-->", JsonSerializer.Serialize(pageContext, ContextJson), StringComparison.Ordinal);

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return response.WriteAsync(html, context.RequestAborted);
    }

    /// <summary>Writes the 404 or 403 page (in Chinese, with the menu), or any other status with a short explanation.</summary>
    public Task WriteStatusAsync(HttpContext context, int status, string? explanation = null)
    {
        var (title, text) = status switch
        {
            StatusCodes.Status404NotFound => ("页面不存在", "您要访问的页面不存在，可能是地址有误，或该页面已被移除。"),
            StatusCodes.Status403Forbidden => ("无权访问", explanation ?? "您的角色无权访问此页面。如需访问，请联系系统管理员。"),
            _ => ("出错了", explanation ?? "请求未能完成，请稍后重试。"),
        };
        var main = $"""<section class="card status-page" id="status-page" data-status="{status}"><h1 id="status-title">{Encode(title)}</h1><p id="status-message">{Encode(text)}</p><p class="code">（HTTP {status}）</p><p><a href="/">返回待办</a></p></section>""";
        return WriteAsync(context, "status", title, status, section: null, main);
    }

    private static string Header(HttpContext context, string? section)
    {
        var user = context.User;
        var html = new StringBuilder("<header class=\"top\">");
        html.Append("<a class=\"brand\" href=\"/\"><img src=\"/favicon.ico\" alt=\"\" width=\"20\" height=\"20\"><span>网络信息安全工作流</span></a>");
        if (user.Identity?.IsAuthenticated != true)
        {
            return html.Append("</header>").ToString();
        }

        html.Append("<button type=\"button\" class=\"menu-toggle\" id=\"menu-toggle\" aria-expanded=\"false\" aria-controls=\"menu\">菜单</button>");
        html.Append("<nav id=\"menu\" aria-label=\"主菜单\">");
        var path = context.Request.Path.Value ?? "/";
        foreach (var entry in WebPages.Menu.Where(e => WebAudience.Includes(e.Roles, user)))
        {
            var current = entry.Path == section || entry.Path == path;
            html.Append($"<a href=\"{Encode(entry.Path)}\"{(current ? " aria-current=\"page\"" : string.Empty)}>{Encode(entry.Label)}</a>");
        }

        html.Append("</nav>");
        var name = user.FindFirst("real_name")?.Value is { Length: > 0 } realName ? realName : user.Identity.Name!;
        var roles = WebAudience.Describe(user.FindAll(AuthExtensions.RoleClaim).Select(c => c.Value));
        html.Append($"<div class=\"account\" id=\"user\"><span class=\"who\" title=\"{Encode(user.Identity.Name + " · " + roles)}\">{Encode(name)}</span>");
        html.Append("<button type=\"button\" id=\"sign-out\">退出</button></div>");
        return html.Append("</header>").ToString();
    }

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
