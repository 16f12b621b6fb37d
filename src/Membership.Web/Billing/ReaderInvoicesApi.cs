using Membership.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Billing;

/// <summary><c>GET /api/v1/me/invoices</c>: the signed-in reader's invoices.</summary>
public static class ReaderInvoicesApi
{
    public static IEndpointRouteBuilder MapReaderInvoicesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me/invoices", ListAsync).RequireAuthorization().WithTags("Billing")
            .WithSummary("The reader's Stripe invoices, newest first: number, date, amount, currency, status and Stripe's hosted invoice page.");
        return app;
    }

    private static async Task<Ok<ReaderInvoicesResponse>> ListAsync(HttpContext http, ReaderInvoices invoices, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ReaderInvoicesResponse(await invoices.ListAsync(http.User.ReaderId()!.Value, cancellationToken)));
}
