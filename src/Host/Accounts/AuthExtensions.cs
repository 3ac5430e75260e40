using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>Accounts, sign-in (bearer tokens for API clients, a cookie for the browser), lockout and sign-in rate limits.</summary>
public static class AuthExtensions
{
    /// <summary>The claim with the user name.</summary>
    public const string NameClaim = "name";

    /// <summary>The claim(s) with the roles.</summary>
    public const string RoleClaim = "role";

    /// <summary>The claim with the unit code.</summary>
    public const string UnitClaim = "unit";

    /// <summary>The rate-limiter policy of the sign-in endpoints.</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>The header that carries the antiforgery token on state-changing requests signed in by cookie.</summary>
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    /// <summary>The OpenID Connect scheme of the campus identity system.</summary>
    public const string ExternalScheme = "campus";

    /// <summary>
    /// The Data Protection application name of hosts that share a database: cookies and antiforgery tokens are protected
    /// for this name (not the default, the content root path), so that they open on every host.
    /// </summary>
    public const string SharedApplicationName = "ZzutWorkflows";

    private const string SmartScheme = "bearer-or-cookie";

    /// <summary>
    /// Registers Identity on the engine's database, the authentication schemes and the sign-in limiter. On PostgreSQL the
    /// Data Protection keys (cookies, antiforgery tokens) and the token signing key are kept in that database, so every
    /// host on it accepts what another one issued.
    /// </summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder, WorkflowDatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.AdminPassword = c["Bootstrap:AdminPassword"];
            o.DemoUsers = c.GetValue<bool>("Seed:DemoUsers");
        });
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        var connectionString = database.ConnectionString;
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddDbContext<PostgreSqlAccountsDbContext>(db => db.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)));
            services.AddScoped<AccountsDbContext>(sp => sp.GetRequiredService<PostgreSqlAccountsDbContext>());
            services.AddDataProtection().SetApplicationName(SharedApplicationName).PersistKeysToDbContext<PostgreSqlAccountsDbContext>();
        }
        else
        {
            services.AddDbContext<AccountsDbContext>(db => db.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable(AccountsDbContext.MigrationsHistoryTable)));
        }

        services.AddIdentityCore<AccountUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = auth.AccountMaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = auth.LockoutDuration;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddUserManager<ClockAwareUserManager>()
            .AddSignInManager();

        services.AddSingleton<SigningKeyProvider>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<SecurityAudit>();
        services.AddSingleton<SignInThrottle>();
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddSingleton<ISignInCounters, PostgreSqlSignInCounters>();
        }
        else
        {
            services.AddSingleton<ISignInCounters, InProcessSignInCounters>();
        }

        services.AddSingleton<SessionValidator>();
        services.AddSingleton<PasswordCheck>();
        services.AddSingleton<SignInGuard>();
        services.AddSingleton<SignOffGuard>();
        services.AddScoped<UserAdministration>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Bearer token or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o => o.MapInboundClaims = false)
            .AddCookie(o =>
            {
                o.Cookie.Name = "zzut.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = auth.TokenLifetime;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = async context =>
                {
                    // Signed out, password or roles changed, locked or disabled: the cookie ends.
                    if (context.Principal is null || !await context.HttpContext.RequestServices.GetRequiredService<SessionValidator>().IsValidAsync(context.Principal))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
                o.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
            });
        if (!string.IsNullOrWhiteSpace(auth.Oidc.Authority))
        {
            services.AddAuthentication().AddOpenIdConnect(ExternalScheme, "校园统一身份认证 (campus sign-in)", o =>
            {
                o.Authority = auth.Oidc.Authority;
                o.ClientId = auth.Oidc.ClientId;
                o.ClientSecret = auth.Oidc.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SaveTokens = false;
                o.MapInboundClaims = false;
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.Scope.Add("profile");
                o.Events.OnTokenValidated = async context =>
                {
                    var mapped = ExternalClaims.Map(context.Principal!, auth.Oidc);
                    var audit = context.HttpContext.RequestServices.GetRequiredService<SecurityAudit>();
                    if (mapped is null)
                    {
                        await audit.RecordAsync("signin.failed", null, new System.Text.Json.Nodes.JsonObject { ["source"] = "oidc", ["reason"] = "no user name claim" });
                        context.Fail("The identity provider did not name the user.");
                        return;
                    }

                    context.Principal = mapped;
                    await audit.RecordAsync("signin.succeeded", mapped.Identity!.Name, new System.Text.Json.Nodes.JsonObject { ["source"] = "oidc" });
                };
            });
        }

        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "zzut.xsrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider, IOptions<AuthOptions>, TimeProvider>((o, keys, options, time) =>
            {
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Value.Issuer,
                    ValidAudience = options.Value.Audience,
                    IssuerSigningKey = keys.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = NameClaim,
                    RoleClaimType = RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),

                    // Lifetimes are checked against the host's TimeProvider, like everything else that tells time.
                    LifetimeValidator = (notBefore, expires, _, parameters) =>
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        return (notBefore is null || notBefore.Value <= now + parameters.ClockSkew)
                            && expires is not null && expires.Value > now - parameters.ClockSkew;
                    },
                };
                o.Events = new JwtBearerEvents
                {
                    // Signed out, password or roles changed, locked or disabled: the token ends.
                    OnTokenValidated = async context =>
                    {
                        if (context.Principal is null || !await context.HttpContext.RequestServices.GetRequiredService<SessionValidator>().IsValidAsync(context.Principal))
                        {
                            context.Fail("The account's session has ended (signed out, changed, locked or disabled); sign in again.");
                        }
                    },
                };
            });
        // Every endpoint needs a signed-in user unless it says AllowAnonymous; each API adds its own rules.
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // On PostgreSQL SharedSignInPermits counts the attempts in the database instead (every host towards one limit).
            o.AddPolicy(SignInPolicy, context => database.Provider == DatabaseProvider.PostgreSql
                ? RateLimitPartition.GetNoLimiter("shared")
                : RateLimitPartition.GetFixedWindowLimiter(
                    SignInGuard.ClientKeyOf(context.Connection.RemoteIpAddress, auth.IPv6ClientPrefixLength),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.SignInPermitLimit, Window = auth.SignInWindow, QueueLimit = 0 }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many sign-in attempts", Detail = "Too many sign-in attempts from this address; wait and try again." },
                });
            };
        });
        return builder;
    }

    /// <summary>Adds authentication, authorization, the rate limiter and security headers to the pipeline.</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        var requireHttps = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.RequireHttps ?? !app.Environment.IsDevelopment();
        if (requireHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments("/hangfire", StringComparison.OrdinalIgnoreCase))
            {
                headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'; object-src 'none'";
            }

            await next(context);
        });
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
                && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && !context.Request.Path.StartsWithSegments("/api/auth", StringComparison.OrdinalIgnoreCase))
            {
                await context.RequestServices.GetRequiredService<SecurityAudit>().RecordAsync("access.denied", context.User.Identity?.Name, new System.Text.Json.Nodes.JsonObject
                {
                    ["method"] = context.Request.Method,
                    ["path"] = context.Request.Path.Value,
                    ["status"] = context.Response.StatusCode,
                }, CancellationToken.None);
            }
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        // A browser signed in by cookie must send the antiforgery token with every state-changing request
        // (GET /api/auth/antiforgery hands it out); bearer-token clients are not exposed to cross-site requests.
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && !request.Path.StartsWithSegments("/api/auth/login", StringComparison.OrdinalIgnoreCase)
                && !request.Path.StartsWithSegments("/api/auth/cookie", StringComparison.OrdinalIgnoreCase)
                && context.User.Identity?.IsAuthenticated == true
                && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && !await context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status400BadRequest, Title = "Missing or invalid antiforgery token", Detail = $"Send the token from GET /api/auth/antiforgery in the {AntiforgeryHeader} header." },
                });
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>Creates the accounts tables, the roles and the first administrator (and, in Development, demo users).</summary>
    public static async Task InitializeAccountsAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.MigrateAsync(cancellationToken);
        await new AccountsBootstrapper(scope.ServiceProvider, app.Environment, app.Logger).RunAsync(cancellationToken);
    }

    /// <summary>The user name, or null when nobody is signed in.</summary>
    public static string? UserName(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
