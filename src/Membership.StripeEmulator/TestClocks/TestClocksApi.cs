using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.TestClocks;

internal static class TestClocksApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/test_helpers/test_clocks", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));
        v1.MapGet("/test_helpers/test_clocks", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => ListPage.Render(s, s.TestClocks.NewestFirst(), r.Params, "/v1/test_helpers/test_clocks")));
        v1.MapGet("/test_helpers/test_clocks/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.TestClocks.Get(id).Render(s)));
        v1.MapPost("/test_helpers/test_clocks/{id}/advance", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Advance(s, r, id)));
        v1.MapDelete("/test_helpers/test_clocks/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Delete(s, r, id)));
    }

    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("frozen_time", "name", "expand");
        var frozenTime = p.Long("frozen_time") ?? throw StripeErrorException.Missing("frozen_time");
        var now = state.WallNow();
        var clock = state.TestClocks.Add(new TestClock
        {
            Id = Ids.New("clock_1"),
            Created = now,
            FrozenTime = frozenTime,
            Name = p.String("name"),
            DeletesAfter = now + (30 * 86400),
        });
        state.Emit("test_helpers.test_clock.created", clock, request.Cause);
        return clock.Render(state);
    }

    /// <summary>
    /// Moves the clock forward and runs all billing on the way (renewals, retries, cancellations). Stripe answers
    /// with <c>status=advancing</c> and finishes in the background; here the work is done before the answer, so
    /// the clock is already <c>ready</c> when the caller first polls it.
    /// </summary>
    private static JsonObject Advance(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly("frozen_time", "expand");
        var clock = state.TestClocks.Get(id);
        var target = p.Long("frozen_time") ?? throw StripeErrorException.Missing("frozen_time");
        // A long advance lets other requests in between its steps (as Stripe serves them while a clock advances).
        if (clock.Status == "advancing")
            throw StripeErrorException.Invalid("frozen_time", "The test clock is already advancing; wait until its status is ready.");
        if (target <= clock.FrozenTime)
            throw StripeErrorException.Invalid("frozen_time", "The frozen_time must be after the test clock's current frozen time.");
        var limit = AdvanceLimit(state, clock);
        if (target > limit)
        {
            throw StripeErrorException.Invalid("frozen_time",
                $"Cannot advance the test clock to {target}: a clock may move at most two intervals of its shortest subscription (here up to {limit}).");
        }

        clock.Status = "advancing";
        clock.AdvancingTo = target;
        var answer = clock.Render(state);
        state.Emit("test_helpers.test_clock.advancing", clock, request.Cause);
        BillingScheduler.RunDue(state, clock, target);
        clock.FrozenTime = target;
        clock.Status = "ready";
        clock.AdvancingTo = null;
        state.Emit("test_helpers.test_clock.ready", clock, EventCause.Automatic);
        return answer;
    }

    private static long AdvanceLimit(EmulatorState state, TestClock clock)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(clock.FrozenTime);
        var limits = state.Subscriptions.All.Where(s => s.TestClock == clock.Id && !s.IsEnded)
            .SelectMany(s => s.Items)
            .Select(i => state.Prices.Get(i.Price).AddIntervals(from, 2).ToUnixTimeSeconds())
            .ToList();
        return limits.Count == 0 ? from.AddYears(2).ToUnixTimeSeconds() : limits.Min();
    }

    private static JsonObject Delete(EmulatorState state, StripeRequest request, string id)
    {
        var clock = state.TestClocks.Get(id);
        foreach (var customer in state.Customers.All.Where(c => c.TestClock == id && !c.Deleted).OrderBy(c => c.Sequence).ToList())
            CustomersApi.DeleteCustomer(state, customer, request.Cause);
        state.Emit("test_helpers.test_clock.deleted", clock, request.Cause);
        state.TestClocks.Remove(id);
        return Api.Deleted(id, "test_helpers.test_clock");
    }
}
