using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Payments;

/// <summary>Read access to charges, payment intents and payment methods, and attaching a payment method.</summary>
internal static class PaymentsApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/charges/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.Charges.Get(id).Render(s)));
        v1.MapGet("/charges", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => ListCharges(s, r)));
        v1.MapGet("/payment_intents/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.PaymentIntents.Get(id).Render(s)));
        v1.MapGet("/payment_methods/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.PaymentMethods.Get(id).Render(s)));
        v1.MapGet("/payment_methods", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => ListPaymentMethods(s, r, r.Params.RequiredString("customer"))));
        v1.MapGet("/customers/{id}/payment_methods", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => ListPaymentMethods(s, r, id)));
        v1.MapPost("/payment_methods/{id}/attach", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Attach(s, r, id)));
        v1.MapGet("/setup_intents/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.SetupIntents.Get(id).Render(s)));
        v1.MapGet("/invoice_payments/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.InvoicePayments.Get(id).Render(s)));
    }

    private static JsonObject ListCharges(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("customer", "payment_intent", "created", "limit", "starting_after", "ending_before", "expand");
        var customer = p.String("customer");
        var intent = p.String("payment_intent");
        var charges = state.Charges.NewestFirst().Where(c => (customer is null || c.Customer == customer) && (intent is null || c.PaymentIntent == intent));
        return ListPage.Render(state, CreatedFilter.Apply(charges, p), p, "/v1/charges");
    }

    private static JsonObject ListPaymentMethods(EmulatorState state, StripeRequest request, string customerId)
    {
        var p = request.Params;
        p.AllowOnly("customer", "type", "limit", "starting_after", "ending_before", "expand", "allow_redisplay");
        CustomersApi.Live(state, customerId, "customer");
        var methods = state.PaymentMethods.NewestFirst().Where(m => m.Customer == customerId);
        return ListPage.Render(state, methods, p, "/v1/payment_methods");
    }

    private static JsonObject Attach(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly("customer", "expand");
        var customer = CustomersApi.Live(state, p.RequiredString("customer"), "customer");
        return PaymentMethods.Resolve(state, id, customer, request.Cause, "payment_method").Render(state);
    }
}
