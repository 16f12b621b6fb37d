using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Schedules;

/// <summary><c>POST /v1/subscription_schedules/:id</c>: the phases (each starting where the last one ends) and the end behaviour.</summary>
internal static class SchedulePhases
{
    public static string EndBehavior(string value) => value is "release" or "cancel"
        ? value
        : throw StripeErrorException.Invalid("end_behavior", "Invalid end_behavior: must be one of release or cancel");

    public static JsonObject Update(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly("phases", "end_behavior", "metadata", "proration_behavior", "default_settings", "expand");
        var schedule = SubscriptionSchedulesApi.Live(state, id);
        var subscription = state.Subscriptions.Get(schedule.Subscription!);
        var before = schedule.Render(state);
        if (p.ObjectList("phases") is { Count: > 0 } phases)
            schedule.Phases = Read(state, schedule, subscription, phases);
        if (p.String("end_behavior") is { Length: > 0 } endBehavior)
            schedule.EndBehavior = EndBehavior(endBehavior);
        schedule.Metadata = MetadataUpdate.Apply(schedule.Metadata, p.Metadata());
        state.EmitIfChanged("subscription_schedule.updated", schedule, before, request.Cause);
        return schedule.Render(state);
    }

    private static List<SchedulePhase> Read(EmulatorState state, SubscriptionSchedule schedule, Subscription subscription, IReadOnlyList<StripeParams> phases)
    {
        var now = state.Now(schedule.TestClock);
        var current = schedule.PhaseAt(now) ?? schedule.Phases[^1];
        var result = new List<SchedulePhase>();
        long? start = null;
        foreach (var phase in phases)
        {
            phase.AllowOnly("items", "start_date", "end_date", "duration", "proration_behavior", "metadata", "billing_cycle_anchor", "discounts", "trial_end");
            var items = phase.ObjectList("items").Select(i =>
            {
                i.AllowOnly("price", "quantity", "metadata", "tax_rates", "discounts");
                var price = state.Prices.Get(i.RequiredString("price"), i.PathOf("price"));
                if (!price.IsRecurring || price.Currency != schedule.Currency)
                    throw StripeErrorException.Invalid(i.PathOf("price"), "The price must be recurring and in the schedule's currency.");
                return new PhaseItem(price.Id, i.Long("quantity") ?? 1);
            }).ToList();
            if (items.Count == 0)
                throw StripeErrorException.Missing(phase.PathOf("items"));
            var phaseStart = phase.String("start_date") switch
            {
                null or "" => start ?? current.StartDate,
                "now" => now,
                _ => phase.Long("start_date")!.Value,
            };
            if (start is null && phaseStart != current.StartDate)
                throw StripeErrorException.Invalid(phase.PathOf("start_date"), "The first phase must start when the current phase started: you cannot change the past.");
            if (start is not null && phaseStart != start)
                throw StripeErrorException.Invalid(phase.PathOf("start_date"), "Each phase must start when the previous one ends.");
            if (start is null && !items.SequenceEqual(subscription.Items.Select(i => new PhaseItem(i.Price, i.Quantity))))
                throw StripeErrorException.Invalid(phase.PathOf("items"), "The Stripe emulator changes prices at renewals: the current phase keeps the subscription's items.");
            var end = phase.Long("end_date") ?? End(state, phase, items, phaseStart);
            if (end <= phaseStart)
                throw StripeErrorException.Invalid(phase.PathOf("end_date"), "The phase must end after it starts.");
            result.Add(new SchedulePhase(phaseStart, end, items, ChangeBilling.Behaviour(phase)));
            start = end;
        }
        return result;
    }

    /// <summary>Without an end date: <c>duration</c> (interval and count) from the start, or one period of the phase's price.</summary>
    private static long End(EmulatorState state, StripeParams phase, List<PhaseItem> items, long start)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(start);
        if (phase.Object("duration") is not { } duration)
            return state.Prices.Get(items[0].Price).AddIntervals(from, 1).ToUnixTimeSeconds();
        duration.AllowOnly("interval", "interval_count");
        var count = (int)(duration.Long("interval_count") ?? 1);
        return (duration.RequiredString("interval") switch
        {
            "day" => from.AddDays(count),
            "week" => from.AddDays(7 * count),
            "month" => from.AddMonths(count),
            "year" => from.AddYears(count),
            _ => throw StripeErrorException.Invalid(duration.PathOf("interval"), "Invalid interval: must be one of day, week, month, or year"),
        }).ToUnixTimeSeconds();
    }
}
