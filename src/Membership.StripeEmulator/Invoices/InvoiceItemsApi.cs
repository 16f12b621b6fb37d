using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Invoices;

/// <summary>Reading invoice items (the emulator makes them only as prorations).</summary>
internal static class InvoiceItemsApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/invoiceitems", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/invoiceitems/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.InvoiceItems.Get(id).Render(s)));
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("customer", "invoice", "pending", "created", "limit", "starting_after", "ending_before", "expand");
        var customer = p.String("customer");
        var invoice = p.String("invoice");
        var pending = p.Bool("pending");
        var items = state.InvoiceItems.NewestFirst().Where(i => (customer is null || i.Customer == customer)
            && (invoice is null || i.Invoice == invoice) && (pending is null || (i.Invoice is null) == pending));
        return ListPage.Render(state, CreatedFilter.Apply(items, p), p, "/v1/invoiceitems");
    }
}
