using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Host.Accounts;

/// <summary>
/// The user manager with lockout measured by the host's <see cref="TimeProvider"/> (Identity's own reads the system
/// clock), so lockout behaves like every other deadline here and can be tested by moving a fake clock.
/// </summary>
public sealed class ClockAwareUserManager(
    IUserStore<AccountUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AccountUser> passwordHasher,
    IEnumerable<IUserValidator<AccountUser>> userValidators,
    IEnumerable<IPasswordValidator<AccountUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AccountUser>> logger,
    TimeProvider time)
    : UserManager<AccountUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    private IUserLockoutStore<AccountUser> LockoutStore =>
        Store as IUserLockoutStore<AccountUser> ?? throw new NotSupportedException("The user store does not support lockout.");

    /// <inheritdoc />
    public override async Task<bool> IsLockedOutAsync(AccountUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await LockoutStore.GetLockoutEnabledAsync(user, CancellationToken))
        {
            return false;
        }

        var end = await LockoutStore.GetLockoutEndDateAsync(user, CancellationToken);
        return end >= time.GetUtcNow();
    }

    /// <inheritdoc />
    public override async Task<IdentityResult> AccessFailedAsync(AccountUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var count = await LockoutStore.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (count < Options.Lockout.MaxFailedAccessAttempts)
        {
            return await UpdateUserAsync(user);
        }

        await LockoutStore.SetLockoutEndDateAsync(user, time.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan), CancellationToken);
        await LockoutStore.ResetAccessFailedCountAsync(user, CancellationToken);
        return await UpdateUserAsync(user);
    }
}
