using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Schedules;

/// <summary>
/// Subscription schedules made <c>from_subscription</c>: the current phase is the subscription's current period; phases
/// added after it take effect at the renewal where they start (a new price from the next period on, say).
/// </summary>
internal static class SubscriptionSchedulesApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/subscription_schedules", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));
        v1.MapGet("/subscription_schedules", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/subscription_schedules/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.SubscriptionSchedules.Get(id).Render(s)));
        v1.MapPost("/subscription_schedules/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => SchedulePhases.Update(s, r, id)));
        v1.MapPost("/subscription_schedules/{id}/release", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Release(s, r, id)));
        v1.MapPost("/subscription_schedules/{id}/cancel", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Cancel(s, r, id)));
    }

    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("from_subscription", "customer", "phases", "end_behavior", "start_date", "metadata", "expand");
        var from = p.String("from_subscription");
        if (string.IsNullOrEmpty(from))
            throw StripeErrorException.Invalid("from_subscription", "The Stripe emulator makes schedules from an existing subscription only: pass from_subscription.");
        if (p.Has("phases") || p.Has("customer") || p.Has("start_date"))
            throw StripeErrorException.Request("You cannot set `phases`, `customer` or `start_date` when `from_subscription` is set.");
        var subscription = state.Subscriptions.Get(from, "from_subscription");
        if (subscription.IsEnded)
            throw StripeErrorException.Invalid("from_subscription", $"The subscription {subscription.Id} has been canceled.");
        if (subscription.Schedule is not null)
            throw StripeErrorException.Invalid("from_subscription", $"The subscription {subscription.Id} is already attached to a schedule ({subscription.Schedule}).");

        var schedule = state.SubscriptionSchedules.Add(new SubscriptionSchedule
        {
            Id = Ids.New("sub_sched_1"),
            Created = state.Now(subscription.TestClock),
            Customer = subscription.Customer,
            Currency = subscription.Currency,
            Subscription = subscription.Id,
            TestClock = subscription.TestClock,
            Metadata = MetadataUpdate.Apply([], p.Metadata()),
            Phases = [new SchedulePhase(subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd,
                [.. subscription.Items.Select(i => new PhaseItem(i.Price, i.Quantity))], "create_prorations")],
        });
        if (p.String("end_behavior") is { Length: > 0 } endBehavior)
            schedule.EndBehavior = SchedulePhases.EndBehavior(endBehavior);
        var before = subscription.Render(state);
        subscription.Schedule = schedule.Id;
        state.Emit("subscription_schedule.created", schedule, request.Cause);
        state.EmitIfChanged("customer.subscription.updated", subscription, before, request.Cause);
        return schedule.Render(state);
    }

    private static JsonObject Release(EmulatorState state, StripeRequest request, string id)
    {
        request.Params.AllowOnly("preserve_cancel_date", "expand");
        var schedule = Live(state, id);
        ScheduleLifecycle.Release(state, schedule, request.Cause);
        return schedule.Render(state);
    }

    private static JsonObject Cancel(EmulatorState state, StripeRequest request, string id)
    {
        request.Params.AllowOnly("invoice_now", "prorate", "expand");
        var schedule = Live(state, id);
        schedule.Status = "canceled";
        schedule.CanceledAt = state.Now(schedule.TestClock);
        if (state.Subscriptions.Find(schedule.Subscription) is { IsEnded: false } subscription)
            SubscriptionLifecycle.CancelNow(state, subscription, request.Cause, "cancellation_requested");
        state.Emit("subscription_schedule.canceled", schedule, request.Cause);
        return schedule.Render(state);
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("customer", "created", "limit", "starting_after", "ending_before", "expand", "scheduled", "canceled_at", "completed_at", "released_at");
        var customer = p.String("customer");
        var schedules = state.SubscriptionSchedules.NewestFirst().Where(s => customer is null || s.Customer == customer);
        return ListPage.Render(state, CreatedFilter.Apply(schedules, p), p, "/v1/subscription_schedules");
    }

    public static SubscriptionSchedule Live(EmulatorState state, string id)
    {
        var schedule = state.SubscriptionSchedules.Get(id);
        return schedule.IsLive
            ? schedule
            : throw StripeErrorException.Request($"You cannot update a subscription schedule that is currently in the `{schedule.Status}` status. It must be in `not_started` or `active` status.");
    }
}
