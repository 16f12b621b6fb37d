namespace Membership.StripeEmulator.Schedules;

/// <summary>What a schedule does to its subscription at a renewal: start the next phase's items, or end as <c>end_behavior</c> says.</summary>
internal static class ScheduleLifecycle
{
    /// <summary>
    /// At the period boundary <paramref name="at"/>: answers false when the subscription has just been cancelled by its
    /// schedule (end_behavior=cancel), so no renewal follows.
    /// </summary>
    public static bool BeforeRenewal(EmulatorState state, Subscription subscription, long at)
    {
        if (state.SubscriptionSchedules.Find(subscription.Schedule) is not { IsLive: true } schedule)
            return true;
        if (schedule.PhaseAt(at) is not { } phase)
        {
            if (schedule.EndBehavior == "cancel")
            {
                schedule.Status = "completed";
                schedule.CompletedAt = at;
                SubscriptionLifecycle.CancelNow(state, subscription, EventCause.Automatic, "cancellation_requested");
                state.Emit("subscription_schedule.completed", schedule, EventCause.Automatic);
                return false;
            }
            Release(state, schedule, EventCause.Automatic);
            return true;
        }
        if (phase.Items.SequenceEqual(subscription.Items.Select(i => new PhaseItem(i.Price, i.Quantity))))
            return true;
        // The phase's items replace the subscription's, and the new period is counted from this boundary.
        var kept = subscription.Items.ToList();
        subscription.Items.Clear();
        for (var i = 0; i < phase.Items.Count; i++)
        {
            subscription.Items.Add(new SubscriptionItem
            {
                Id = i < kept.Count ? kept[i].Id : Ids.New("si_", 14),
                Created = i < kept.Count ? kept[i].Created : at,
                Price = phase.Items[i].Price,
                Quantity = phase.Items[i].Quantity,
                Metadata = i < kept.Count ? kept[i].Metadata : [],
                PeriodStart = subscription.CurrentPeriodStart,
                PeriodEnd = at,
            });
        }
        subscription.BillingCycleAnchor = at;
        subscription.Cycle = -1;
        state.Emit("subscription_schedule.updated", schedule, EventCause.Automatic);
        return true;
    }

    /// <summary>The subscription goes on by itself (<c>subscription_schedule.released</c>, then its own update).</summary>
    public static void Release(EmulatorState state, SubscriptionSchedule schedule, EventCause cause)
    {
        var subscription = state.Subscriptions.Find(schedule.Subscription);
        schedule.Status = "released";
        schedule.ReleasedAt = state.Now(schedule.TestClock);
        schedule.ReleasedSubscription = schedule.Subscription;
        schedule.Subscription = null;
        state.Emit("subscription_schedule.released", schedule, cause);
        if (subscription is not null)
        {
            var before = subscription.Render(state);
            subscription.Schedule = null;
            state.EmitIfChanged("customer.subscription.updated", subscription, before, cause);
        }
    }
}
