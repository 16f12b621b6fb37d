using System.Diagnostics;
using System.Globalization;
using Membership.StripeEmulator;
using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.StripeConnection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.TestHelpers;

namespace Membership.Bench;

/// <summary>
/// Renewal day: N monthly subscriptions that started together on one test clock renew together. They are
/// made in the emulator and synced once (no webhooks while setting up); then the clock is advanced past
/// the renewal and the emulator delivers every event it makes to the service's webhook, as Stripe would.
/// Timed from the advance to the moment the last reader's subscription shows the new period, with the
/// Stripe requests the service made meanwhile counted.
/// </summary>
internal static class RenewalBenchmark
{
    public static async Task RunAsync(string serverConnectionString, int subscriptions)
    {
        var database = $"bench_renewals_{Guid.NewGuid():N}";
        var connectionString = await BenchDatabase.CreateAsync(serverConnectionString, database);
        BenchService? service = null;
        try
        {
            await using var emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions
            {
                Port = 0,
                WebhookUrl = "http://localhost/webhooks/stripe",
                WebhookHandler = () => service!.Server.CreateHandler(),
                // Stripe sends a renewal day's events many at once, not one after another.
                WebhookConcurrency = 16,
            });
            var requests = new StripeRequestCounter();
            service = new BenchService(connectionString, emulator.BaseUrl, processEvents: true, requests);
            // The bench's own client: advancing thousands of subscriptions takes longer than the service's Stripe timeout.
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            var stripe = new StripeClient(new StripeClientOptions
            {
                ApiKey = "sk_test_emulator",
                ApiBase = emulator.BaseUrl.ToString().TrimEnd('/'),
                HttpClient = new SystemNetHttpClient(http, maxNetworkRetries: 0),
            });
            _ = service.Services;
            var priceId = await MonthlyPriceAsync(connectionString);

            emulator.DropDeliveries = true;
            var start = DateTimeOffset.UtcNow;
            var clock = await stripe.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = start.UtcDateTime, Name = "renewal day" });
            Console.Error.WriteLine($"==> making {subscriptions} monthly subscriptions on one test clock");
            var readers = await MakeSubscriptionsAsync(service, stripe, connectionString, priceId, clock.Id, subscriptions);
            await using (var db = BenchDatabase.Context(connectionString))
            {
                var synced = await db.Subscriptions.CountAsync(s => s.Status == "active");
                if (synced != subscriptions)
                    throw new InvalidOperationException($"setup: {synced} of {subscriptions} subscriptions synced");
            }
            var periodEnd = await FirstPeriodEndAsync(connectionString);

            emulator.DropDeliveries = false;
            requests.Reset();
            var eventsBefore = await EventCountAsync(connectionString);
            Console.Error.WriteLine("==> advancing the clock past the renewal; waiting for every reader to show the new period");
            var timer = Stopwatch.StartNew();
            await stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = periodEnd.UtcDateTime.AddHours(1) });
            var advanced = timer.Elapsed;
            var heapAfterAdvance = GC.GetTotalMemory(forceFullCollection: false);
            var last = await WaitForRenewalsAsync(connectionString, periodEnd, subscriptions, timer);
            var seconds = last.TotalSeconds;

            var events = await EventCountAsync(connectionString) - eventsBefore;
            var reads = requests.Reads;
            var budget = service.Services.GetRequiredService<IOptions<StripeOptions>>().Value.ReadsPerSecond;
            var budgetSeconds = reads / budget;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"renewals: {subscriptions} monthly subscriptions renewed on one test clock ({readers} readers), one instance"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  the emulator's advance call took {advanced.TotalSeconds:0.0} s (its own renewal work: the service's reads wait for it, except between its steps); {events} events reached the inbox by the last renewal"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  last reader correct {seconds:0.0} s after the advance began ({(last - advanced).TotalSeconds:0.0} s after it answered): {events / seconds:0} events/s, {reads} Stripe reads ({reads / seconds:0.0}/s, {(double)reads / subscriptions:0.00} per renewal), {requests.Writes} writes"));
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            var live = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  memory: {heapAfterAdvance / 1048576.0:0} MB of managed heap right after the advance, {live / 1048576.0:0} MB live once the last reader is correct, {peak / 1048576.0:0} MB peak working set of the process (emulator, service and bench)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  a renewal day of {subscriptions} takes {seconds / 60:0.00} min ({seconds:0} s) here; its reads alone need {budgetSeconds / 60:0.00} min ({budgetSeconds:0} s) at the read budget of {budget:0}/s (Stripe__ReadsPerSecond; Stripe's live limit is 100): {seconds / Math.Max(budgetSeconds, 0.001):0.00}x that"));
        }
        finally
        {
            if (service is not null)
                await service.DisposeAsync();
            await BenchDatabase.DropAsync(serverConnectionString, database);
        }
    }

    private static async Task<string> MonthlyPriceAsync(string connectionString)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (DateTimeOffset.UtcNow < deadline)
        {
            await using var db = BenchDatabase.Context(connectionString);
            var priceId = await db.Plans.Where(p => p.Key == "adfree-monthly").Select(p => p.StripePriceId).FirstOrDefaultAsync();
            if (priceId is not null)
                return priceId;
            await Task.Delay(50);
        }
        throw new TimeoutException("the service did not sell adfree-monthly in Stripe within 2 minutes");
    }

    private static async Task<int> MakeSubscriptionsAsync(BenchService service, StripeClient stripe, string connectionString, string priceId, string clockId, int count)
    {
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var reader = new Reader { Id = Guid.NewGuid(), UserName = $"renewal-{n}@example.test", Email = $"renewal-{n}@example.test", CreatedAt = DateTimeOffset.UtcNow };
            reader.NormalizedEmail = reader.NormalizedUserName = reader.Email.ToUpperInvariant();
            var metadata = new Dictionary<string, string> { [CheckoutMetadata.ReaderId] = reader.Id.ToString() };
            var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = reader.Email, Metadata = metadata, TestClock = clockId }, cancellationToken: ct);
            reader.StripeCustomerId = customer.Id;
            await using (var db = BenchDatabase.Context(connectionString))
            {
                db.Users.Add(reader);
                await db.SaveChangesAsync(ct);
            }
            await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
            {
                Customer = customer.Id,
                Items = [new SubscriptionItemOptions { Price = priceId }],
                DefaultPaymentMethod = "pm_card_visa",
                Metadata = metadata,
            }, cancellationToken: ct);
            await using var scope = service.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SubscriptionSync>().SyncReaderAsync(reader.Id, "bench setup", ct);
            if (Interlocked.Increment(ref done) % 1000 == 0)
                Console.Error.WriteLine($"    {done} of {count}");
        });
        return done;
    }

    private static async Task<DateTimeOffset> FirstPeriodEndAsync(string connectionString)
    {
        await using var db = BenchDatabase.Context(connectionString);
        return await db.Subscriptions.MaxAsync(s => s.CurrentPeriodEnd) ?? throw new InvalidOperationException("setup: no period end");
    }

    private static async Task<long> EventCountAsync(string connectionString)
    {
        await using var db = BenchDatabase.Context(connectionString);
        return await db.StripeEvents.LongCountAsync();
    }

    /// <summary>Polls until every subscription's period ends after <paramref name="periodEnd"/>; answers when the last one did.</summary>
    private static async Task<TimeSpan> WaitForRenewalsAsync(string connectionString, DateTimeOffset periodEnd, int count, Stopwatch timer)
    {
        var reported = 0;
        while (true)
        {
            await using var db = BenchDatabase.Context(connectionString);
            var renewed = await db.Subscriptions.CountAsync(s => s.CurrentPeriodEnd > periodEnd && s.Status == "active");
            if (renewed >= count)
                return timer.Elapsed;
            if (timer.Elapsed.TotalSeconds >= reported + 30)
            {
                reported = (int)timer.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"    {timer.Elapsed.TotalSeconds:0} s: {renewed} of {count} renewed");
            }
            if (timer.Elapsed > TimeSpan.FromHours(2))
                throw new TimeoutException($"only {renewed} of {count} renewed after two hours");
            await Task.Delay(100);
        }
    }
}
