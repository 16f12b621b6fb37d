namespace Membership.StripeEmulator.Tests.Billing;

/// <summary>Changing a subscription's price mid-period: Stripe's prorations, the invoice at once, and the preview that predicts it.</summary>
public sealed class PlanChangeTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private StripeClient Stripe => _emulator.Stripe;

    [Fact]
    public async Task Monthly_to_yearly_restarts_the_period_and_bills_the_year_less_the_unused_month_at_once_as_previewed()
    {
        var (clocked, subscription, _) = await SubscribedAsync(1000);
        var yearly = await Stripe.MonthlyPriceAsync(amount: 10000, interval: "year");
        var halfway = Clocked.Start.AddDays(15);
        await clocked.AdvanceAsync(Stripe, halfway);
        var change = new SubscriptionItemOptions { Id = subscription.Items.Data[0].Id, Price = yearly.Id };

        var preview = await Stripe.V1.Invoices.CreatePreviewAsync(new InvoiceCreatePreviewOptions
        {
            Subscription = subscription.Id,
            SubscriptionDetails = new InvoiceSubscriptionDetailsOptions
            {
                Items = [new InvoiceSubscriptionDetailsItemOptions { Id = change.Id, Price = change.Price }],
                ProrationDate = halfway,
            },
        });
        var updated = await Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [change],
            ProrationDate = halfway,
            Expand = ["latest_invoice"],
        });

        var invoice = updated.LatestInvoice;
        var unused = -(long)Math.Round(1000m * 15 / 30, MidpointRounding.AwayFromZero);
        Assert.Equal(("subscription_update", "paid"), (invoice.BillingReason, invoice.Status));
        Assert.Equal([unused, 10000], invoice.Lines.Data.Select(l => l.Amount));
        Assert.True(invoice.Lines.Data[0].Parent.SubscriptionItemDetails.Proration);
        Assert.Equal(10000 + unused, invoice.AmountPaid);
        Assert.StartsWith("upcoming_in_", preview.Id, StringComparison.Ordinal);
        Assert.Equal(invoice.Lines.Data.Select(l => (l.Amount, l.Description)), preview.Lines.Data.Select(l => (l.Amount, l.Description)));
        Assert.Equal(invoice.Total, preview.Total);
        Assert.Equal((halfway, halfway.AddYears(1)), (updated.Items.Data[0].CurrentPeriodStart, updated.Items.Data[0].CurrentPeriodEnd));
        Assert.Equal(yearly.Id, updated.Items.Data[0].Price.Id);
        var events = (await _emulator.DeliveredAsync()).SkipWhile(e => e.Type != "invoiceitem.created").Select(e => e.Type);
        Assert.Equal(
        [
            "invoiceitem.created", "invoice.created", "customer.subscription.updated", "invoice.finalized",
            "payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "invoice.paid", "invoice.payment_succeeded", "invoice_payment.paid",
        ], events);
    }

    [Fact]
    public async Task Create_prorations_leaves_a_credit_and_a_charge_for_the_next_invoice()
    {
        var (clocked, subscription, _) = await SubscribedAsync(1000);
        var dearer = await Stripe.MonthlyPriceAsync(amount: 2000);
        var third = Clocked.Start.AddDays(10);
        await clocked.AdvanceAsync(Stripe, third);

        await Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = subscription.Items.Data[0].Id, Price = dearer.Id }],
            ProrationBehavior = "create_prorations",
        });
        var pending = await Stripe.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = clocked.Customer.Id, Pending = true });
        await clocked.AdvanceAsync(Stripe, Clocked.Start.AddMonths(1).AddHours(2));
        var renewal = (await Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).First();

        var remaining = 20m / 30;
        Assert.Equal([(long)Math.Round(2000 * remaining, MidpointRounding.AwayFromZero), -(long)Math.Round(1000 * remaining, MidpointRounding.AwayFromZero)],
            pending.Select(i => i.Amount));
        Assert.All(pending, i => Assert.True(i.Proration));
        Assert.Equal("subscription_cycle", renewal.BillingReason);
        Assert.Equal(2000 + pending.Sum(i => i.Amount), renewal.AmountPaid);
        Assert.Empty(await Stripe.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = clocked.Customer.Id, Pending = true }));
    }

    [Theory]
    [InlineData("always_invoice", 2)]
    [InlineData("none", 0)]
    public async Task Always_invoice_bills_the_prorations_at_once_and_none_makes_none(string behaviour, int prorations)
    {
        var (clocked, subscription, _) = await SubscribedAsync(1000);
        var dearer = await Stripe.MonthlyPriceAsync(amount: 2000);
        await clocked.AdvanceAsync(Stripe, Clocked.Start.AddDays(10));

        var updated = await Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = subscription.Items.Data[0].Id, Price = dearer.Id }],
            ProrationBehavior = behaviour,
            Expand = ["latest_invoice"],
        });

        var items = await Stripe.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = clocked.Customer.Id });
        Assert.Equal(prorations, items.Count());
        Assert.Equal(dearer.Id, updated.Items.Data[0].Price.Id);
        if (behaviour == "always_invoice")
        {
            Assert.Equal(("subscription_update", "paid"), (updated.LatestInvoice.BillingReason, updated.LatestInvoice.Status));
            Assert.Equal(items.Sum(i => i.Amount), updated.LatestInvoice.AmountPaid);
            Assert.All(items, i => Assert.Equal(updated.LatestInvoiceId, i.InvoiceId));
        }
        else
        {
            Assert.Equal(subscription.LatestInvoiceId, updated.LatestInvoiceId);
        }
    }

    [Fact]
    public async Task A_preview_without_changes_shows_the_next_renewal_with_its_date_and_price()
    {
        var (_, subscription, _) = await SubscribedAsync(1000);

        var preview = await Stripe.V1.Invoices.CreatePreviewAsync(new InvoiceCreatePreviewOptions { Subscription = subscription.Id });

        var line = Assert.Single(preview.Lines.Data);
        Assert.Equal((1000L, Clocked.Start.AddMonths(1), Clocked.Start.AddMonths(2)), (line.Amount, line.Period.Start, line.Period.End));
        Assert.Equal("upcoming", preview.BillingReason);
        await Assert.ThrowsAsync<StripeException>(() => Stripe.V1.Invoices.GetAsync(preview.Id));
    }

    private async Task<(Clocked Clocked, Subscription Subscription, Price Price)> SubscribedAsync(long amount)
    {
        var clocked = await Clocked.StartAsync(Stripe);
        var price = await Stripe.MonthlyPriceAsync(amount: amount);
        return (clocked, await Stripe.SubscribeAsync(clocked.Customer.Id, price.Id), price);
    }
}
