using System.Globalization;
using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Membership.Web.Rights;

/// <summary>The mails of the reader's rights: cancel link, cancellation, withdrawal and pause confirmations.</summary>
public sealed class RightsMail(MailOutbox outbox, IOptions<MembershipOptions> membership, IOptions<SmtpOptions> smtp)
{
    private string SiteName => membership.Value.SiteName;

    public string CancelPage() => Absolute("/cancel");

    public string ConfirmLink(string token) => QueryHelpers.AddQueryString(Absolute("/cancel/confirm"), "token", token);

    public void CancelLink(string to, string token) => Send(to,
        $"Confirm the cancellation of your {SiteName} membership",
        $"""
        Someone (hopefully you) asked to cancel the {SiteName} membership of this address.

        Open this link to see when it ends and to confirm the cancellation:

        {ConfirmLink(token)}

        If you did not ask for this, ignore this message: your membership stays as it is.
        """);

    public void NoMembershipToCancel(string to) => Send(to,
        $"Cancelling a {SiteName} membership",
        $"""
        Someone (hopefully you) asked to cancel the {SiteName} membership of this address,
        but it has no membership that renews, so there is nothing to cancel.

        If you pay for {SiteName} with another address, ask again with that one:
        {CancelPage()}
        """);

    public void Withdrawn(string to, string planName, DateTimeOffset declaredAt, long refundedMinor, string currency) => Send(to,
        $"You withdrew from your {SiteName} membership",
        $"""
        We received your withdrawal from your {planName} membership on {Stamp(declaredAt)}.

        The membership ended at once. We refunded {(refundedMinor / 100m).ToString("0.00", CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()} to the card you paid with;
        your bank may take a few days to show it.
        """);

    public void Paused(string to, DateTimeOffset resumesAt) => Send(to,
        $"Your {SiteName} membership is paused",
        $"""
        Your membership is paused: you are not charged, and ads are shown, until {Stamp(resumesAt)}.
        Then it resumes by itself. You can resume it earlier from your account page.
        """);

    public void RenewalReminder(string to, string planName, DateTimeOffset renewsAt, long? amountMinor, string? currency) => Send(to,
        $"Your {SiteName} membership renews on {renewsAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}",
        $"""
        Your {planName} membership renews by itself on {Stamp(renewsAt)}{(amountMinor is { } amount && currency is not null ? $", for {(amount / 100m).ToString("0.00", CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()} for another year" : "")}.

        Nothing to do if you want to stay. If you do not, cancel before that date; you stay a member until then:
        {CancelPage()}
        """);

    public void PriceChange(string to, string planName, long fromMinor, long toMinor, string currency, string interval, DateTimeOffset notBefore) => Send(to,
        $"The price of your {SiteName} membership changes",
        $"""
        The price of the {planName} membership changes from {Money(fromMinor, currency)} to {Money(toMinor, currency)} a {interval}.

        You keep paying {Money(fromMinor, currency)} until your first renewal after {Stamp(notBefore)}; from that renewal on,
        it is {Money(toMinor, currency)} a {interval}.

        Nothing to do if you want to stay. If you do not, cancel before that renewal; you stay a member until then:
        {CancelPage()}
        """);

    private static string Money(long minor, string currency) =>
        $"{(minor / 100m).ToString("0.00", CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}";

    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private void Send(string to, string subject, string body)
    {
        var message = new MimeMessage();
        var from = MailboxAddress.Parse(smtp.Value.From);
        if (string.IsNullOrEmpty(from.Name))
            from.Name = SiteName;
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body + $"\n\n-- \n{SiteName}\nCancel membership: {CancelPage()}\n" };
        outbox.Enqueue(message);
    }

    private string Absolute(string path) => new Uri(membership.Value.PublicUrl, path).ToString();
}
