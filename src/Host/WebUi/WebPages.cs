using System.Security.Claims;
using Zzut.Workflows.Host.Accounts;

namespace Zzut.Workflows.Host.WebUi;

/// <summary>
/// A browser page: the host answers its path with the page shell (header and menu for the signed-in user, the page
/// context as JSON) and the shell runs the page module of the same name (<c>ClientApp/src/pages/{Module}.js</c>).
/// </summary>
/// <param name="Path">The route pattern, e.g. <c>/tasks/{id:guid}</c>; route values reach the module as <c>params</c>.</param>
/// <param name="Module">The page module (a key of the <c>pages</c> table in <c>ClientApp/src/main.js</c>).</param>
/// <param name="Title">The page title (the tab's text).</param>
/// <param name="Roles">Who may open it: null for everybody signed in; others get the 无权访问 page.</param>
/// <param name="Section">The menu entry (its path) the page belongs to, marked as current in the menu.</param>
public sealed record WebPage(string Path, string Module, string Title, IReadOnlyList<string>? Roles = null, string? Section = null)
{
    /// <summary>Whether a signed-out visitor may open it (only the sign-in page).</summary>
    public bool Anonymous { get; init; }

    /// <summary>Whether the user may open the page.</summary>
    public bool MayOpen(ClaimsPrincipal user) => Anonymous || WebAudience.Includes(Roles, user);
}

/// <summary>
/// An entry of the menu in the header of every page: shown to signed-in users holding one of its roles (null: to
/// everybody signed in), marked as current on its own page and on pages whose <see cref="WebPage.Section"/> it is.
/// </summary>
/// <param name="Label">The text, in Chinese.</param>
/// <param name="Path">Where it leads: a page of <see cref="WebPages.All"/> or another page of the host (the dashboard).</param>
/// <param name="Roles">Who sees it: null for everybody signed in.</param>
public sealed record MenuEntry(string Label, string Path, IReadOnlyList<string>? Roles = null);

/// <summary>Role lists the pages and the menu share, and their Chinese names.</summary>
public static class WebAudience
{
    /// <summary>The roles that oversee every unit: they read every instance, ledger row and the compliance overview.</summary>
    public static readonly IReadOnlyList<string> Overseers = [Roles.Admin, Roles.LeadingGroup, Roles.Office, Roles.Center];

    /// <summary>Who reads ledgers: the overseeing roles (every unit) and unit users and heads (their own unit's rows).</summary>
    public static readonly IReadOnlyList<string> LedgerReaders = [.. Overseers, Roles.Unit, Roles.UnitHead];

    /// <summary>Administrators.</summary>
    public static readonly IReadOnlyList<string> Administrators = [Roles.Admin];

    /// <summary>The roles' names as users read them.</summary>
    public static readonly IReadOnlyDictionary<string, string> RoleNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Roles.Admin] = "系统管理员",
        [Roles.LeadingGroup] = "网络安全和信息化领导小组",
        [Roles.Office] = "领导小组办公室",
        [Roles.Center] = "信息与网络管理中心",
        [Roles.Unit] = "二级单位",
        [Roles.Expert] = "专家",
        [Roles.UnitHead] = "单位负责人",
        [Roles.Vendor] = "建设运维公司",
    };

    /// <summary>Whether a signed-in user holds one of the roles (any signed-in user when <paramref name="roles"/> is null).</summary>
    public static bool Includes(IReadOnlyList<string>? roles, ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && (roles is null || roles.Any(user.IsInRole));

    /// <summary>"系统管理员、领导小组办公室" for a list of roles.</summary>
    public static string Describe(IEnumerable<string> roles) => string.Join("、", roles.Select(r => RoleNames.GetValueOrDefault(r, r)));
}

/// <summary>
/// The pages and the menu: the one table a new page is added to (see docs/ui.md). A menu entry is listed only when its
/// page exists; pages still to come (我发起的, 已办, 运维 console, 管理, 账户) get their entries with their pages.
/// </summary>
public static class WebPages
{
    /// <summary>Every page the host serves.</summary>
    public static readonly IReadOnlyList<WebPage> All =
    [
        new("/login", "login", "登录") { Anonymous = true },
        new("/", "inbox", "待办", Section: "/"),
        new("/tasks/{id:guid}", "task", "办理任务", Section: "/"),
        new("/start", "start-list", "发起流程", Section: "/start"),
        new("/start/{key}", "start", "发起流程", Section: "/start"),
        new("/instances/{id:guid}", "instance", "流程实例"),
        new("/ledgers", "ledgers", "台账", WebAudience.LedgerReaders, Section: "/ledgers"),
        new("/compliance", "compliance", "合规概况", WebAudience.Overseers, Section: "/compliance"),
        new("/duty", "duty", "值班表", WebAudience.LedgerReaders, Section: "/duty"),
        new("/reports", "reports", "年度报告", WebAudience.Overseers, Section: "/reports"),
        new("/reports/{year:int}", "report", "年度报告", WebAudience.Overseers, Section: "/reports"),
    ];

    /// <summary>The menu, in the order it is shown.</summary>
    public static readonly IReadOnlyList<MenuEntry> Menu =
    [
        new("待办", "/"),
        new("发起流程", "/start"),
        new("台账", "/ledgers", WebAudience.LedgerReaders),
        new("合规概况", "/compliance", WebAudience.Overseers),
        new("值班", "/duty", WebAudience.LedgerReaders),
        new("年度报告", "/reports", WebAudience.Overseers),

        // The Hangfire dashboard until the operations console (/admin/instances) takes this entry over and links to it.
        new("运维", "/hangfire", WebAudience.Administrators),
    ];
}
