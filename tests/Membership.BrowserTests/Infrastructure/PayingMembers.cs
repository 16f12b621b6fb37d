using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Membership.BrowserTests.Infrastructure;

/// <summary>Readers who pay through the Stripe emulator, made over HTTP and Stripe.net rather than by clicking.</summary>
public static class PayingMembers
{
    /// <summary>A registered reader whose first invoice the emulator has paid, and the service has heard of.</summary>
    public static async Task<(string Email, Guid ReaderId, string SubscriptionId)> CreateAsync(BrowserApp app, string planKey = "adfree-monthly")
    {
        var email = $"member-{Guid.NewGuid():N}@example.test";
        using (var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
            (await http.PostAsJsonAsync("/api/v1/account/register", new { email, password = "Correct-Horse-9" })).EnsureSuccessStatusCode();
        await using var db = TestDatabase.CreateContext(app.Database.ConnectionString);
        var readerId = await db.Users.Where(r => r.Email == email).Select(r => r.Id).SingleAsync();
        var priceId = await db.Plans.Where(p => p.Key == planKey).Select(p => p.StripePriceId).SingleAsync();
        var metadata = new Dictionary<string, string> { [CheckoutMetadata.ReaderId] = readerId.ToString() };
        var stripe = app.Services.GetRequiredService<StripeClient>();
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = email, Metadata = metadata });
        await db.Users.Where(r => r.Id == readerId).ExecuteUpdateAsync(set => set.SetProperty(r => r.StripeCustomerId, customer.Id));
        var subscription = await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = priceId }],
            DefaultPaymentMethod = "pm_card_visa",
            Metadata = metadata,
        });
        if (subscription.Status != "active")
            throw new InvalidOperationException($"The emulator did not take the payment: {subscription.Status}");
        await WaitUntilAsync(async () => (await SubscriptionOrNullAsync(app, readerId))?.Status == "active", "the paid subscription to reach the service");
        return (email, readerId, subscription.Id);
    }

    public static async Task<MemberSubscription> SubscriptionAsync(BrowserApp app, Guid readerId) =>
        await SubscriptionOrNullAsync(app, readerId) ?? throw new InvalidOperationException("No subscription.");

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private static async Task<MemberSubscription?> SubscriptionOrNullAsync(BrowserApp app, Guid readerId)
    {
        await using var db = TestDatabase.CreateContext(app.Database.ConnectionString);
        return await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.ReaderId == readerId);
    }
}
