using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Zzut.Workflows.Host.Infrastructure;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>First start: roles, the <c>admin</c> account, and (Development only) demo users.</summary>
internal sealed class AccountsBootstrapper(IServiceProvider services, IHostEnvironment environment, ILogger logger)
{
    /// <summary>The demo users: (user name, real name, role, unit).</summary>
    private static readonly (string User, string Name, string Role, string? Unit)[] Demo =
    [
        ("lingdao", "领导小组成员", Roles.LeadingGroup, null),
        ("bangongshi", "领导小组办公室", Roles.Office, null),
        ("zhongxin", "信息与网络管理中心", Roles.Center, null),
        ("zhuanjia", "评审专家", Roles.Expert, null),
        ("jsj-anquan", "计算机学院安全员", Roles.Unit, "jsj"),
        ("wxy-anquan", "外国语学院安全员", Roles.Unit, "wxy"),
        ("jsj-fuzeren", "计算机学院负责人", Roles.UnitHead, "jsj"),
        ("wxy-fuzeren", "外国语学院负责人", Roles.UnitHead, "wxy"),
        ("gongsi", "软件公司驻场工程师", Roles.Vendor, null),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }

        var users = services.GetRequiredService<UserManager<AccountUser>>();
        var options = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        if (await users.FindByNameAsync("admin") is null)
        {
            var password = string.IsNullOrEmpty(options.AdminPassword) ? NewPassword() : options.AdminPassword;
            await CreateAsync(users, "admin", "系统管理员", Roles.Admin, null, password);
            if (string.IsNullOrEmpty(options.AdminPassword))
            {
                // Printed once, to the console only, never to the log.
                Console.WriteLine($"==> Created the administrator account 'admin' with password: {password}");
                Console.WriteLine("    Change it after signing in; it is not shown again. (Set Bootstrap__AdminPassword to choose it.)");
            }

            HostLog.AdminCreated(logger);
        }

        if (options.DemoUsers && environment.IsDevelopment())
        {
            foreach (var (user, name, role, unit) in Demo)
            {
                if (await users.FindByNameAsync(user) is null)
                {
                    var password = NewPassword();
                    await CreateAsync(users, user, name, role, unit, password);
                    Console.WriteLine($"==> Demo user {user} ({role}{(unit is null ? string.Empty : $", unit {unit}")}): {password}");
                }
            }
        }
    }

    private static async Task CreateAsync(UserManager<AccountUser> users, string userName, string realName, string role, string? unit, string password)
    {
        var user = new AccountUser { UserName = userName, RealName = realName, UnitCode = unit, Email = $"{userName}@zzut.edu.cn" };
        Check(await users.CreateAsync(user, password), $"user {userName}");
        Check(await users.AddToRoleAsync(user, role), $"role of {userName}");
    }

    // 20 random characters, plus one of each class the policy asks for.
    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('/', 'x').Replace('+', 'y') + "Zz9";

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
