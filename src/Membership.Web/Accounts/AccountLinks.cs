using Membership.Web.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

/// <summary>Absolute links for mail, always on <c>Membership__PublicUrl</c> (never on the Host header of the request).</summary>
public sealed class AccountLinks(IOptions<MembershipOptions> options)
{
    public string SignIn() => Absolute("/account/login");
    public string ForgotPassword() => Absolute("/account/forgot-password");

    /// <summary>The code is Identity's token, already Base64Url-encoded as Identity's own endpoints expect it.</summary>
    public string ConfirmEmail(Guid readerId, string code, string? changedEmail = null, string? returnUrl = null)
    {
        var query = new Dictionary<string, string?> { ["userId"] = readerId.ToString(), ["code"] = code };
        if (changedEmail is not null)
            query["changedEmail"] = changedEmail;
        if (returnUrl is not null)
            query["returnUrl"] = returnUrl;
        return QueryHelpers.AddQueryString(Absolute("/account/confirm-email"), query);
    }

    public string SignInWithCode(string email, string code, string? returnUrl)
    {
        var query = new Dictionary<string, string?> { ["email"] = email, ["code"] = code };
        if (returnUrl is not null)
            query["returnUrl"] = returnUrl;
        return QueryHelpers.AddQueryString(Absolute("/account/code"), query);
    }

    public string ResetPassword(string code) => QueryHelpers.AddQueryString(Absolute("/account/reset-password"), "code", code);

    private string Absolute(string path) => new Uri(options.Value.PublicUrl, path).ToString();
}
