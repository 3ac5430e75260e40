using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// Checks a password with the same work whether or not the account exists: for a name nobody has, the password is
/// verified against a hash made for no one, by a hasher with the accounts' settings, so that the time a sign-in takes
/// does not tell which names exist.
/// </summary>
public sealed class PasswordCheck(IOptions<PasswordHasherOptions> options)
{
    private readonly Lazy<string> nobodysHash = new(() => new PasswordHasher<AccountUser>(options).HashPassword(new AccountUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    /// <summary>True when the account exists and the password is its password.</summary>
    public async Task<bool> IsRightAsync(UserManager<AccountUser> users, AccountUser? user, string password)
    {
        if (user is null)
        {
            _ = users.PasswordHasher.VerifyHashedPassword(new AccountUser(), nobodysHash.Value, password);
            return false;
        }

        return await users.CheckPasswordAsync(user, password);
    }
}
