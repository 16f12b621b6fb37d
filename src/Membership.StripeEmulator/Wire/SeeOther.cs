namespace Membership.StripeEmulator.Wire;

/// <summary>303 See Other: after a POST the browser follows with a GET, as Stripe's Checkout redirects do.</summary>
internal sealed class SeeOther(string location) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
