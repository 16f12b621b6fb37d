using System.Globalization;
using System.Text.RegularExpressions;
using Stripe;

namespace Membership.Web.StripeConnection;

/// <summary>
/// A Stripe call that failed, told apart the way the caller must answer it. <see cref="Transient"/>: Stripe
/// could not be reached, timed out, was busy (429, 409) or failed (5xx), which waiting heals: 503 with
/// Retry-After. Otherwise Stripe answered and refused (4xx): waiting changes nothing, so the answer says
/// so (502), and the error is logged with Stripe's request id, which is what Stripe's support asks for.
/// </summary>
public sealed partial record StripeFailure(bool Transient, int? StripeStatus, string? RequestId, string? Code, string? Param, string StripeMessage)
{
    public const int RetryAfterSeconds = 30;

    public int HttpStatus => Transient ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway;

    public string Title => Transient ? "Payment provider unavailable" : "Payment provider refused the request";

    /// <summary>For a reader: what happened, that <paramref name="unchanged"/> holds, and whether trying again helps.</summary>
    public string ReaderMessage(string unchanged = "nothing was changed") => Transient
        ? $"We could not reach our payment provider, so {unchanged}. Please try again in a few minutes."
        : $"Our payment provider turned this request down, so {unchanged}. Trying again will not help: we have logged the problem"
          + $"{(RequestId is null ? "" : $" (reference {RequestId})")} and will look into it, and you can contact us about it.";

    /// <summary>For an admin: Stripe's own words, the object or parameter it names, and its request id.</summary>
    public string AdminDetail => Transient
        ? "Stripe could not be reached or did not answer in time; nothing was changed. Try again in a few minutes."
        : string.Create(CultureInfo.InvariantCulture,
            $"Stripe refused the request (HTTP {StripeStatus}{(Code is null ? "" : $", {Code}")}{(Param is null ? "" : $", parameter '{Param}'")}): "
            + $"{StripeMessage} Nothing was changed, and retrying will not help until this is fixed.{(RequestId is null ? "" : $" Stripe request id: {RequestId}.")}");

    /// <summary>
    /// One line per failure: a refusal at error level (someone must act), an outage at warning. Stripe's
    /// message can quote the key it was given ("Invalid API Key provided: sk_test_...") and is scrubbed.
    /// </summary>
    public void Log(ILogger logger, string operation)
    {
        if (Transient)
            logger.LogWarning("Stripe was unreachable or unavailable for {Operation}: {Error}", operation, StripeMessage);
        else
            logger.LogError("Stripe refused {Operation}: HTTP {StripeStatus} {StripeCode} parameter {StripeParam}: {StripeError} (Stripe request id {StripeRequestId})",
                operation, StripeStatus, Code ?? "(none)", Param ?? "(none)", StripeMessage, RequestId ?? "(none)");
    }

    internal static string Scrub(string message) => SecretPattern().Replace(message.ReplaceLineEndings(" ").Trim(), "[redacted]");

    [GeneratedRegex(@"\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9*]*|\bwhsec_[A-Za-z0-9+/=]*")]
    private static partial Regex SecretPattern();
}

/// <summary>A wait in front of a Stripe call ran out (a reader's billing lease held by their other requests, each waiting on Stripe): answered as Stripe being unavailable.</summary>
public abstract class StripeWaitTimeoutException(string message) : TimeoutException(message);

public static class StripeFailures
{
    /// <summary>Stripe said no, or could not be reached (refused, timed out): the page says so and changes nothing.</summary>
    public static bool IsStripeFailure(this Exception e, CancellationToken requestAborted) => e.AsStripeFailure(requestAborted) is not null;

    /// <summary>Null when <paramref name="e"/> is not about Stripe, or when the caller itself went away.</summary>
    public static StripeFailure? AsStripeFailure(this Exception e, CancellationToken requestAborted) => e switch
    {
        StripeException stripe => new StripeFailure(IsTransient(stripe), (int)stripe.HttpStatusCode == 0 ? null : (int)stripe.HttpStatusCode,
            stripe.StripeResponse?.RequestId, stripe.StripeError?.Code, stripe.StripeError?.Param, StripeFailure.Scrub(stripe.StripeError?.Message ?? stripe.Message)),
        HttpRequestException http => new StripeFailure(true, null, null, null, null, StripeFailure.Scrub(http.Message)),
        // Stripe.net's HTTP timeout surfaces as a cancellation nobody asked for.
        OperationCanceledException when !requestAborted.IsCancellationRequested =>
            new StripeFailure(true, null, null, null, null, "the request timed out"),
        // A reader's billing lease stayed taken by their other requests, each waiting on Stripe (BillingLeases).
        StripeWaitTimeoutException => new StripeFailure(true, null, null, null, null, StripeFailure.Scrub(e.Message)),
        _ => null,
    };

    /// <summary>Stripe answered 404 <c>resource_missing</c>: the object (a price, a customer) does not exist for this key.</summary>
    public static bool IsResourceMissing(this StripeException e) => e.StripeError?.Code == "resource_missing";

    private static bool IsTransient(StripeException e) => (int)e.HttpStatusCode is 0 or 409 or 429 or >= 500;
}
