using System.Net.Http.Json;
using Membership.StripeEmulator;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>
/// The story: the service restarts against a Stripe that knows none of what the database points
/// at (an emulator started afresh, or test and live keys switched). Buying must work at once, and what
/// was bought before is kept and reported, not dropped.
/// </summary>
public sealed class StripeForgetsEverythingTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    [Fact]
    public async Task An_instance_started_on_a_Stripe_that_forgot_everything_sells_again_and_reports_what_was_bought()
    {
        var (subscriber, subscriberId, subscriptionId) = await app.SubscribedReaderAsync();
        await using var fresh = await StripeEmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
        await using var restarted = app.WithWebHostBuilder(b => b
            .UseSetting("Stripe:ApiBase", fresh.BaseUrl.ToString())
            .UseSetting("Billing:ProcessEvents", "false"));
        var stripe = restarted.Services.GetRequiredService<StripeClient>();

        await Eventually.UntilAsync(async () => await SellableInAsync(stripe), "every plan to be on sale in the new Stripe");
        var reader = restarted.CreateClient();
        var email = $"after-restart-{Guid.NewGuid():N}@example.test";
        (await reader.PostAsJsonAsync("/api/v1/account/register", new { email, password = Readers.Password })).EnsureSuccessStatusCode();
        await reader.SignInAsync(email, Readers.Password);
        var checkout = await reader.StartCheckoutAsync("adfree-yearly");
        var paid = await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.GoodCard);
        // No webhooks come from the new Stripe here: the success page reads the session from it.
        (await reader.GetAsync(new Uri(new Uri(paid.RedirectedTo!).PathAndQuery, UriKind.Relative))).EnsureSuccessStatusCode();
        var report = await restarted.Services.GetRequiredService<ScheduledSync>().RunOnceAsync(CancellationToken.None);

        Assert.True(paid.Paid);
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
        Assert.Equal("adfree-yearly", (await reader.MeAsync()).Entitlement.PlanKey);
        Assert.Contains(new MissingSubscription(subscriberId, subscriptionId), report!.MissingInStripe);
        Assert.True((await subscriber.MeAsync()).Entitlement.AdFree);
    }

    private async Task<bool> SellableInAsync(StripeClient stripe)
    {
        var plans = await app.WithDbAsync(db => db.Plans.AsNoTracking().Where(p => !p.Archived).ToListAsync());
        foreach (var plan in plans)
        {
            try
            {
                if (!(await stripe.V1.Prices.GetAsync(plan.StripePriceId)).Active)
                    return false;
            }
            catch (StripeException)
            {
                return false;
            }
        }
        return plans.Count > 0;
    }
}
