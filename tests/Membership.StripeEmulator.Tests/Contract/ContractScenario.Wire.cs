using System.Net.Http.Headers;

namespace Membership.StripeEmulator.Tests.Contract;

public sealed partial class ContractScenario
{
    private async Task WebhookEndpointsAsync()
    {
        var endpoint = await stripe.V1.WebhookEndpoints.CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = "https://example.test/hooks",
            EnabledEvents = ["customer.created", "invoice.paid"],
            Description = "contract",
        });
        await stripe.V1.WebhookEndpoints.UpdateAsync(endpoint.Id, new WebhookEndpointUpdateOptions { Disabled = true, Metadata = new() { ["team"] = "billing" } });
        await stripe.V1.WebhookEndpoints.GetAsync(endpoint.Id);
        await stripe.V1.WebhookEndpoints.ListAsync();
        await stripe.V1.WebhookEndpoints.DeleteAsync(endpoint.Id);
    }

    /// <summary>Stripe's error bodies: each kind of refusal the emulator makes.</summary>
    private async Task ErrorsAsync(Price price)
    {
        await recorder.ExpectErrorAsync(() => stripe.V1.Customers.GetAsync("cus_missing"));
        await recorder.ExpectErrorAsync(() => stripe.V1.Prices.CreateAsync(new PriceCreateOptions { Product = price.ProductId, UnitAmount = 100 }));
        await recorder.ExpectErrorAsync(() => raw.PostAsync("v1/customers", Form(("colour", "blue"))));
        await recorder.ExpectErrorAsync(() => raw.GetAsync("v1/nothing_here"));
        await recorder.ExpectErrorAsync(() => stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = "cus_missing",
            Items = [new SubscriptionItemOptions { Price = price.Id }],
        }));
        var customer = await stripe.CustomerAsync();
        await recorder.ExpectErrorAsync(() => stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            PaymentBehavior = "error_if_incomplete",
            DefaultPaymentMethod = "pm_card_chargeCustomerFail",
        }));
        await recorder.ExpectErrorAsync(() => stripe.V1.PaymentMethods.AttachAsync("pm_card_chargeDeclined", new PaymentMethodAttachOptions { Customer = customer.Id }));
        await recorder.ExpectErrorAsync(() => stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = "ch_missing" }));

        await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "one@example.test" }, new RequestOptions { IdempotencyKey = "contract-key" });
        await recorder.ExpectErrorAsync(() => stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "two@example.test" }, new RequestOptions { IdempotencyKey = "contract-key" }));

        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "v1/customers");
        wrongKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk_test_wrong_key_1234");
        await recorder.ExpectErrorAsync(() => raw.SendAsync(wrongKey));
        foreach (var version in new[] { "1999-01-01", "not-a-version", EmulatorVersion })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/customers?limit=1");
            request.Headers.Add("Stripe-Version", version);
            await recorder.ExpectErrorAsync(() => raw.SendAsync(request));
        }
    }

    private const string EmulatorVersion = "2026-10-28.endive";

    private async Task EventsAsync()
    {
        var page = await stripe.V1.Events.ListAsync(new EventListOptions { Limit = 100 });
        while (page.HasMore)
            page = await stripe.V1.Events.ListAsync(new EventListOptions { Limit = 100, StartingAfter = page.Data[^1].Id });
        await stripe.V1.Events.ListAsync(new EventListOptions { Type = "customer.subscription.*" });
        await stripe.V1.Events.GetAsync(page.Data[0].Id);
        await emulator.DeliveredAsync();
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));
}
