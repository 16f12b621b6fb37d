using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;

namespace Membership.Web.Accounts;

/// <summary>
/// Identity's register endpoint answers DuplicateEmail for an address that has an account, which tells
/// anyone which addresses are readers. This filter answers exactly as for a new address instead and
/// mails the owner a notice, so only the owner of the mailbox learns that the account exists.
/// </summary>
public sealed class RegistrationWithoutEnumeration(AccountMail mail) : IEndpointFilter
{
    private static readonly HashSet<string> RevealingCodes = [nameof(IdentityErrorDescriber.DuplicateEmail), nameof(IdentityErrorDescriber.DuplicateUserName)];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (result is not INestedHttpResult { Result: ValidationProblem problem }
            || !problem.ProblemDetails.Errors.Keys.Any(RevealingCodes.Contains)
            || context.Arguments.OfType<RegisterRequest>().FirstOrDefault() is not { } request)
            return result;

        var otherErrors = problem.ProblemDetails.Errors.Where(e => !RevealingCodes.Contains(e.Key)).ToDictionary();
        if (otherErrors.Count > 0)
            return TypedResults.ValidationProblem(otherErrors);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<Reader>>();
        if (await users.FindByEmailAsync(request.Email) is { Email: { } ownerAddress })
            mail.RegistrationAttempt(ownerAddress);
        return TypedResults.Ok();
    }
}
