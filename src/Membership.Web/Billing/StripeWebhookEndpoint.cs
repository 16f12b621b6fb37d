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

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(body, signature, options.Value.WebhookSecret,
                ToleranceSeconds, time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // StripeException covers a wrong or stale signature and an API version from another release train;
            // anything else means the body is not an event at all. None of it is stored.
            logger.LogWarning("Rejected a Stripe webhook: {Reason}", e.GetType().Name == nameof(StripeException) ? e.Message : "malformed event");
            return Reject(e is StripeException ? e.Message : "The body is not a Stripe event.");
        }

        if (string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type))
            return Reject("The event has no id or type.");

        await inbox.StoreAsync(stripeEvent, body, cancellationToken);
        return TypedResults.Ok();
    }

    private static ProblemHttpResult Reject(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Webhook rejected");
}
