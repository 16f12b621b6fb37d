using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Membership.Web.Accounts;

/// <summary>Every message the service sends a reader, in plain text, queued for delivery.</summary>
public sealed class AccountMail(MailOutbox outbox, AccountLinks links, IOptions<MembershipOptions> membership, IOptions<SmtpOptions> smtp)
{
    private string SiteName => membership.Value.SiteName;

    public void ConfirmEmail(string to, Guid readerId, string code, string? returnUrl = null) => Send(to,
        $"Confirm your email address for {SiteName}",
        $"""
        Welcome to {SiteName}.

        Please confirm your email address by opening this link:

        {links.ConfirmEmail(readerId, code, returnUrl: returnUrl)}

        If you did not create an account, you can ignore this message.
        """);

    public void ConfirmEmailChange(string newAddress, Guid readerId, string code) => Send(newAddress,
        $"Confirm your new email address for {SiteName}",
        $"""
        You asked to use this address for your {SiteName} account.

        Confirm the change by opening this link:

        {links.ConfirmEmail(readerId, code, changedEmail: newAddress)}

        Until you do, your account keeps its old address. If you did not ask for this, ignore this message.
        """);

    public void ResetPassword(string to, string code) => Send(to,
        $"Reset your {SiteName} password",
        $"""
        Someone (hopefully you) asked to reset the password of your {SiteName} account.

        Choose a new password here:

        {links.ResetPassword(code)}

        Apps ask for this reset code instead: {code}

        If you did not ask for this, ignore this message: your password stays as it is.
        """);

    public void EmailChanged(string oldAddress, string newAddress) => Send(oldAddress,
        $"Your {SiteName} email address was changed",
        $"""
        The email address of your {SiteName} account was changed to {newAddress}.
        From now on, sign in and receive mail with that address.

        If you did not make this change, someone else may have your password. Reset it here
        and then contact us:

        {links.ForgotPassword()}
        """);

    public void SignInCode(string to, string code, string? returnUrl) => Send(to,
        $"{code} is your {SiteName} sign-in code",
        $"""
        Your sign-in code for {SiteName}:

            {code}

        Type it where you asked for it, or open this link to sign in on this device:

        {links.SignInWithCode(to, code, returnUrl)}

        The code works once, for 15 minutes. If you did not ask for it, ignore this message.
        """);

    public void AccountDeleted(string to) => Send(to,
        $"Your {SiteName} account was deleted",
        $"""
        Your {SiteName} account and its data have been deleted, and any live subscription was cancelled.

        Thank you for having supported us. You are welcome back at any time.
        """);

    public void RegistrationAttempt(string to) => Send(to,
        $"Someone tried to create a {SiteName} account with your address",
        $"""
        Someone tried to create a new {SiteName} account with this email address, which already has one.

        If that was you, sign in instead:
        {links.SignIn()}

        Forgot your password? Reset it here:
        {links.ForgotPassword()}

        If it was not you, there is nothing to do: your account is unchanged.
        """);

    private void Send(string to, string subject, string body)
    {
        var message = new MimeMessage();
        var from = MailboxAddress.Parse(smtp.Value.From);
        if (string.IsNullOrEmpty(from.Name))
            from.Name = SiteName;
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        // Every mail carries the way to cancel (§312k BGB; California asks for the same channel).
        message.Body = new TextPart("plain") { Text = body + $"\n\n-- \n{SiteName}\nCancel membership: {new Uri(membership.Value.PublicUrl, "/cancel")}\n" };
        outbox.Enqueue(message);
    }
}
