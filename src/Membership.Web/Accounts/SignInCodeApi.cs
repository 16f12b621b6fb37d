using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Membership.Web.Accounts;

public sealed record SignInCodeRequest(string? Email, string? ReturnUrl = null);
public sealed record SignInCodeVerifyRequest(string? Email, string? Code);

/// <summary>"Email me a code": passwordless sign-in for apps and pages alike, beside Identity's own endpoints.</summary>
public static class SignInCodeApi
{
    public static IEndpointRouteBuilder MapSignInCodeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/account/code").WithTags("Account").AllowAnonymous();
        group.MapPost("/", SendAsync).WithBodyLimit(4 * 1024).WithSummary("Mail a six-digit sign-in code (and a link doing the same). 200 whether or not the address has an account.");
        group.MapPost("/verify", VerifyAsync).WithBodyLimit(4 * 1024).WithSummary("Sign in with a mailed code: a cookie with ?useCookies=true, else a bearer token.");
        return app;
    }

    private static async Task<Results<Ok, ValidationProblem>> SendAsync(
        SignInCodeRequest request, SignInCodes codes, ReturnUrls returnUrls, CancellationToken cancellationToken)
    {
        if (!IsEmail(request.Email))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Enter a valid email address."] });
        // Same answer for every address: whether it has an account is not told here.
        await codes.SendAsync(request.Email!.Trim(), returnUrls.SafeOrNull(request.ReturnUrl), cancellationToken);
        return TypedResults.Ok();
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        SignInCodeVerifyRequest request, bool? useCookies, SignInCodes codes, SignInManager<Reader> signIn, CancellationToken cancellationToken)
    {
        if (!IsEmail(request.Email) || request.Code is not { Length: > 0 and <= 32 })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [IsEmail(request.Email) ? "code" : "email"] = [IsEmail(request.Email) ? "Enter the six-digit code from the email." : "Enter a valid email address."],
            });
        var (check, reader) = await codes.VerifyAsync(request.Email!.Trim(), request.Code, cancellationToken);
        if (check != SignInCodeCheck.SignedIn || reader is null)
            return TypedResults.Problem(
                check == SignInCodeCheck.Expired ? "That code has expired or was used up. Ask for a new one." : "That code is not right.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        // Writes the cookie, or the bearer token's JSON, as Identity's own /login does.
        await signIn.SignInAsync(reader, isPersistent: useCookies == true);
        return TypedResults.Empty;
    }

    public static bool IsEmail(string? email) =>
        email is { Length: > 0 and <= 256 } && new EmailAddressAttribute().IsValid(email.Trim());
}
