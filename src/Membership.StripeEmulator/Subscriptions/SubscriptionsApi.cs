using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Subscriptions;

internal static class SubscriptionsApi
{
    private static readonly string[] Statuses = ["active", "past_due", "unpaid", "canceled", "incomplete", "incomplete_expired", "trialing", "paused", "all", "ended"];

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/subscriptions", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => SubscriptionCreation.Create(s, r)));
        v1.MapGet("/subscriptions", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/subscriptions/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.Subscriptions.Get(id).Render(s)));
        v1.MapPost("/subscriptions/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => SubscriptionUpdate.Update(s, r, id)));
        v1.MapDelete("/subscriptions/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Cancel(s, r, id)));
    }

    /// <summary>Immediate cancellation: only <c>customer.subscription.deleted</c>.</summary>
    private static JsonObject Cancel(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly("invoice_now", "prorate", "cancellation_details", "expand");
        var subscription = state.Subscriptions.Get(id);
        if (subscription.IsEnded)
            throw StripeErrorException.Request($"This subscription has already been canceled: {subscription.Id}.");
        var details = p.Object("cancellation_details");
        details?.AllowOnly("comment", "feedback");
        SubscriptionLifecycle.CancelNow(state, subscription, request.Cause, "cancellation_requested", details?.String("feedback"), details?.String("comment"));
        return subscription.Render(state);
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("customer", "price", "status", "test_clock", "created", "collection_method", "limit", "starting_after", "ending_before", "expand");
        var customer = p.String("customer");
        var price = p.String("price");
        var clock = p.String("test_clock");
        var status = p.String("status");
        if (status is not null && !Statuses.Contains(status))
            throw StripeErrorException.Invalid("status", $"Invalid status: must be one of {string.Join(", ", Statuses)}");
        // Without a status filter Stripe lists the subscriptions that have not been canceled.
        var subscriptions = state.Subscriptions.NewestFirst().Where(s =>
            (customer is null || s.Customer == customer)
            && (price is null || s.Items.Any(i => i.Price == price))
            && (clock is null || s.TestClock == clock)
            && status switch
            {
                null => s.Status != "canceled",
                "all" => true,
                "ended" => s.IsEnded,
                _ => s.Status == status,
            });
        return ListPage.Render(state, CreatedFilter.Apply(subscriptions, p), p, "/v1/subscriptions");
    }
}
