using Membership.Tests.Infrastructure;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>The billing stories of issue 5, each run against the emulator; returns the reader it happened to.</summary>
public static class BillingScenarios
{
    public static readonly string[] Names =
    [
        "paid signup", "renewal", "failed renewal", "failed renewal then recovery", "failed renewal then cancellation",
        "cancel at period end then resume", "refund", "dispute",
    ];

    public static Task<Guid> RunAsync(StripeBackedApp app, string name) => name switch
    {
        "paid signup" => PaidSignupAsync(app),
        "renewal" => RenewalAsync(app),
        "failed renewal" => FailedRenewalAsync(app, then: null),
        "failed renewal then recovery" => FailedRenewalAsync(app, then: "recover"),
        "failed renewal then cancellation" => FailedRenewalAsync(app, then: "cancel"),
        "cancel at period end then resume" => CancelThenResumeAsync(app),
        "refund" => RefundAsync(app),
        "dispute" => DisputeAsync(app),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such scenario."),
    };

    private static async Task<Guid> PaidSignupAsync(StripeBackedApp app) => (await app.SubscribedReaderAsync()).ReaderId;

    private static async Task<Guid> RenewalAsync(StripeBackedApp app)
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddHours(-1).AddMonths(-1));
        await app.AdvanceAsync(clocked, (await app.PeriodEndAsync(clocked)).AddHours(2));
        return clocked.ReaderId;
    }

    private static async Task<Guid> FailedRenewalAsync(StripeBackedApp app, string? then)
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddHours(-1).AddMonths(-1));
        var periodEnd = await app.PeriodEndAsync(clocked);
        await app.UseFailingCardAsync(clocked);
        await app.AdvanceAsync(clocked, periodEnd.AddHours(2));
        if (then == "recover")
        {
            await app.Stripe.V1.Subscriptions.UpdateAsync(clocked.SubscriptionId, new SubscriptionUpdateOptions { DefaultPaymentMethod = "pm_card_visa" });
            await app.AdvanceAsync(clocked, periodEnd.AddDays(10));
        }
        else if (then == "cancel")
        {
            await app.AdvanceAsync(clocked, periodEnd.AddDays(40));
        }
        return clocked.ReaderId;
    }

    private static async Task<Guid> CancelThenResumeAsync(StripeBackedApp app)
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync();
        (await reader.PostAsync("/api/v1/me/subscription/cancel", null)).EnsureSuccessStatusCode();
        (await reader.PostAsync("/api/v1/me/subscription/resume", null)).EnsureSuccessStatusCode();
        await app.SettleAsync();
        return readerId;
    }

    private static async Task<Guid> RefundAsync(StripeBackedApp app)
    {
        var marker = await app.NewestEventIdAsync();
        var (_, readerId, _) = await app.SubscribedReaderAsync();
        var charge = (await app.EventsSinceAsync(marker)).Last(e => e.Type() == "charge.succeeded").ObjectField("id");
        await app.Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = charge });
        await app.SettleAsync();
        return readerId;
    }

    private static async Task<Guid> DisputeAsync(StripeBackedApp app)
    {
        var reader = await app.RegisterAndSignInAsync();
        var checkout = await reader.StartCheckoutAsync();
        await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.DisputedCard);
        var readerId = (await reader.MeAsync()).Id;
        // Stripe opens the dispute shortly after the payment.
        await Eventually.UntilAsync(async () =>
        {
            await app.SettleAsync();
            return (await app.HistoryOfAsync(readerId)).Any(h => h.Change == "dispute");
        }, "the dispute to reach the reader's history");
        return readerId;
    }
}
