using Membership.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

/// <summary>Creates or updates the admin named by Membership__Bootstrap__AdminEmail/AdminPassword at start.</summary>
public sealed class AdminBootstrapper(IServiceScopeFactory scopes, IOptions<MembershipOptions> options, ILogger<AdminBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bootstrap = options.Value.Bootstrap;
        if (string.IsNullOrEmpty(bootstrap.AdminEmail) || string.IsNullOrEmpty(bootstrap.AdminPassword))
            return;
        try
        {
            await EnsureAdminAsync(bootstrap.AdminEmail, bootstrap.AdminPassword);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Another instance may be doing the same at this moment; its admin is as good as ours.
            logger.LogWarning("Could not create the bootstrap admin: {Error}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureAdminAsync(string email, string password)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Reader>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        if (!await roles.RoleExistsAsync(AccountsExtensions.AdminRole))
            Check(await roles.CreateAsync(new IdentityRole<Guid>(AccountsExtensions.AdminRole)));

        var admin = await users.FindByEmailAsync(email);
        if (admin is null)
        {
            admin = new Reader { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Admin" };
            Check(await users.CreateAsync(admin, password));
        }
        else if (!await users.CheckPasswordAsync(admin, password))
        {
            // Only a changed setting resets the password: a reset renews the security stamp, which would
            // sign the admin out of every browser on each restart of each instance.
            var token = await users.GeneratePasswordResetTokenAsync(admin);
            Check(await users.ResetPasswordAsync(admin, token, password));
        }
        if (!await users.IsInRoleAsync(admin, AccountsExtensions.AdminRole))
            Check(await users.AddToRoleAsync(admin, AccountsExtensions.AdminRole));
        logger.LogInformation("Bootstrap admin {Email} is ready", email);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
