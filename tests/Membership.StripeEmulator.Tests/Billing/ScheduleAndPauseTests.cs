namespace Membership.StripeEmulator.Tests.Billing;

/// <summary>A new price from the next renewal on (subscription schedules), and pausing collection for a while.</summary>
public sealed class ScheduleAndPauseTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private StripeClient Stripe => _emulator.Stripe;

    [Fact]
    public async Task A_schedule_moves_the_subscription_to_the_new_price_at_the_renewal_and_then_lets_it_go()
    {
        var clocked = await Clocked.StartAsync(Stripe);
        var monthly = await Stripe.MonthlyPriceAsync(amount: 1000);
        var cheaper = await Stripe.MonthlyPriceAsync(amount: 800);
        var subscription = await Stripe.SubscribeAsync(clocked.Customer.Id, monthly.Id);
        var periodEnd = subscription.Items.Data[0].CurrentPeriodEnd;

        var schedule = await Stripe.V1.SubscriptionSchedules.CreateAsync(new SubscriptionScheduleCreateOptions { FromSubscription = subscription.Id });
        var attached = await Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        var phase = schedule.Phases[0];
        schedule = await Stripe.V1.SubscriptionSchedules.UpdateAsync(schedule.Id, new SubscriptionScheduleUpdateOptions
        {
            EndBehavior = "release",
            Phases =
            [
                new SubscriptionSchedulePhaseOptions
                {
                    StartDate = phase.StartDate, EndDate = phase.EndDate,
                    Items = [new SubscriptionSchedulePhaseItemOptions { Price = monthly.Id, Quantity = 1 }],
                },
                new SubscriptionSchedulePhaseOptions { Items = [new SubscriptionSchedulePhaseItemOptions { Price = cheaper.Id, Quantity = 1 }], Duration = new SubscriptionSchedulePhaseDurationOptions { Interval = "month", IntervalCount = 1 } },
            ],
        });
        var upcoming = await Stripe.V1.Invoices.CreatePreviewAsync(new InvoiceCreatePreviewOptions { Subscription = subscription.Id });
        await clocked.AdvanceAsync(Stripe, periodEnd.AddHours(2));
        var switched = await Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        await clocked.AdvanceAsync(Stripe, periodEnd.AddMonths(1).AddHours(2));
        var released = await Stripe.V1.SubscriptionSchedules.GetAsync(schedule.Id);
        var after = await Stripe.V1.Subscriptions.GetAsync(subscription.Id);

        Assert.Equal(schedule.Id, attached.ScheduleId);
        Assert.Equal((subscription.Items.Data[0].CurrentPeriodStart, periodEnd), (phase.StartDate, phase.EndDate));
        Assert.Equal(2, schedule.Phases.Count);
        Assert.Equal(800, Assert.Single(upcoming.Lines.Data).Amount);
        Assert.Equal(cheaper.Id, switched.Items.Data[0].Price.Id);
        Assert.Equal((periodEnd, periodEnd.AddMonths(1)), (switched.Items.Data[0].CurrentPeriodStart, switched.Items.Data[0].CurrentPeriodEnd));
        Assert.Equal((800L, "paid"), (switched.LatestInvoice.AmountPaid, switched.LatestInvoice.Status));
        Assert.Equal(("released", subscription.Id), (released.Status, released.ReleasedSubscription));
        Assert.Null(after.ScheduleId);
        Assert.Equal((cheaper.Id, "active"), (after.Items.Data[0].Price.Id, after.Status));
        var types = _emulator.Server.EventTypesFor(schedule.Id);
        Assert.Equal(["subscription_schedule.created", "subscription_schedule.updated", "subscription_schedule.updated", "subscription_schedule.released"], types);
    }

    [Theory]
    [InlineData("void", "void")]
    [InlineData("mark_uncollectible", "uncollectible")]
    [InlineData("keep_as_draft", "draft")]
    public async Task While_collection_is_paused_renewals_are_not_charged_and_it_resumes_by_itself(string behavior, string invoiceStatus)
    {
        var clocked = await Clocked.StartAsync(Stripe);
        var price = await Stripe.MonthlyPriceAsync(amount: 1000);
        var subscription = await Stripe.SubscribeAsync(clocked.Customer.Id, price.Id);
        var firstEnd = subscription.Items.Data[0].CurrentPeriodEnd;

        var paused = await Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            PauseCollection = new SubscriptionPauseCollectionOptions { Behavior = behavior, ResumesAt = firstEnd.AddDays(20) },
        });
        await clocked.AdvanceAsync(Stripe, firstEnd.AddHours(2));
        var duringPause = await Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        var chargesDuringPause = await Stripe.V1.Charges.ListAsync(new ChargeListOptions { Customer = clocked.Customer.Id });
        await clocked.AdvanceAsync(Stripe, firstEnd.AddMonths(1).AddHours(2));
        var resumed = await Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });

        Assert.Equal(behavior, paused.PauseCollection.Behavior);
        Assert.Equal(("active", invoiceStatus, 0L), (duringPause.Status, duringPause.LatestInvoice.Status, duringPause.LatestInvoice.AmountPaid));
        Assert.Single(chargesDuringPause);
        Assert.Null(resumed.PauseCollection);
        Assert.Equal(("paid", 1000L), (resumed.LatestInvoice.Status, resumed.LatestInvoice.AmountPaid));
        var pauseEvents = (await _emulator.DeliveredAsync()).Where(e => e.Type == "customer.subscription.updated" && e.Data.PreviousAttributes?.pause_collection is not null);
        Assert.Equal(2, pauseEvents.Count());
    }
}
