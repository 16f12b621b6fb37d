namespace Membership.StripeEmulator.Tests.Flows;

public sealed class RefundTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Refunding_a_subscription_payment_refunds_the_charge_and_leaves_the_subscription_alone()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);
        var charge = Assert.Single((await _emulator.Stripe.V1.Charges.ListAsync(new ChargeListOptions { Customer = customer.Id })).Data);

        var refund = await _emulator.Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = charge.PaymentIntentId });
        var again = await Assert.ThrowsAsync<StripeException>(() => _emulator.Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = charge.Id }));

        Assert.Equal(500, refund.Amount);
        Assert.Equal("succeeded", refund.Status);
        Assert.Equal(charge.Id, refund.ChargeId);
        Assert.Equal("charge_already_refunded", again.StripeError.Code);
        var refunded = await _emulator.Stripe.V1.Charges.GetAsync(charge.Id);
        Assert.True(refunded.Refunded);
        Assert.Equal(500, refunded.AmountRefunded);
        Assert.Equal("active", (await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        Assert.Equal(["charge.succeeded", "charge.refunded"], _emulator.Server.EventTypesFor(charge.Id));
        var refundedEvent = (await _emulator.DeliveredAsync()).Single(e => e.Type == EventTypes.ChargeRefunded);
        Assert.Equal(500, ((Charge)refundedEvent.Data.Object).AmountRefunded);
        StripeShape.AssertMatchesFixture("refund", StripeShape.Raw(refund));
    }
}
