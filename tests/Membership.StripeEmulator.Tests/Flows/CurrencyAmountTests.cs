using System.Net;
using Stripe.Checkout;

namespace Membership.StripeEmulator.Tests.Flows;

/// <summary>Amounts are in the currency's smallest unit: cents for USD, whole yen for JPY (a zero-decimal currency).</summary>
public sealed class CurrencyAmountTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_yen_price_shows_as_whole_yen_on_the_checkout_page_and_the_invoice()
    {
        var product = await _emulator.Stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Ad-Free Japan" });
        var price = await _emulator.Stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id,
            UnitAmount = 500,
            Currency = "jpy",
            Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var session = await _emulator.Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            CustomerEmail = "yen@example.test",
            LineItems = [new SessionLineItemOptions { Price = price.Id, Quantity = 1 }],
            SuccessUrl = "http://127.0.0.1:5080/ok",
        });

        var page = await _emulator.Http.GetStringAsync(session.Url);
        var paid = await _emulator.PayAsync(session.Url, "4242424242424242");

        Assert.Contains("Subscribe: 500 JPY due today", page, StringComparison.Ordinal);
        Assert.Contains("Ad-Free Japan: 500 JPY per month", page, StringComparison.Ordinal);
        Assert.DoesNotContain("5.00", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        var completed = await _emulator.Stripe.V1.Checkout.Sessions.GetAsync(session.Id, new SessionGetOptions { Expand = ["invoice"] });
        Assert.Equal("1 × Ad-Free Japan (at 500 JPY / month)", Assert.Single(completed.Invoice.Lines.Data).Description);
    }
}
