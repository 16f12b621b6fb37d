using System.Globalization;

namespace Membership.Web.Accounts;

/// <summary>
/// Identity's login answers a held-back sign-in as it would a locked account (401 "LockedOut"). It is a
/// wait, not a verdict on the account: a 429 problem with Retry-After, the same for every address.
/// </summary>
public sealed class HeldBackSignInAnswer : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (context.HttpContext.Features.Get<SignInHeldBack>() is not { } heldBack)
            return result;
        context.HttpContext.Response.Headers.RetryAfter = heldBack.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(heldBack.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins");
    }
}
