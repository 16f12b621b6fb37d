using Membership.Tests.Infrastructure;
using Membership.Web.Rights;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Membership.Tests.Rights;

/// <summary>
/// The reminder before a yearly renewal: due <c>RenewalReminderDays</c> (30) ahead, sent once and recorded, again for
/// the next year's renewal. Stripe's side runs on a test clock, the service's on a clock the test moves.
/// </summary>
public sealed class RenewalReminderTests(RightsApp app) : IClassFixture<RightsApp>
{
    [Fact]
    public async Task A_yearly_member_is_reminded_once_thirty_days_before_each_renewal()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-300);
        var clocked = await app.ClockedSubscriptionAsync(start, "adfree-yearly");
        var email = (await clocked.Reader.MeAsync()).Email!;
        var renewsAt = await app.PeriodEndAsync(clocked);
        var time = new FakeTimeProvider();
        var reminders = Reminders(time);

        await reminders.SendDueAsync(CancellationToken.None);
        Assert.Empty(await NoticesAsync(clocked.SubscriptionId));

        time.Advance(renewsAt.AddDays(-29) - time.GetUtcNow());
        await reminders.SendDueAsync(CancellationToken.None);
        await reminders.SendDueAsync(CancellationToken.None);

        var reminder = await app.Mail.WaitForAsync(email, "renews on");
        Assert.Contains(RightsMail.Stamp(renewsAt), reminder.TextBody, StringComparison.Ordinal);
        Assert.Contains("/cancel", reminder.TextBody, StringComparison.Ordinal);
        var notice = Assert.Single(await NoticesAsync(clocked.SubscriptionId));
        Assert.Equal(RenewalReminders.Subject(renewsAt), notice.Subject);
        Assert.Equal(email, notice.Email);
        Assert.Equal(1, await CountRemindersAsync(email));

        // Stripe renews; a year on, the next renewal is reminded of too.
        await app.AdvanceAsync(clocked, renewsAt.AddHours(2));
        var nextRenewal = await app.PeriodEndAsync(clocked);
        await Eventually.UntilAsync(async () => (await app.SubscriptionsOfAsync(clocked.ReaderId)).Single().CurrentPeriodEnd == nextRenewal, "the renewal to be synced");
        time.Advance(nextRenewal.AddDays(-10) - time.GetUtcNow());
        await reminders.SendDueAsync(CancellationToken.None);

        Assert.Equal(2, (await NoticesAsync(clocked.SubscriptionId)).Count);
        await Eventually.UntilAsync(async () => await CountRemindersAsync(email) == 2, "the second reminder");
    }

    [Fact]
    public async Task Monthly_and_cancelling_members_get_no_reminder()
    {
        var monthly = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddDays(-10));
        var cancelling = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddDays(-340), "adfree-yearly");
        await app.Stripe.V1.Subscriptions.UpdateAsync(cancelling.SubscriptionId, new Stripe.SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        await Eventually.UntilAsync(async () => (await app.SubscriptionsOfAsync(cancelling.ReaderId)).Single().CancelAtPeriodEnd, "the cancellation to be synced");

        await Reminders(TimeProvider.System).SendDueAsync(CancellationToken.None);

        Assert.Empty(await NoticesAsync(monthly.SubscriptionId));
        Assert.Empty(await NoticesAsync(cancelling.SubscriptionId));
    }

    private RenewalReminders Reminders(TimeProvider time) => new(
        app.Services.GetRequiredService<NpgsqlDataSource>(), app.Services.GetRequiredService<RightsMail>(),
        app.Services.GetRequiredService<IOptions<LegalOptions>>(), time, NullLogger<RenewalReminders>.Instance);

    private Task<List<LegalNotice>> NoticesAsync(string subscriptionId) =>
        app.WithDbAsync(db => db.Set<LegalNotice>().AsNoTracking().Where(n => n.StripeSubscriptionId == subscriptionId).ToListAsync());

    private async Task<int> CountRemindersAsync(string email) =>
        (await app.Mail.AllAsync()).Count(m => m.To.Mailboxes.Any(a => a.Address == email) && (m.Subject ?? "").Contains("renews on", StringComparison.Ordinal));
}
