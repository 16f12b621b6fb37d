using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Membership.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>
/// SubscriptionSync reads Stripe outside any lock, so two syncs of one subscription can write in the other
/// order than they read. The read ticket decides: a read that began earlier never overwrites a later one.
/// </summary>
public sealed class ReadTicketTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    [Fact]
    public async Task A_read_that_began_earlier_but_is_written_last_changes_nothing()
    {
        var (_, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var (earlyTicket, early) = await ReadAsync(subscriptionId);
        app.Emulator.DropDeliveries = true;
        try
        {
            await app.Stripe.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        }
        finally
        {
            app.Emulator.DropDeliveries = false;
        }
        var (lateTicket, late) = await ReadAsync(subscriptionId);
        Assert.True(lateTicket > earlyTicket);

        await WriteAsync(readerId, late, lateTicket);
        var historyAfterLate = (await app.HistoryOfAsync(readerId)).Count;
        await WriteAsync(readerId, early, earlyTicket);

        var row = Assert.Single(await app.SubscriptionsOfAsync(readerId));
        Assert.True(row.CancelAtPeriodEnd);
        Assert.Equal(lateTicket, row.ReadTicket);
        Assert.Equal(historyAfterLate, (await app.HistoryOfAsync(readerId)).Count);
    }

    private async Task<(long Ticket, Subscription Current)> ReadAsync(string subscriptionId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var reads = scope.ServiceProvider.GetRequiredService<SubscriptionReads>();
        var ticket = await reads.NextTicketAsync(CancellationToken.None);
        return (ticket, (await reads.GetAsync(subscriptionId, CancellationToken.None))!);
    }

    private async Task WriteAsync(Guid readerId, Subscription current, long ticket)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SubscriptionWriter>().ApplyAsync(readerId, current, ticket, "test", CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<MembershipDbContext>().SaveChangesAsync();
    }
}
