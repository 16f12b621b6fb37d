using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Membership.Web.Accounts;

/// <summary>
/// Identity's mail hook, for its JSON endpoints. Identity links to its own JSON confirmEmail endpoint on
/// the request's host; readers get the same token in a link to our page on Membership__PublicUrl instead.
/// </summary>
public sealed class ReaderEmailSender(AccountMail mail) : IEmailSender<Reader>
{
    public Task SendConfirmationLinkAsync(Reader user, string email, string confirmationLink)
    {
        // Identity hands over the link HTML-encoded (&amp;).
        var query = QueryHelpers.ParseQuery(new Uri(WebUtility.HtmlDecode(confirmationLink)).Query);
        var code = query.GetValueOrDefault("code").ToString();
        var changedEmail = query.GetValueOrDefault("changedEmail").ToString();
        if (string.IsNullOrEmpty(changedEmail))
            mail.ConfirmEmail(email, user.Id, code);
        else
            mail.ConfirmEmailChange(changedEmail, user.Id, code);
        return Task.CompletedTask;
    }

    public Task SendPasswordResetCodeAsync(Reader user, string email, string resetCode)
    {
        mail.ResetPassword(email, WebUtility.HtmlDecode(resetCode));
        return Task.CompletedTask;
    }

    /// <summary>Identity's JSON endpoints send codes, not links; nothing of ours calls this.</summary>
    public Task SendPasswordResetLinkAsync(Reader user, string email, string resetLink) =>
        throw new NotSupportedException("Password resets are mailed as codes with a link to /account/reset-password.");
}
