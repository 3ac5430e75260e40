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

    /// <summary>Who operates running instances (the operations console): administrators and the network center.</summary>
    public static readonly IReadOnlyList<string> Operators = [Roles.Admin, Roles.Center];

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
/// page exists.
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
        new("/started", "started", "我发起的", Section: "/started"),
        new("/done", "done", "已办", Section: "/done"),
        new("/admin/instances", "admin-instances", "流程实例 · 运维", WebAudience.Operators, Section: "/admin/instances"),
        new("/admin/instances/{id:guid}", "admin-instance", "流程实例 · 运维", WebAudience.Operators, Section: "/admin/instances"),
        new("/admin/incidents", "admin-incidents", "故障 · 运维", WebAudience.Operators, Section: "/admin/instances"),
        new("/admin/outbox", "admin-outbox", "邮件 · 运维", WebAudience.Administrators, Section: "/admin/instances"),
        new("/admin/jobs", "admin-jobs", "定时任务 · 运维", WebAudience.Administrators, Section: "/admin/instances"),
        new("/admin", "admin-home", "管理", WebAudience.Administrators, Section: "/admin"),
        new("/admin/definitions", "admin-definitions", "流程定义", WebAudience.Administrators, Section: "/admin"),
        new("/admin/definitions/new", "admin-designer", "新建流程", WebAudience.Administrators, Section: "/admin"),
        new("/admin/definitions/{key}", "admin-definition", "流程定义的版本", WebAudience.Administrators, Section: "/admin"),
        new("/admin/definitions/{key}/edit", "admin-designer", "流程设计", WebAudience.Administrators, Section: "/admin"),
        new("/admin/forms", "admin-forms", "表单", WebAudience.Administrators, Section: "/admin"),
        new("/admin/forms/{id}/edit", "admin-form-editor", "表单编辑", WebAudience.Administrators, Section: "/admin"),
        new("/admin/units", "admin-units", "单位与联系人", WebAudience.Administrators, Section: "/admin"),
        new("/admin/role-mailboxes", "admin-role-mailboxes", "角色邮箱", WebAudience.Administrators, Section: "/admin"),
        new("/admin/calendar", "admin-calendar", "工作日历", WebAudience.Administrators, Section: "/admin"),
        new("/admin/evaluation-periods", "admin-evaluation-periods", "测评周期", WebAudience.Administrators, Section: "/admin"),
        new("/admin/users", "admin-users", "用户", WebAudience.Administrators, Section: "/admin"),
        new("/account", "account", "账户", Section: "/account"),
        new("/duty", "duty", "值班表", WebAudience.LedgerReaders, Section: "/duty"),
        new("/reports", "reports", "年度报告", WebAudience.Overseers, Section: "/reports"),
        new("/reports/{year:int}", "report", "年度报告", WebAudience.Overseers, Section: "/reports"),
    ];

    /// <summary>The menu, in the order it is shown.</summary>
    public static readonly IReadOnlyList<MenuEntry> Menu =
    [
        new("待办", "/"),
        new("我发起的", "/started"),
        new("已办", "/done"),
        new("发起流程", "/start"),
        new("台账", "/ledgers", WebAudience.LedgerReaders),
        new("合规概况", "/compliance", WebAudience.Overseers),
        new("值班", "/duty", WebAudience.LedgerReaders),
        new("年度报告", "/reports", WebAudience.Overseers),

        // The operations console; its job page links the Hangfire dashboard (administrators).
        new("运维", "/admin/instances", WebAudience.Operators),
        new("管理", "/admin", WebAudience.Administrators),
        new("账户", "/account"),
    ];
}
