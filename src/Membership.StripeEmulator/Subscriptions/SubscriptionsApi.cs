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

    /// <summary>
    /// Immediate cancellation: <c>customer.subscription.deleted</c>. With <c>prorate</c>, a credit for the unused time
    /// (a proration invoice item); with <c>invoice_now</c>, a final invoice of what is pending, whose credit goes to the
    /// customer's balance.
    /// </summary>
    private static JsonObject Cancel(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly("invoice_now", "prorate", "cancellation_details", "expand");
        var subscription = state.Subscriptions.Get(id);
        if (subscription.IsEnded)
            throw StripeErrorException.Request($"This subscription has already been canceled: {subscription.Id}.");
        var details = p.Object("cancellation_details");
        details?.AllowOnly("comment", "feedback");
        var now = state.Now(subscription.TestClock);
        if (p.Bool("prorate") == true && subscription.Status != "trialing")
        {
            var unused = subscription.Items.Select(i => new ItemChange(i.Id, state.Prices.Get(i.Price), i.Quantity, null, 0)).ToList();
            foreach (var credit in PlanChange.Prorations(state, subscription, unused, now))
            {
                state.InvoiceItems.Add(credit);
                state.Emit("invoiceitem.created", credit, request.Cause);
            }
        }
        SubscriptionLifecycle.CancelNow(state, subscription, request.Cause, "cancellation_requested", details?.String("feedback"), details?.String("comment"));
        if (p.Bool("invoice_now") == true && state.InvoiceItems.All.Any(i => i.Subscription == subscription.Id && i.Invoice is null))
        {
            var invoice = Invoicing.Draft(state, subscription, "subscription_update", now, now, trial: false, itemLines: false);
            subscription.LatestInvoice = invoice.Id;
            state.Emit("invoice.created", invoice, request.Cause);
            Invoicing.Finalize(state, invoice, request.Cause);
            Invoicing.Collect(state, invoice, request.Cause, automatic: false);
        }
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
        var subscriptions = state.Subscriptions.NewestFirst(s =>
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
