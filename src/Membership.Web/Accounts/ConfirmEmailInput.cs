namespace Membership.Web.Accounts;

/// <summary>
/// Identity's confirmEmail endpoint turns userId into the key type and throws (a 500) when it is not
/// one. A reader id is a GUID, so anything else is the link's fault: a 400 problem naming userId.
/// </summary>
public sealed class ConfirmEmailInput : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Guid.TryParse(context.HttpContext.Request.Query["userId"], out _)
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["userId"] = ["userId is not a reader id: the confirmation link has been cut short or changed."] }));
}
