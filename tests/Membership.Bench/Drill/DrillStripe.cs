using System.Collections.Concurrent;
using Membership.Web.Accounts;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Bench.Drill;

/// <summary>The drill's readers and what Stripe says of each: subscribed (ad-free) or not.</summary>
internal sealed class DrillStripe(StripeClient stripe, string connectionString)
{
    private readonly ConcurrentDictionary<Guid, (string Customer, string? Subscription)> _readers = new();
    private string _priceId = "";

    public IReadOnlyList<Guid> Readers => _readers.Keys.Order().ToList();

    /// <summary>Stripe's answer: ad-free when the reader's subscription is active.</summary>
    public bool AdFree(Guid reader) => _readers[reader].Subscription is not null;

    public async Task SetUpAsync(int count, CancellationToken cancellationToken)
    {
        _priceId = await MonthlyPriceAsync(cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (n, ct) =>
        {
            var reader = new Reader { Id = Guid.NewGuid(), UserName = $"drill-{n}@example.test", Email = $"drill-{n}@example.test", CreatedAt = DateTimeOffset.UtcNow };
            reader.NormalizedEmail = reader.NormalizedUserName = reader.Email.ToUpperInvariant();
            var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions
            {
                Email = reader.Email,
                Metadata = new Dictionary<string, string> { [CheckoutMetadata.ReaderId] = reader.Id.ToString() },
            }, cancellationToken: ct);
            reader.StripeCustomerId = customer.Id;
            await using (var db = BenchDatabase.Context(connectionString))
            {
                db.Users.Add(reader);
                await db.SaveChangesAsync(ct);
            }
            _readers[reader.Id] = (customer.Id, null);
            await SubscribeAsync(reader.Id, ct);
        });
    }

    /// <summary>A webhook burst: each reader's state flips (cancel now, or subscribe again), each flip a few events.</summary>
    public Task ToggleAsync(IEnumerable<Guid> readers, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(readers, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = cancellationToken }, async (reader, ct) =>
        {
            if (AdFree(reader))
                await CancelAsync(reader, ct);
            else
                await SubscribeAsync(reader, ct);
        });

    private async Task SubscribeAsync(Guid reader, CancellationToken cancellationToken)
    {
        var (customer, _) = _readers[reader];
        var subscription = await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer,
            Items = [new SubscriptionItemOptions { Price = _priceId }],
            DefaultPaymentMethod = "pm_card_visa",
            Metadata = new Dictionary<string, string> { [CheckoutMetadata.ReaderId] = reader.ToString() },
        }, cancellationToken: cancellationToken);
        if (subscription.Status != "active")
            throw new InvalidOperationException($"the emulator made a {subscription.Status} subscription");
        _readers[reader] = (customer, subscription.Id);
    }

    private async Task CancelAsync(Guid reader, CancellationToken cancellationToken)
    {
        var (customer, subscriptionId) = _readers[reader];
        var subscription = await stripe.V1.Subscriptions.CancelAsync(subscriptionId!, cancellationToken: cancellationToken);
        if (subscription.Status != "canceled")
            throw new InvalidOperationException($"the emulator left the subscription {subscription.Status}");
        _readers[reader] = (customer, null);
    }

    private async Task<string> MonthlyPriceAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (DateTimeOffset.UtcNow < deadline)
        {
            await using var db = BenchDatabase.Context(connectionString);
            var priceId = await db.Plans.Where(p => p.Key == "adfree-monthly").Select(p => p.StripePriceId).FirstOrDefaultAsync(cancellationToken);
            if (priceId is not null)
                return priceId;
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException("the instances did not sell adfree-monthly in Stripe within 2 minutes");
    }
}
