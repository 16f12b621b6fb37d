using System.Text;
using Membership.Web.Hosting;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.Billing;

public static class StripeWebhookEndpoint
{
    /// <summary>Stripe's own tolerance: a signature older than five minutes is a replay.</summary>
    private const long ToleranceSeconds = 300;

    /// <summary>
    /// Stripe's largest events (an invoice with its first lines, each with 50 metadata keys of 500 characters)
    /// stay well under half of this; a larger body is refused before it is read, and an event ever refused would
    /// still be repaired by the scheduled sync.
    /// </summary>
    public const long BodyLimit = 1024 * 1024;

    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/stripe", ReceiveAsync)
            .WithTags("Stripe")
            .WithSummary("Stripe webhook: verified, stored in the inbox, then processed in the background.")
            .DisableAntiforgery()
            // Any signed event is stored as received, whatever text it holds (see StripeEventInbox.StoreAsync).
            .WithRawBody()
            .WithBodyLimit(BodyLimit);
        return app;
    }

    private static async Task<Results<Ok, ProblemHttpResult, EmptyHttpResult>> ReceiveAsync(
        HttpContext http, HttpRequest request, IOptions<StripeOptions> options, StripeEventInbox inbox, TimeProvider time,
        ILogger<StripeEventInbox> logger, CancellationToken cancellationToken)
    {
        string body;
        await using (var received = await RequestBodies.ReadAsync(http, BodyLimit))
        {
            if (received is null)
                return TypedResults.Empty; // answered already: too large
            // Bytes that are not UTF-8 become U+FFFD here, so their signature no longer matches: refused below.
            body = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
        }
        var signature = request.Headers["Stripe-Signature"].ToString();
        if (string.IsNullOrEmpty(signature))
            return Reject("The Stripe-Signature header is missing.");

        try
        {
            EventUtility.ValidateSignature(body, signature, options.Value.WebhookSecret, ToleranceSeconds, time.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A wrong, stale or unreadable signature. Nothing is stored.
            var reason = e is StripeException ? e.Message : "The Stripe-Signature header is malformed.";
            logger.LogWarning("Rejected a Stripe webhook: {Reason}", reason);
            return Reject(reason);
        }

        // Any API version is taken: the handlers read ids only and re-read the objects from Stripe.
        var (envelope, problem) = StripeEventEnvelope.Parse(body);
        if (envelope is null)
        {
            logger.LogWarning("Rejected a Stripe webhook: {Reason}", problem);
            return Reject(problem!);
        }

        await inbox.StoreAsync(envelope, body, cancellationToken);
        return TypedResults.Ok();
    }

    private static ProblemHttpResult Reject(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Webhook rejected");
}
