using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.Billing;

public static class StripeWebhookEndpoint
{
    /// <summary>Stripe's own tolerance: a signature older than five minutes is a replay.</summary>
    private const long ToleranceSeconds = 300;

    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/stripe", ReceiveAsync)
            .WithTags("Stripe")
            .WithSummary("Stripe webhook: verified, stored in the inbox, then processed in the background.")
            .DisableAntiforgery();
        return app;
    }

    private static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, IOptions<StripeOptions> options, StripeEventInbox inbox, TimeProvider time,
        ILogger<StripeEventInbox> logger, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
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
