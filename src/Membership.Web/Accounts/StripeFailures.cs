using Stripe;

namespace Membership.Web.Accounts;

public static class StripeFailures
{
    /// <summary>Stripe said no, or could not be reached (refused, timed out): the page says so and changes nothing.</summary>
    public static bool IsStripeFailure(this Exception e, CancellationToken requestAborted) =>
        e is StripeException or HttpRequestException
        || (e is OperationCanceledException && !requestAborted.IsCancellationRequested);
}
