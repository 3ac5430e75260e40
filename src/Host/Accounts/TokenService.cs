using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Zzut.Workflows.Host.Infrastructure;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// The key that signs access tokens: from configuration, or generated once and kept in the data folder — on PostgreSQL in
/// the database (<see cref="PostgreSqlAccountsDbContext.SharedSecrets"/>), so that every host on it signs and accepts
/// the same tokens.
/// </summary>
public sealed class SigningKeyProvider
{
    /// <summary>The name of the signing key among the shared secrets.</summary>
    public const string SharedSecretName = "jwt-signing-key";

    /// <summary>Loads or creates the key.</summary>
    public SigningKeyProvider(IOptions<AuthOptions> auth, IOptions<WorkflowHostOptions> host, IOptions<WorkflowDatabaseOptions> database, IHostEnvironment environment, IServiceScopeFactory scopes, TimeProvider time)
    {
        var configured = auth.Value.SigningKey;
        byte[] key;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            key = Convert.FromBase64String(configured);
        }
        else if (database.Value.Provider == DatabaseProvider.PostgreSql)
        {
            key = Convert.FromBase64String(SharedKey(scopes, time));
        }
        else
        {
            var path = Path.Combine(Path.GetFullPath(host.Value.DataPath, environment.ContentRootPath), "jwt-signing.key");
            if (File.Exists(path))
            {
                key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            }
            else
            {
                key = RandomNumberGenerator.GetBytes(64);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, Convert.ToBase64String(key));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }

        if (key.Length < 32)
        {
            throw new InvalidOperationException("Workflows:Auth:SigningKey must be at least 32 bytes (base64).");
        }

        Key = new SymmetricSecurityKey(key);
    }

    /// <summary>The signing key.</summary>
    public SymmetricSecurityKey Key { get; }

    /// <summary>The key in the database: the one there, or a new one — the first host to insert it wins, the others read it.</summary>
    private static string SharedKey(IServiceScopeFactory scopes, TimeProvider time)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PostgreSqlAccountsDbContext>();
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        db.Database.ExecuteSql($"INSERT INTO shared_secrets (\"Name\", \"Value\", \"CreatedAt\") VALUES ({SharedSecretName}, {candidate}, {time.GetUtcNow().ToUniversalTime()}) ON CONFLICT (\"Name\") DO NOTHING");
        return db.SharedSecrets.AsNoTracking().Where(s => s.Name == SharedSecretName).Select(s => s.Value).Single();
    }
}

/// <summary>Issues bearer tokens for signed-in users.</summary>
public sealed class TokenService(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>A token with the user's name, unit and roles.</summary>
    public (string Token, int ExpiresIn) Issue(AccountUser user, IEnumerable<string> roles)
    {
        var now = time.GetUtcNow();
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id),
            new(SessionValidator.StampClaim, user.SecurityStamp ?? string.Empty),
            new(AuthExtensions.NameClaim, user.UserName!),
            new("real_name", user.RealName),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        if (user.UnitCode is not null)
        {
            claims.Add(new Claim(AuthExtensions.UnitClaim, user.UnitCode));
        }

        claims.AddRange(roles.Select(r => new Claim(AuthExtensions.RoleClaim, r)));
        var lifetime = options.Value.TokenLifetime;
        var token = new JwtSecurityToken(
            options.Value.Issuer,
            options.Value.Audience,
            claims,
            notBefore: now.UtcDateTime,
            expires: (now + lifetime).UtcDateTime,
            signingCredentials: new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256));
        return (new JwtSecurityTokenHandler().WriteToken(token), (int)lifetime.TotalSeconds);
    }
}
