namespace Membership.StripeEmulator.Tests.Billing;

/// <summary>Coupons on a subscription, an immediate cancel with a prorated credit, partial refunds, and what an account page shows.</summary>
public sealed class DiscountAndCancelTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private StripeClient Stripe => _emulator.Stripe;

    [Fact]
    public async Task A_repeating_coupon_discounts_the_next_renewals_for_its_months_and_then_ends()
    {
        var clocked = await Clocked.StartAsync(Stripe);
        var price = await Stripe.MonthlyPriceAsync(amount: 1000);
        var subscription = await Stripe.SubscribeAsync(clocked.Customer.Id, price.Id);
        var coupon = await Stripe.V1.Coupons.CreateAsync(new CouponCreateOptions { PercentOff = 50, Duration = "repeating", DurationInMonths = 2, Name = "Stay with us" });
        var offered = Clocked.Start.AddDays(3);
        await clocked.AdvanceAsync(Stripe, offered);

        var discounted = await Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Discounts = [new SubscriptionDiscountOptions { Coupon = coupon.Id }],
            Expand = ["discounts"],
        });
        var paid = new List<long>();
        for (var month = 1; month <= 3; month++)
        {
            await clocked.AdvanceAsync(Stripe, Clocked.Start.AddMonths(month).AddHours(2));
            paid.Add((await Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).First().AmountPaid);
        }
        var after = await Stripe.V1.Subscriptions.GetAsync(subscription.Id);

        Assert.Equal((coupon.Id, 50m, "repeating"), ((await Stripe.V1.Coupons.GetAsync(coupon.Id)).Id, coupon.PercentOff!.Value, coupon.Duration));
        var discount = Assert.Single(discounted.Discounts);
        Assert.Equal(coupon.Id, discount.Source.Coupon.Id);
        Assert.Equal(offered.AddMonths(2), discount.End);
        Assert.Equal([500, 500, 1000], paid);
        Assert.Empty(after.DiscountIds);
        Assert.Equal(["customer.discount.created", "customer.discount.deleted"], _emulator.Server.EventTypesFor(discount.Id));
    }

    [Fact]
    public async Task Cancelling_now_with_prorate_and_invoice_now_credits_the_unused_time_to_the_customer()
    {
        var clocked = await Clocked.StartAsync(Stripe);
        var price = await Stripe.MonthlyPriceAsync(amount: 3000);
        var subscription = await Stripe.SubscribeAsync(clocked.Customer.Id, price.Id);
        await clocked.AdvanceAsync(Stripe, Clocked.Start.AddDays(10));

        var canceled = await Stripe.V1.Subscriptions.CancelAsync(subscription.Id, new SubscriptionCancelOptions { Prorate = true, InvoiceNow = true });
        var final = await Stripe.V1.Invoices.GetAsync(canceled.LatestInvoiceId);
        var customer = await Stripe.V1.Customers.GetAsync(clocked.Customer.Id);

        Assert.Equal("canceled", canceled.Status);
        Assert.Equal(-2000, Assert.Single(final.Lines.Data).Amount);
        Assert.Equal(("paid", 0L, -2000L), (final.Status, final.AmountDue, final.EndingBalance!.Value));
        Assert.Equal(-2000, customer.Balance);
    }

    [Fact]
    public async Task A_payment_can_be_refunded_in_part_and_the_rest_later()
    {
        var customer = await Stripe.CustomerAsync(paymentMethod: "pm_card_visa");
        await Stripe.SubscribeAsync(customer.Id, (await Stripe.MonthlyPriceAsync(amount: 1200)).Id);
        var charge = (await Stripe.V1.Charges.ListAsync(new ChargeListOptions { Customer = customer.Id })).Single();

        var part = await Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = charge.PaymentIntentId, Amount = 400 });
        var afterPart = await Stripe.V1.Charges.GetAsync(charge.Id);
        var rest = await Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = charge.PaymentIntentId });
        var tooMuch = await Assert.ThrowsAsync<StripeException>(() => Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = charge.Id, Amount = 1 }));

        Assert.Equal((400L, false), (afterPart.AmountRefunded, afterPart.Refunded));
        Assert.Equal(800, rest.Amount);
        Assert.True((await Stripe.V1.Charges.GetAsync(charge.Id)).Refunded);
        Assert.Equal("charge_already_refunded", tooMuch.StripeError.Code);
    }

    [Fact]
    public async Task The_card_the_next_renewal_and_the_invoices_are_all_reachable_for_an_account_page()
    {
        var customer = await Stripe.CustomerAsync(paymentMethod: "pm_card_mastercard");
        var price = await Stripe.MonthlyPriceAsync(amount: 700);
        var subscription = await Stripe.SubscribeAsync(customer.Id, price.Id, "pm_card_mastercard");

        var withCard = await Stripe.V1.Customers.GetAsync(customer.Id, new CustomerGetOptions { Expand = ["invoice_settings.default_payment_method"] });
        var invoice = (await Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id })).Single();
        using var pdf = await _emulator.Http.GetAsync(invoice.InvoicePdf);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();

        var card = withCard.InvoiceSettings.DefaultPaymentMethod.Card;
        Assert.Equal(("mastercard", "4444"), (card.Brand, card.Last4));
        Assert.Equal((700L, subscription.Items.Data[0].CurrentPeriodEnd), (subscription.Items.Data[0].Price.UnitAmount!.Value, subscription.Items.Data[0].CurrentPeriodEnd));
        Assert.StartsWith(_emulator.Server.BaseUrl.ToString(), invoice.HostedInvoiceUrl, StringComparison.Ordinal);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
    }
}
