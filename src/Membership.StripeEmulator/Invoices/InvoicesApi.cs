using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Invoices;

internal static class InvoicesApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/invoices", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/invoices/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.Invoices.Get(id).Render(s)));
        v1.MapGet("/invoices/{id}/lines", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.Invoices.Get(id).Render(s)["lines"]!.DeepClone().AsObject()));
        v1.MapPost("/invoices/create_preview", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => InvoicePreview.Create(s, r)));
        v1.MapPost("/invoices/{id}/pay", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Pay(s, r, id)));
    }

    /// <summary><c>payments</c> is includable only: rendered on request (<c>expand[]=payments</c>).</summary>
    public static JsonObject Payments(EmulatorState state, string invoiceId) =>
        StripeJson.List($"/v1/invoices/{invoiceId}/payments",
            state.InvoicePayments.NewestFirst().Where(p => p.Invoice == invoiceId).Select(p => (JsonNode?)p.Render(state)));

    /// <summary>A manual attempt: a card error is answered with 402, as Stripe does.</summary>
    private static JsonObject Pay(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly("payment_method", "off_session", "paid_out_of_band", "forgive", "expand");
        var invoice = state.Invoices.Get(id);
        if (invoice.Status == "paid")
            throw new StripeErrorException(400, "invalid_request_error", "Invoice is already paid", "invoice_already_paid");
        if (invoice.Status is "void" or "uncollectible" or "draft")
            throw StripeErrorException.Request($"You can only pay an invoice whose status is open. This invoice's status is {invoice.Status}.");
        if (p.String("payment_method") is { Length: > 0 } methodId && state.Subscriptions.Find(invoice.Subscription) is { } subscription)
        {
            var customer = state.Customers.Get(invoice.Customer);
            var before = subscription.Render(state);
            subscription.DefaultPaymentMethod = PaymentMethods.Resolve(state, methodId, customer, request.Cause, "payment_method").Id;
            state.EmitIfChanged("customer.subscription.updated", subscription, before, request.Cause);
        }
        if (!Invoicing.Collect(state, invoice, request.Cause, automatic: false))
        {
            var intent = state.PaymentIntents.Find(invoice.PaymentIntent);
            var charge = state.Charges.Find(intent?.LatestCharge);
            throw charge is null
                ? StripeErrorException.Request("This customer has no attached payment source or default payment method.")
                : StripeErrorException.CardDeclined(charge.DeclineCode ?? "generic_decline", charge.FailureMessage ?? "Your card was declined.", charge.Id,
                    intent!.Render(state), state.PaymentMethods.Find(charge.PaymentMethod.Id)?.Render(state));
        }
        return invoice.Render(state);
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("customer", "subscription", "status", "collection_method", "created", "due_date", "limit", "starting_after", "ending_before", "expand");
        var customer = p.String("customer");
        var subscription = p.String("subscription");
        var status = p.String("status");
        var invoices = state.Invoices.NewestFirst().Where(i => (customer is null || i.Customer == customer)
            && (subscription is null || i.Subscription == subscription) && (status is null || i.Status == status));
        return ListPage.Render(state, CreatedFilter.Apply(invoices, p), p, "/v1/invoices");
    }
}
