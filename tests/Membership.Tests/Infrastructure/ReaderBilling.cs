using System.Net.Http.Json;
using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.MyAccount;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Infrastructure;

/// <summary>What a reader does and sees around billing, through the service's own API.</summary>
public static class ReaderBilling
{
    public static async Task<CheckoutResponse> StartCheckoutAsync(this HttpClient reader, string planKey = "adfree-monthly")
    {
        var response = await reader.PostAsJsonAsync("/api/v1/me/checkout", new { planKey });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CheckoutResponse>())!;
    }

    public static async Task<MeResponse> MeAsync(this HttpClient reader) =>
        (await reader.GetFromJsonAsync<MeResponse>("/api/v1/me"))!;

    /// <summary>Registers a reader, checks out and pays with a good card, and waits until the service has caught up.</summary>
    public static async Task<(HttpClient Reader, Guid ReaderId, string SubscriptionId)> SubscribedReaderAsync(this StripeBackedApp app, string planKey = "adfree-monthly")
    {
        var reader = await app.RegisterAndSignInAsync();
        var checkout = await reader.StartCheckoutAsync(planKey);
        var outcome = await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.GoodCard);
        if (!outcome.Paid)
            throw new InvalidOperationException($"The emulator did not take the payment: {outcome.Status}");
        await app.SettleAsync();
        var readerId = (await reader.MeAsync()).Id;
        var subscriptionId = await app.WithDbAsync(db => db.Subscriptions.Where(s => s.ReaderId == readerId).Select(s => s.StripeSubscriptionId).SingleAsync());
        return (reader, readerId, subscriptionId);
    }

    public static Task<List<MemberSubscription>> SubscriptionsOfAsync(this MembershipApp app, Guid readerId) =>
        app.WithDbAsync(db => db.Subscriptions.AsNoTracking().Where(s => s.ReaderId == readerId).ToListAsync());

    public static Task<List<SubscriptionHistoryEntry>> HistoryOfAsync(this MembershipApp app, Guid readerId) =>
        app.WithDbAsync(db => db.SubscriptionHistory.AsNoTracking().Where(h => h.ReaderId == readerId).OrderBy(h => h.Id).ToListAsync());

    public static Task<Reader> ReaderAsync(this MembershipApp app, Guid readerId) =>
        app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(r => r.Id == readerId));

    /// <summary>The decision as the service makes it, for a reader without a client of their own.</summary>
    public static async Task<EntitlementDecision> EntitlementOfAsync(this MembershipApp app, Guid readerId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReaderEntitlements>().EvaluateAsync(readerId, CancellationToken.None);
    }
}
