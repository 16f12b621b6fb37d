using System.Text.Json.Nodes;
using Stripe.Checkout;

namespace Membership.StripeEmulator.Tests.Persistence;

/// <summary>
/// With a data directory the emulator is like Azurite or LocalStack with persistence: stopped and started again,
/// it shows a client the same account (ids, objects, lists, events), finishes delivering what it had not delivered,
/// and still replays idempotency keys.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "stripe-emulator-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_restart_changes_nothing_a_client_can_see()
    {
        Before before;
        int port;
        await using (var first = await StartAsync(port: 0))
        {
            port = first.Server.BaseUrl.Port;
            // The endpoint is down: every event stays pending, with retries scheduled.
            first.Webhooks.RefuseNext(int.MaxValue);
            before = await MakeAnAccountAsync(first);
            await Eventually.UntilAsync(() => first.Server.Deliveries.Any(d => d.Attempt > 1), "a retried delivery");
        }

        Assert.True(System.IO.File.Exists(Path.Combine(_directory, "state.json")));
        await using var second = await StartAsync(port);

        var stripe = second.Stripe;
        var subscription = await stripe.V1.Subscriptions.GetAsync(before.Subscription.Id);
        Assert.Equal(StripeShape.Raw(before.Subscription), StripeShape.Raw(subscription));
        Assert.Equal(StripeShape.Raw(before.Customer), StripeShape.Raw(await stripe.V1.Customers.GetAsync(before.Customer.Id)));
        Assert.Equal(StripeShape.Raw(before.Price), StripeShape.Raw(await stripe.V1.Prices.GetAsync(before.Price.Id)));
        Assert.Equal(StripeShape.Raw(before.Session), StripeShape.Raw(await stripe.V1.Checkout.Sessions.GetAsync(before.Session.Id)));
        Assert.Equal(before.Lists, await ListsAsync(stripe));

        // The same key and request: the first answer, replayed, not a second customer.
        var replayed = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "again@example.test" }, new RequestOptions { IdempotencyKey = "restart-key" });
        Assert.Equal(before.Idempotent.Id, replayed.Id);
        Assert.Equal("true", replayed.StripeResponse.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "again@example.test" }));

        // Every event the first run could not deliver reaches the endpoint now, signed and parsed by Stripe.net.
        var delivered = await second.DeliveredAsync();
        Assert.Equal(before.EventIds.Order(), delivered.Select(e => e.Id).Distinct().Order());
        Assert.Contains(second.Server.Deliveries, d => d.Attempt > 1 && d.StatusCode == 200);

        // And the account goes on: ids continue, objects made before and after are listed together.
        var another = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "later@example.test" });
        var customers = await stripe.V1.Customers.ListAsync(new CustomerListOptions { Limit = 100 });
        Assert.Equal(another.Id, customers.First().Id);
        Assert.Contains(customers, c => c.Id == before.Customer.Id);
    }

    [Fact]
    public async Task Without_a_data_directory_nothing_is_written()
    {
        await using (var emulator = await Emulator.StartAsync())
            await emulator.Stripe.CustomerAsync();

        Assert.False(Directory.Exists(_directory));
    }

    private sealed record Before(Customer Customer, Price Price, Subscription Subscription, Session Session, Customer Idempotent,
        IReadOnlyList<string> Lists, IReadOnlyList<string> EventIds);

    private Task<Emulator> StartAsync(int port) => Emulator.StartAsync(options =>
    {
        options.Port = port;
        options.DataDirectory = _directory;
        options.WebhookRetryDelay = TimeSpan.FromMilliseconds(50);
        options.WebhookMaxRetryDelay = TimeSpan.FromMilliseconds(200);
    });

    private static async Task<Before> MakeAnAccountAsync(Emulator emulator)
    {
        var stripe = emulator.Stripe;
        var price = await stripe.MonthlyPriceAsync();
        var customer = await stripe.CustomerAsync(paymentMethod: "pm_card_visa");
        var subscription = await stripe.SubscribeAsync(customer.Id, price.Id);
        var coupon = await stripe.V1.Coupons.CreateAsync(new CouponCreateOptions { PercentOff = 20, Duration = "forever" });
        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Discounts = [new SubscriptionDiscountOptions { Coupon = coupon.Id }],
            PauseCollection = new SubscriptionPauseCollectionOptions { Behavior = "void" },
        });
        await stripe.V1.SubscriptionSchedules.CreateAsync(new SubscriptionScheduleCreateOptions { FromSubscription = subscription.Id });
        var session = await stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            LineItems = [new SessionLineItemOptions { Price = price.Id, Quantity = 1 }],
            CustomerEmail = "checkout@example.test",
            SuccessUrl = "http://127.0.0.1:5080/subscribe/success?session_id={CHECKOUT_SESSION_ID}",
        });
        await emulator.PayAsync(session.Url, "4242 4242 4242 4242");
        var idempotent = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "again@example.test" }, new RequestOptions { IdempotencyKey = "restart-key" });

        var events = await stripe.V1.Events.ListAsync(new EventListOptions { Limit = 100 });
        return new Before(
            await stripe.V1.Customers.GetAsync(customer.Id),
            price,
            await stripe.V1.Subscriptions.GetAsync(subscription.Id),
            await stripe.V1.Checkout.Sessions.GetAsync(session.Id),
            idempotent,
            await ListsAsync(stripe),
            [.. events.Select(e => e.Id)]);
    }

    /// <summary>The raw pages a client lists; the same before and after means the same objects in the same order.</summary>
    private static async Task<IReadOnlyList<string>> ListsAsync(StripeClient stripe) =>
    [
        (await stripe.V1.Customers.ListAsync(new CustomerListOptions { Limit = 100 })).StripeResponse.Content,
        (await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Status = "all", Limit = 100 })).StripeResponse.Content,
        (await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Limit = 100 })).StripeResponse.Content,
        (await stripe.V1.Charges.ListAsync(new ChargeListOptions { Limit = 100 })).StripeResponse.Content,
        (await stripe.V1.Checkout.Sessions.ListAsync(new SessionListOptions { Limit = 100 })).StripeResponse.Content,
        (await stripe.V1.Events.ListAsync(new EventListOptions { Limit = 100 })).StripeResponse.Content,
        (await stripe.V1.Prices.ListAsync(new PriceListOptions { Limit = 100 })).StripeResponse.Content,
        (await stripe.V1.Coupons.ListAsync()).StripeResponse.Content,
        (await stripe.V1.SubscriptionSchedules.ListAsync()).StripeResponse.Content,
        JsonNode.Parse((await stripe.V1.WebhookEndpoints.ListAsync()).StripeResponse.Content)!.ToJsonString(),
    ];
}
