using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Rights;

/// <summary>
/// <c>/cancel</c> without signing in, over HTTP: the mailed link, one confirming submit, and exactly one
/// cancellation mail that carries both the time of the declaration and the end date.
/// </summary>
public sealed class SignedOutCancelTests(RightsApp app) : IClassFixture<RightsApp>
{
    [Fact]
    public async Task A_signed_out_cancellation_is_confirmed_by_one_mail_with_the_declaration_time_and_the_end_date()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var email = (await reader.MeAsync()).Email!;
        var endsAt = (await app.SubscriptionsOfAsync(readerId)).Single().CurrentPeriodEnd!.Value;
        var visitor = app.CreateClient();

        var asked = await visitor.SubmitAsync("/cancel", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var link = new Uri(MailFolder.Link(await app.Mail.WaitForAsync(email, "Confirm the cancellation"), "/cancel/confirm")).PathAndQuery;
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var confirmed = await visitor.SubmitAsync(link, new Dictionary<string, string>());
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains(RightsStamp(endsAt), (await confirmed.ReadPageAsync()).Body!.TextContent, StringComparison.Ordinal);
        Assert.True((await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).CancelAtPeriodEnd);
        await app.SettleAsync();
        var mail = await app.Mail.WaitForAsync(email, "will end");
        var declared = DateTimeOffset.FromUnixTimeSeconds(long.Parse((await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).Metadata[CheckoutMetadata.CancelDeclaredAt],
            System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(declared, before, after);
        Assert.Contains($"We received your cancellation on {BillingMail.Stamp(declared)}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(BillingMail.Stamp(endsAt), mail.TextBody, StringComparison.Ordinal);

        // Replaying every event of the reader mails nothing more: one cancellation mail in all.
        await ReplayEverythingOfAsync(readerId);
        await FlushMailAsync(email);
        Assert.Equal(1, (await app.Mail.AllAsync()).Count(m => m.To.Mailboxes.Any(a => a.Address == email) && IsAboutCancelling(m.Subject)));
        Assert.True((await app.EntitlementOfAsync(readerId)).AdFree);
    }

    private async Task ReplayEverythingOfAsync(Guid readerId)
    {
        var ids = await app.WithDbAsync(db => db.StripeEvents.Where(e => e.ReaderId == readerId).Select(e => e.Id).ToListAsync());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var inbox = scope.ServiceProvider.GetRequiredService<StripeEventInbox>();
            foreach (var id in ids)
                Assert.True(await inbox.ReplayAsync(id, CancellationToken.None));
        }
        await app.SettleAsync();
    }

    /// <summary>The outbox delivers in order: once a sign-in code asked for now has arrived, every mail queued before it has too.</summary>
    private async Task FlushMailAsync(string email)
    {
        (await app.CreateClient().PostAsJsonAsync("/api/v1/account/code", new { email })).EnsureSuccessStatusCode();
        await app.Mail.WaitForAsync(email, "sign-in code");
    }

    private static bool IsAboutCancelling(string? subject) =>
        subject is not null && (subject.Contains("will end", StringComparison.Ordinal) || subject.Contains("cancelled", StringComparison.Ordinal));

    private static string RightsStamp(DateTimeOffset at) => Membership.Web.Rights.RightsMail.Stamp(at);
}
