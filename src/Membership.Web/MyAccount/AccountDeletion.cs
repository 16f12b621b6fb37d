using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Identity;

namespace Membership.Web.MyAccount;

/// <summary>
/// Deletes a reader: first ends their live subscriptions in Stripe (the seam is
/// <see cref="SubscriptionActions.CancelAllAsync"/>), then the account and, by cascade, its
/// subscriptions, history and grants.
/// </summary>
public sealed class AccountDeletion(
    SubscriptionActions subscriptions, UserManager<Reader> users, MembershipDbContext db, AccountMail mail, ILogger<AccountDeletion> logger)
{
    /// <returns>Null when the account is deleted; else why Stripe could not cancel the subscriptions, and nothing
    /// was deleted, so nobody is billed for an account that is gone.</returns>
    public async Task<StripeFailure?> DeleteAsync(Reader reader, CancellationToken cancellationToken)
    {
        try
        {
            await subscriptions.CancelAllAsync(reader.Id, cancellationToken);
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"cancelling the subscriptions of reader {reader.Id} before deleting the account (nothing was deleted)");
            return failure;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.DeleteAsync(reader);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Deleting reader {reader.Id} failed: {string.Join(" ", result.Errors.Select(e => e.Code))}");
        // The reader's entitlement is gone with them: every instance drops its cached copy on commit.
        await EntitlementChanges.NotifyAsync(db, reader.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Reader {ReaderId} deleted their account", reader.Id);
        if (reader.Email is { } email)
            mail.AccountDeleted(email);
        return null;
    }
}
