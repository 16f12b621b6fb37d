using System.Net;

namespace Membership.Web.StripeConnection;

/// <summary>Sends every GET to Stripe through <see cref="StripeReadBudget"/>, and pauses it on a 429.</summary>
public sealed class StripeReadBudgetHandler(StripeReadBudget budget) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
            await budget.WaitAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            budget.Pause(response.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero ? delta : TimeSpan.FromSeconds(1));
        return response;
    }
}
