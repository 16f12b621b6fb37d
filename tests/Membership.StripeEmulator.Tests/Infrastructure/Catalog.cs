namespace Membership.StripeEmulator.Tests.Infrastructure;

/// <summary>Products, prices and customers made through Stripe.net, as the service makes them.</summary>
public static class Catalog
{
    public static async Task<Price> MonthlyPriceAsync(this StripeClient stripe, long amount = 500, string interval = "month", string? lookupKey = null)
    {
        var product = await stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Ad-Free " + interval });
        return await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id,
            UnitAmount = amount,
            Currency = "usd",
            Recurring = new PriceRecurringOptions { Interval = interval },
            LookupKey = lookupKey,
        });
    }

    public static Task<Customer> CustomerAsync(this StripeClient stripe, string? testClock = null, string? paymentMethod = null) =>
        stripe.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Email = $"reader-{Guid.NewGuid():N}@example.test",
            TestClock = testClock,
            PaymentMethod = paymentMethod,
            InvoiceSettings = paymentMethod is null ? null : new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = paymentMethod },
        });

    public static Task<Subscription> SubscribeAsync(this StripeClient stripe, string customer, string price, string paymentMethod = "pm_card_visa") =>
        stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer,
            Items = [new SubscriptionItemOptions { Price = price }],
            DefaultPaymentMethod = paymentMethod,
        });
}
