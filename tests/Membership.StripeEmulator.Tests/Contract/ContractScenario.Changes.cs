using Stripe.TestHelpers;

namespace Membership.StripeEmulator.Tests.Contract;

public sealed partial class ContractScenario
{
    /// <summary>Plan switches (prorations, previews, schedules), coupons, paused collection and a prorated cancel, on a test clock.</summary>
    private async Task ChangesAsync()
    {
        var clock = await stripe.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = ClockStart });
        var monthly = await stripe.MonthlyPriceAsync(amount: 1000);
        var dearer = await stripe.MonthlyPriceAsync(amount: 1500);
        var yearly = await stripe.MonthlyPriceAsync(amount: 10000, interval: "year");
        var customer = await stripe.CustomerAsync(testClock: clock.Id, paymentMethod: "pm_card_visa");
        var subscription = await stripe.SubscribeAsync(customer.Id, monthly.Id);
        var item = subscription.Items.Data[0].Id;
        await stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = ClockStart.AddDays(10) });

        await stripe.V1.Invoices.CreatePreviewAsync(new InvoiceCreatePreviewOptions
        {
            Subscription = subscription.Id,
            SubscriptionDetails = new InvoiceSubscriptionDetailsOptions { Items = [new InvoiceSubscriptionDetailsItemOptions { Id = item, Price = yearly.Id }] },
        });
        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { Items = [new SubscriptionItemOptions { Id = item, Price = dearer.Id }] });
        await stripe.V1.InvoiceItems.ListAsync(new InvoiceItemListOptions { Customer = customer.Id, Pending = true });
        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = item, Price = monthly.Id }],
            ProrationBehavior = "always_invoice",
        });
        var coupon = await stripe.V1.Coupons.CreateAsync(new CouponCreateOptions { PercentOff = 25, Duration = "repeating", DurationInMonths = 3 });
        var fixedOff = await stripe.V1.Coupons.CreateAsync(new CouponCreateOptions { AmountOff = 200, Currency = "usd", Duration = "once", Name = "Welcome back" });
        await stripe.V1.Coupons.UpdateAsync(fixedOff.Id, new CouponUpdateOptions { Metadata = new() { ["campaign"] = "winback" } });
        await stripe.V1.Coupons.ListAsync();
        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Discounts = [new SubscriptionDiscountOptions { Coupon = coupon.Id }, new SubscriptionDiscountOptions { Coupon = fixedOff.Id }],
            Expand = ["discounts"],
        });
        await stripe.V1.Invoices.CreatePreviewAsync(new InvoiceCreatePreviewOptions { Subscription = subscription.Id });
        await stripe.V1.Coupons.DeleteAsync(fixedOff.Id);

        var schedule = await stripe.V1.SubscriptionSchedules.CreateAsync(new SubscriptionScheduleCreateOptions { FromSubscription = subscription.Id });
        await stripe.V1.SubscriptionSchedules.UpdateAsync(schedule.Id, new SubscriptionScheduleUpdateOptions
        {
            Phases =
            [
                new SubscriptionSchedulePhaseOptions
                {
                    StartDate = schedule.Phases[0].StartDate, EndDate = schedule.Phases[0].EndDate,
                    Items = [new SubscriptionSchedulePhaseItemOptions { Price = monthly.Id }],
                },
                new SubscriptionSchedulePhaseOptions { Items = [new SubscriptionSchedulePhaseItemOptions { Price = dearer.Id }] },
            ],
        });
        await stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = ClockStart.AddMonths(1).AddHours(2) });
        await stripe.V1.SubscriptionSchedules.ListAsync(new SubscriptionScheduleListOptions { Customer = customer.Id });
        await stripe.V1.SubscriptionSchedules.ReleaseAsync(schedule.Id);

        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            PauseCollection = new SubscriptionPauseCollectionOptions { Behavior = "mark_uncollectible", ResumesAt = ClockStart.AddMonths(2).AddDays(5) },
        });
        await stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = ClockStart.AddMonths(2).AddDays(10) });
        await stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice", "discounts"] });
        await stripe.V1.Subscriptions.CancelAsync(subscription.Id, new SubscriptionCancelOptions { Prorate = true, InvoiceNow = true });
        await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id, Limit = 20 });
        await stripe.V1.Customers.GetAsync(customer.Id);
    }
}
