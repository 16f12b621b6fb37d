using System.Globalization;
using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Membership.Web.Plans;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Membership.Web.Billing;

/// <summary>The messages of a member's billing life: welcome, receipts, a scheduled end, a failed payment.</summary>
public sealed class BillingMail(MailOutbox outbox, IOptions<MembershipOptions> membership, IOptions<SmtpOptions> smtp)
{
    private string SiteName => membership.Value.SiteName;

    public void Welcome(string to, string planName) => Send(to,
        $"Welcome to {SiteName}: you are ad-free",
        $"""
        Thank you for supporting {SiteName}. Your {planName} membership is active: you read without ads
        on every device where you sign in with this address.

        Your account, your invoices and your card are here:
        {Absolute("/account")}

        On another device, sign in with a code mailed to this address: {Absolute("/account/code")}
        """);

    public void Receipt(string to, string? number, DateTimeOffset paidAt, long amount, string currency, IEnumerable<string> lines, string? hostedUrl) => Send(to,
        $"Your {SiteName} receipt{(number is null ? "" : $" {number}")}",
        $"""
        We received {Currencies.Format(amount, currency)} on {Day(paidAt)}. Thank you.

        {string.Join("\n", lines.Select(l => "  " + l))}

        {(hostedUrl is null ? "" : $"The invoice, to view or download: {hostedUrl}\n")}
        Your invoices are also on your account page: {Absolute("/account")}
        """);

    /// <summary>The one confirmation of a cancellation: when it was declared (§312k BGB) and when the membership ends.</summary>
    public void CancellationScheduled(string to, DateTimeOffset declaredAt, DateTimeOffset endsAt) => Send(to,
        $"Your {SiteName} membership is cancelled and will end on {Day(endsAt)}",
        $"""
        We received your cancellation on {Stamp(declaredAt)}.

        Your membership is cancelled and will not renew. You stay ad-free until {Stamp(endsAt)}, the end of
        the period you have paid for; nothing more will be charged.

        Changed your mind? Resume it before then on your account page:
        {Absolute("/account")}
        """);

    public void PaymentFailed(string to, long amount, string currency, string? hostedUrl) => Send(to,
        $"Your {SiteName} payment failed: please update your card",
        $"""
        We could not charge {Currencies.Format(amount, currency)} for your {SiteName} membership.

        Update your card here (sign in if asked), and we will try again:
        {Absolute("/account/billing")}
        {(hostedUrl is null ? "" : $"\nOr pay this invoice directly: {hostedUrl}\n")}
        You stay ad-free for a few days meanwhile.
        """);

    /// <summary>A moment to the minute, in UTC (the same form as the reader-rights mails).</summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private string Absolute(string path) => new Uri(membership.Value.PublicUrl, path).ToString();

    private void Send(string to, string subject, string body)
    {
        var message = new MimeMessage();
        var from = MailboxAddress.Parse(smtp.Value.From);
        if (string.IsNullOrEmpty(from.Name))
            from.Name = SiteName;
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body + $"\n\n-- \n{SiteName}\n" };
        outbox.Enqueue(message);
    }
}
