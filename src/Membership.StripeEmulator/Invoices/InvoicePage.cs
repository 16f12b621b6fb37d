namespace Membership.StripeEmulator.Invoices;

/// <summary>The page behind an invoice's <c>hosted_invoice_url</c>: what it is for, what it costs, whether it is paid.</summary>
internal static class InvoicePage
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/i/{id}", (string id, EmulatorState state) =>
    {
        lock (state.Gate)
        {
            var invoice = state.Invoices.Find(id);
            if (invoice is null || invoice.Status == "draft")
                return HostedPage.Html("Invoice not found", "<p role=\"alert\">This invoice link is not valid.</p>", StatusCodes.Status404NotFound);
            var lines = string.Concat(invoice.Lines.Select(l => $"<li>{HostedPage.Encode(l.Description)}: {HostedPage.Money(l.Amount, invoice.Currency)}</li>"));
            var status = invoice.Status == "paid" && invoice.PaidAt is { } paidAt ? $"Paid on {HostedPage.Date(paidAt)}" : $"Status: {invoice.Status}";
            return HostedPage.Html($"Invoice {invoice.Number}",
                $"<ul>{lines}</ul><p>Total: {HostedPage.Money(invoice.Total, invoice.Currency)}</p><p><a href=\"/i/{HostedPage.Encode(invoice.Id)}/pdf\">Download PDF</a></p><p>{HostedPage.Encode(status)}</p>");
        }
    });
}
