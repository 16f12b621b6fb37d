using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Membership.StripeEmulator;
using Membership.Web.Accounts;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Membership.Bench;

/// <summary>
/// How many Stripe events per second one instance's worker applies. Real event sequences are made in the
/// emulator (a customer and a paid subscription per reader), stored in the inbox through the real webhook
/// endpoint while no worker runs, then one worker is started and timed until the inbox is empty. Each event
/// costs what it costs in production: a Stripe read and a locked write.
/// </summary>
internal static class WorkerBenchmark
{
    public static async Task RunAsync(string serverConnectionString, int subscriptions)
    {
        var database = $"bench_worker_{Guid.NewGuid():N}";
        var connectionString = await BenchDatabase.CreateAsync(serverConnectionString, database);
        try
        {
            await using var emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
            var events = await FillInboxAsync(connectionString, emulator, subscriptions);

            await using var worker = new BenchService(connectionString, emulator.BaseUrl, processEvents: true);
            _ = worker.Services;
            await using var db = BenchDatabase.Context(connectionString);
            while (await db.StripeEvents.CountAsync(e => e.Status == StripeEventStatus.Pending) > 0)
                await Task.Delay(20);

            // Timed from the first event done to the last, by the rows' own times: start-up is not counted.
            var first = await db.StripeEvents.MinAsync(e => e.ProcessedAt);
            var last = await db.StripeEvents.MaxAsync(e => e.ProcessedAt);
            var seconds = (last - first)!.Value.TotalSeconds;
            var applied = await db.StripeEvents.CountAsync(e => e.Status == StripeEventStatus.Processed);
            var failed = await db.StripeEvents.CountAsync(e => e.Status == StripeEventStatus.Failed || e.LastError != null);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"worker: {events} events ({subscriptions} paid subscriptions) done in {seconds:0.00} s by one instance: {(events - 1) / seconds:0} events/s; "
                + $"{applied} of them re-read from Stripe and applied ({(applied - 1) / seconds:0}/s), the rest recorded as not used; {failed} failed"));
        }
        finally
        {
            await BenchDatabase.DropAsync(serverConnectionString, database);
        }
    }

    private static async Task<int> FillInboxAsync(string connectionString, StripeEmulatorServer emulator, int subscriptions)
    {
        await using var service = new BenchService(connectionString, emulator.BaseUrl, processEvents: false);
        var stripe = service.Services.GetRequiredService<StripeClient>();
        string? priceId = null;
        while (priceId is null)
        {
            await using var db = BenchDatabase.Context(connectionString);
            priceId = await db.Plans.Where(p => p.Key == "adfree-monthly").Select(p => p.StripePriceId).FirstOrDefaultAsync();
            if (priceId is null)
                await Task.Delay(50);
        }

        Console.Error.WriteLine($"==> making {subscriptions} paid subscriptions in the emulator");
        await Parallel.ForEachAsync(Enumerable.Range(0, subscriptions), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            await using var db = BenchDatabase.Context(connectionString);
            var reader = new Reader { Id = Guid.NewGuid(), UserName = $"bench-{n}@example.test", Email = $"bench-{n}@example.test", CreatedAt = DateTimeOffset.UtcNow };
            reader.NormalizedEmail = reader.NormalizedUserName = reader.Email.ToUpperInvariant();
            var metadata = new Dictionary<string, string> { [CheckoutMetadata.ReaderId] = reader.Id.ToString() };
            var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = reader.Email, Metadata = metadata }, cancellationToken: ct);
            reader.StripeCustomerId = customer.Id;
            db.Users.Add(reader);
            await db.SaveChangesAsync(ct);
            await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
            {
                Customer = customer.Id,
                Items = [new SubscriptionItemOptions { Price = priceId }],
                DefaultPaymentMethod = "pm_card_visa",
                Metadata = metadata,
            }, cancellationToken: ct);
        });

        Console.Error.WriteLine("==> storing their events in the inbox through the webhook endpoint");
        var client = service.CreateClient();
        var stored = 0;
        await foreach (var body in RawEventsAsync(emulator.BaseUrl))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(body));
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
            stored++;
        }
        return stored;
    }

    private static async IAsyncEnumerable<string> RawEventsAsync(Uri emulator)
    {
        using var http = new HttpClient { BaseAddress = emulator };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk_test_emulator");
        string? after = null;
        while (true)
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync(new Uri("/v1/events?limit=100" + (after is null ? "" : "&starting_after=" + after), UriKind.Relative)));
            var data = page.RootElement.GetProperty("data").EnumerateArray().ToList();
            foreach (var item in data)
                yield return item.GetRawText();
            if (data.Count == 0 || !page.RootElement.GetProperty("has_more").GetBoolean())
                yield break;
            after = data[^1].GetProperty("id").GetString();
        }
    }

    private static string Sign(string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_emulator"), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
