using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Membership.StripeEmulator;
using Membership.Web.Importing;
using Membership.Web.StripeConnection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Bench;

/// <summary>
/// Bringing a membership over: N customers, each with a paid monthly subscription, are made in the emulator
/// (as another system would have left them; one in ten already has a reader here with the same email in
/// other letter case), then imported from Stripe, first as a dry run, then applied, as an admin would.
/// Each is timed from queueing to the job's end, with the Stripe reads the service made and its report counts.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task RunAsync(string serverConnectionString, int subscriptions)
    {
        var database = $"bench_import_{Guid.NewGuid():N}";
        var connectionString = await BenchDatabase.CreateAsync(serverConnectionString, database);
        BenchService? service = null;
        try
        {
            await using var emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
            var requests = new StripeRequestCounter();
            service = new BenchService(connectionString, emulator.BaseUrl, processEvents: true, requests);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var stripe = new StripeClient(new StripeClientOptions
            {
                ApiKey = "sk_test_emulator",
                ApiBase = emulator.BaseUrl.ToString().TrimEnd('/'),
                HttpClient = new SystemNetHttpClient(http, maxNetworkRetries: 0),
            });
            _ = service.Services;
            var priceId = await PriceAsync(connectionString);

            Console.Error.WriteLine($"==> making {subscriptions} customers with a monthly subscription in the emulator");
            var existing = await MakeSubscriptionsAsync(stripe, connectionString, priceId, subscriptions);

            var dry = await TimeImportAsync(service, requests, dryRun: true);
            var applied = await TimeImportAsync(service, requests, dryRun: false);
            var again = await TimeImportAsync(service, requests, dryRun: false);

            await using var db = BenchDatabase.Context(connectionString);
            var active = await db.Subscriptions.CountAsync(s => s.Status == "active");
            var budget = service.Services.GetRequiredService<IOptions<StripeOptions>>().Value.ReadsPerSecond;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"import: {subscriptions} Stripe subscriptions ({existing} customers' emails already readers here), one instance"));
            foreach (var (label, run) in new[] { ("dry run", dry), ("apply", applied), ("apply again", again) })
            {
                var c = run.Job.Counts;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {label,-11} {run.Seconds,6:0.0} s ({run.Job.Processed / Math.Max(run.Seconds, 0.001),5:0} /s): created {c.Created}, linked {c.Linked}, unchanged {c.Unchanged}, skipped {c.Skipped}, failed {c.Failed}; {run.Job.Applied} subscriptions {(run.Job.DryRun ? "to sync" : "synced")}; {run.Reads} Stripe reads ({run.Reads / budget:0.0} s of the {budget:0}/s read budget)"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {active} subscriptions active here after the import; Stripe reads are list pages of 100 with customers expanded, so the read budget (Stripe__ReadsPerSecond) is not what limits it: {subscriptions / 100.0:0} reads take {subscriptions / 100.0 / budget:0.0} s of it"));
        }
        finally
        {
            if (service is not null)
                await service.DisposeAsync();
            await BenchDatabase.DropAsync(serverConnectionString, database);
        }
    }

    private sealed record Run(ImportJob Job, double Seconds, long Reads);

    private static async Task<Run> TimeImportAsync(BenchService service, StripeRequestCounter requests, bool dryRun)
    {
        Console.Error.WriteLine($"==> importing from Stripe ({(dryRun ? "dry run" : "apply")})");
        requests.Reset();
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Email, "bench@example.test")], "bench"));
        var timer = Stopwatch.StartNew();
        Guid id;
        await using (var scope = service.Services.CreateAsyncScope())
            id = (await scope.ServiceProvider.GetRequiredService<ImportStarter>().StartAsync(admin, ImportSources.Stripe, dryRun, null, CancellationToken.None)).Value!.Id;
        var reads = service.Services.GetRequiredService<ImportJobReads>();
        var reported = 0;
        while (true)
        {
            var job = (await reads.GetAsync(id, 0, 0, null, CancellationToken.None))!;
            if (job.Status is ImportStatuses.Completed or ImportStatuses.Failed)
            {
                if (job.Status == ImportStatuses.Failed)
                    throw new InvalidOperationException($"the import failed: {job.Error}");
                return new Run(job, timer.Elapsed.TotalSeconds, requests.Reads);
            }
            if (timer.Elapsed.TotalSeconds >= reported + 30)
            {
                reported = (int)timer.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"    {reported} s: {job.Processed} handled");
            }
            await Task.Delay(100);
        }
    }

    private static async Task<string> PriceAsync(string connectionString)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (DateTimeOffset.UtcNow < deadline)
        {
            await using var db = BenchDatabase.Context(connectionString);
            if (await db.Plans.Where(p => p.Key == "adfree-monthly").Select(p => p.StripePriceId).FirstOrDefaultAsync() is { } priceId)
                return priceId;
            await Task.Delay(50);
        }
        throw new TimeoutException("the service did not sell adfree-monthly in Stripe within 2 minutes");
    }

    /// <summary>The customers and subscriptions; every tenth email is also a reader here already. Answers how many are.</summary>
    private static async Task<int> MakeSubscriptionsAsync(StripeClient stripe, string connectionString, string priceId, int count)
    {
        var done = 0;
        var existing = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var email = $"member-{n}@example.test";
            if (n % 10 == 0)
            {
                await using var db = BenchDatabase.Context(connectionString);
                db.Users.Add(new Membership.Web.Accounts.Reader
                {
                    Id = Guid.NewGuid(),
                    UserName = email,
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    NormalizedUserName = email.ToUpperInvariant(),
                    SecurityStamp = Guid.NewGuid().ToString(),
                    CreatedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync(ct);
                Interlocked.Increment(ref existing);
            }
            var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = n % 10 == 0 ? email.ToUpperInvariant() : email, Name = $"Member {n}" }, cancellationToken: ct);
            await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
            {
                Customer = customer.Id,
                Items = [new SubscriptionItemOptions { Price = priceId }],
                DefaultPaymentMethod = "pm_card_visa",
            }, cancellationToken: ct);
            if (Interlocked.Increment(ref done) % 1000 == 0)
                Console.Error.WriteLine($"    {done} of {count}");
        });
        return existing;
    }
}
