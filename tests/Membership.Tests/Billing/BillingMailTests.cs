using System.Net.Http.Json;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Membership.Tests.Billing;

/// <summary>
/// The mails a member's billing life sends, each once per Stripe event: the emulator delivers every event twice
/// (shuffled), and the events are replayed on top, yet every mail arrives once.
/// </summary>
public sealed class BillingMailTests(BillingMailTests.App app) : IClassFixture<BillingMailTests.App>
{
    public sealed class App : StripeBackedApp, IAsyncLifetime
    {
        public MailFolder Mail { get; } = new();

        protected override bool DuplicateAndShuffle => true;

        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings) { ["Smtp:PickupDirectory"] = Mail.Path };

        public new async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Mail.Dispose();
        }
    }

    [Fact]
    public async Task Subscribing_sends_one_welcome_and_one_receipt_even_when_every_event_comes_twice_and_is_replayed()
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync();
        var email = (await reader.MeAsync()).Email!;

        var welcome = await app.Mail.WaitForAsync(email, "Welcome");
        var receipt = await app.Mail.WaitForAsync(email, "receipt");
        await ReplayEverythingOfAsync(readerId);
        await FlushMailAsync(email);

        Assert.Contains("Ad-Free Monthly", welcome.TextBody, StringComparison.Ordinal);
        Assert.Contains("5.00 USD", receipt.TextBody, StringComparison.Ordinal);
        var invoice = Assert.Single((await reader.GetFromJsonAsync<ReaderInvoicesResponse>("/api/v1/me/invoices"))!.Items);
        Assert.Contains(invoice.HostedInvoiceUrl!, receipt.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(email, "Welcome"));
        Assert.Equal(1, await CountAsync(email, "receipt"));
    }

    [Fact]
    public async Task A_renewal_sends_a_receipt()
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddHours(-1).AddMonths(-1));
        var email = (await clocked.Reader.MeAsync()).Email!;
        await app.Mail.WaitForAsync(email, "receipt");

        await app.AdvanceAsync(clocked, (await app.PeriodEndAsync(clocked)).AddHours(2));
        await FlushMailAsync(email);

        Assert.Equal(2, await CountAsync(email, "receipt"));
        Assert.Equal(1, await CountAsync(email, "Welcome"));
    }

    [Fact]
    public async Task Cancelling_sends_the_end_date_once_and_resuming_sends_nothing_more()
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync();
        var email = (await reader.MeAsync()).Email!;
        var endsOn = (await app.SubscriptionsOfAsync(readerId)).Single().CurrentPeriodEnd!.Value;

        (await reader.PostAsync("/api/v1/me/subscription/cancel", null)).EnsureSuccessStatusCode();
        var cancelled = await app.Mail.WaitForAsync(email, "will end");
        (await reader.PostAsync("/api/v1/me/subscription/resume", null)).EnsureSuccessStatusCode();
        await app.SettleAsync();
        await ReplayEverythingOfAsync(readerId);
        await FlushMailAsync(email);

        Assert.Contains(endsOn.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), cancelled.Subject, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(email, "will end"));
    }

    [Fact]
    public async Task A_failed_payment_asks_to_fix_the_card_with_a_link()
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddHours(-1).AddMonths(-1));
        var email = (await clocked.Reader.MeAsync()).Email!;
        await app.UseFailingCardAsync(clocked);

        await app.AdvanceAsync(clocked, (await app.PeriodEndAsync(clocked)).AddHours(2));
        var failed = await app.Mail.WaitForAsync(email, "payment failed");
        await FlushMailAsync(email);

        Assert.Contains("/account/billing", MailFolder.Link(failed, "/account/billing"), StringComparison.Ordinal);
        Assert.Contains("5.00 USD", failed.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(email, "payment failed"));
    }

    /// <summary>Every stored event of the reader goes back through the worker, as an admin's replay does.</summary>
    private async Task ReplayEverythingOfAsync(Guid readerId)
    {
        var ids = await app.WithDbAsync(db => db.StripeEvents.Where(e => e.ReaderId == readerId).Select(e => e.Id).ToListAsync());
        Assert.NotEmpty(ids);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var inbox = scope.ServiceProvider.GetRequiredService<StripeEventInbox>();
            foreach (var id in ids)
                Assert.True(await inbox.ReplayAsync(id, CancellationToken.None));
        }
        await app.SettleAsync();
    }

    /// <summary>
    /// The outbox delivers in order: once a sign-in code asked for now has arrived, every mail queued before it
    /// (a duplicate included) has been written too.
    /// </summary>
    private async Task FlushMailAsync(string email)
    {
        await app.SettleAsync();
        var marker = app.CreateClient();
        (await marker.PostAsJsonAsync("/api/v1/account/code", new { email })).EnsureSuccessStatusCode();
        await app.Mail.WaitForAsync(email, "sign-in code");
    }

    private async Task<int> CountAsync(string email, string subjectContains) =>
        (await app.Mail.AllAsync()).Count(m => IsTo(m, email) && (m.Subject ?? "").Contains(subjectContains, StringComparison.OrdinalIgnoreCase));

    private static bool IsTo(MimeMessage message, string to) =>
        message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase));
}
