using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Accounts;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Membership.Tests.Billing;

/// <summary>
/// Stripe accepts connections and never answers, while 110 readers start a checkout on one instance whose
/// pool has 20 connections. Checkout used to hold a transaction and the reader's row lock across Stripe:
/// the pool ran dry, sign-in and /readyz failed. Now no connection waits on Stripe: everything else keeps
/// answering, and the checkouts get a 503 once Stripe__Timeout (and one retry) has run out.
/// </summary>
public sealed class HangingStripeTests(HangingStripeTests.HangingStripeApp app, ITestOutputHelper output)
    : IClassFixture<HangingStripeTests.HangingStripeApp>
{
    private const int Checkouts = 110;
    private const int PoolSize = 20;

    [Fact]
    public async Task While_Stripe_hangs_sign_in_account_site_API_and_readiness_answer_and_checkouts_get_a_quick_503()
    {
        var readers = await RegisterAsync(Checkouts + 1);
        var (probeEmail, probe) = readers[^1];
        var readerId = (await probe.MeAsync()).Id;
        var site = app.CreateClient();
        site.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HangingStripeApp.SiteKey);
        var calm = new List<double>();
        for (var i = 0; i < 5; i++)
            calm.Add(await SignInMillisecondsAsync(probeEmail));

        await using var sampler = await PoolSampler.StartAsync(app.Database.ConnectionString);
        var checkouts = readers.Take(Checkouts).Select(r => TimedCheckoutAsync(r.Client)).ToList();
        // The checkouts are waiting on Stripe once it holds a connection from most of them.
        await Eventually.UntilAsync(() => Task.FromResult(app.Stripe.Accepted >= Checkouts / 2 || checkouts.All(c => c.IsCompleted)),
            "the checkouts to reach the hanging Stripe", TimeSpan.FromSeconds(60));
        var hangingAtStart = !checkouts.All(c => c.IsCompleted);
        var signIns = new List<double>();
        var statuses = new List<(string What, HttpStatusCode Status)>();
        while (!checkouts.All(c => c.IsCompleted) || signIns.Count < 3)
        {
            signIns.Add(await SignInMillisecondsAsync(probeEmail));
            statuses.Add(("/account", (await probe.GetAsync(new Uri("/account", UriKind.Relative))).StatusCode));
            statuses.Add(("site API", (await site.GetAsync(new Uri($"/api/v1/entitlements/{readerId}", UriKind.Relative))).StatusCode));
            statuses.Add(("/readyz", (await app.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode));
        }
        var answers = await Task.WhenAll(checkouts);
        var pool = await sampler.StopAsync();

        output.WriteLine($"Stripe stand-in: {app.Stripe.Accepted} connections accepted, none answered; Stripe__Timeout 2 s, 1 retry; pool {PoolSize}");
        output.WriteLine($"checkouts: {answers.Length}, statuses {string.Join(", ", answers.GroupBy(a => (int)a.Status).Select(g => $"{g.Key} x{g.Count()}"))}; "
            + $"answer time p50 {Percentile(answers.Select(a => a.Milliseconds), 50):F0} ms, max {answers.Max(a => a.Milliseconds):F0} ms");
        output.WriteLine($"sign-in before: p50 {Percentile(calm, 50):F0} ms; while hanging ({signIns.Count} sign-ins): p50 {Percentile(signIns, 50):F0} ms, p99 {Percentile(signIns, 99):F0} ms");
        output.WriteLine($"sessions on the test database (sampled every 50 ms, {pool.Samples} samples): max {pool.MaxBackends} in all, "
            + $"max {pool.MaxMainPool} from the service's main pool (Maximum Pool Size {PoolSize}; the rest are the entitlement read pool and LISTEN), "
            + $"max idle in transaction {pool.MaxIdleInTransaction}, max waiting on a lock {pool.MaxLockWaits}");

        Assert.True(hangingAtStart, "the checkouts answered before Stripe held them: nothing was measured while it hung");
        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status);
            Assert.True(a.RetryAfter, "a 503 without Retry-After");
            Assert.InRange(a.Milliseconds, 0, 30_000);
        });
        Assert.All(statuses, s => Assert.True(s.Status == HttpStatusCode.OK, $"{s.What} answered {(int)s.Status} while Stripe hung"));
        Assert.InRange(pool.MaxIdleInTransaction, 0, 2);
        Assert.Equal(0, pool.MaxLockWaits);
    }

    /// <summary>
    /// One reader registers through the API; the others are made with the same password hash (hashing
    /// 110 passwords would only slow the test), and every one signs in through the API.
    /// </summary>
    private async Task<List<(string Email, HttpClient Client)>> RegisterAsync(int count)
    {
        var first = $"hang-{Guid.NewGuid():N}@example.test";
        var readers = new List<(string, HttpClient)> { (first, await app.RegisterAndSignInAsync(first)) };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Reader>>();
            var hash = (await users.FindByEmailAsync(first))!.PasswordHash;
            for (var i = 1; i < count; i++)
            {
                var email = $"hang-{Guid.NewGuid():N}@example.test";
                var created = await users.CreateAsync(new Reader { UserName = email, Email = email, PasswordHash = hash, CreatedAt = DateTimeOffset.UtcNow });
                Assert.True(created.Succeeded);
                readers.Add((email, app.CreateClient()));
            }
        }
        foreach (var batch in readers.Skip(1).Chunk(8))
            await Task.WhenAll(batch.Select(r => r.Item2.SignInAsync(r.Item1, Readers.Password)));
        return readers;
    }

    private async Task<double> SignInMillisecondsAsync(string email)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email, password = Readers.Password });
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return elapsed;
    }

    private static async Task<(HttpStatusCode Status, bool RetryAfter, double Milliseconds)> TimedCheckoutAsync(HttpClient reader)
    {
        await Task.Yield();
        var started = Stopwatch.GetTimestamp();
        var response = await reader.PostAsJsonAsync("/api/v1/me/checkout", new { planKey = "adfree-monthly" });
        return (response.StatusCode, response.Headers.RetryAfter?.Delta is not null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static double Percentile(IEnumerable<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Samples the test database's sessions from a connection of its own, outside the service's pool.</summary>
    private sealed class PoolSampler : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private int _maxBackends;
        private int _maxMainPool;
        private int _maxIdleInTransaction;
        private int _maxLockWaits;
        private int _samples;

        private PoolSampler(NpgsqlConnection connection)
        {
            _connection = connection;
            _sampling = SampleAsync();
        }

        public static async Task<PoolSampler> StartAsync(string connectionString)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return new PoolSampler(connection);
        }

        public async Task<(int MaxBackends, int MaxMainPool, int MaxIdleInTransaction, int MaxLockWaits, int Samples)> StopAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            return (_maxBackends, _maxMainPool, _maxIdleInTransaction, _maxLockWaits, _samples);
        }

        private async Task SampleAsync()
        {
            await using var query = new NpgsqlCommand("""
                SELECT count(*)::int,
                    (count(*) FILTER (WHERE application_name <> 'membership-entitlements' AND query NOT LIKE 'LISTEN%'))::int,
                    (count(*) FILTER (WHERE state = 'idle in transaction'))::int,
                    (count(*) FILTER (WHERE wait_event_type = 'Lock'))::int
                FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                """, _connection);
            while (!_stop.IsCancellationRequested)
            {
                await using (var reader = await query.ExecuteReaderAsync())
                {
                    await reader.ReadAsync();
                    _maxBackends = Math.Max(_maxBackends, reader.GetInt32(0));
                    _maxMainPool = Math.Max(_maxMainPool, reader.GetInt32(1));
                    _maxIdleInTransaction = Math.Max(_maxIdleInTransaction, reader.GetInt32(2));
                    _maxLockWaits = Math.Max(_maxLockWaits, reader.GetInt32(3));
                    _samples++;
                }
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
                await StopAsync();
            await _connection.DisposeAsync();
            _stop.Dispose();
        }
    }

    public sealed class HangingStripeApp : MembershipApp, IAsyncLifetime
    {
        public const string SiteKey = "site-key-for-the-hanging-stripe-test-0123456789";

        private HangingStripe? _stripe;

        public HangingStripe Stripe => _stripe ?? throw new InvalidOperationException("Started in InitializeAsync.");

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:Membership"] = $"{Database.ConnectionString};Maximum Pool Size={PoolSize}",
            ["Stripe:ApiBase"] = Stripe.BaseUrl.ToString(),
            ["Stripe:Timeout"] = "00:00:02",
            ["Stripe:MaxNetworkRetries"] = "1",
            ["Billing:ScheduledSync"] = "false",
            ["Membership:Bootstrap:SiteApiKey"] = SiteKey,
        };

        public override async Task InitializeAsync()
        {
            _stripe = new HangingStripe();
            await base.InitializeAsync();
            _ = Server;
            // On sale from an earlier run: the plan's price id is all checkout needs before it asks Stripe.
            await this.WithDbAsync(async db =>
            {
                var plan = PlanCatalog.DefaultPlans(DateTimeOffset.UtcNow)[0];
                plan.StripeProductId = "prod_hanging";
                plan.StripePriceId = "price_hanging";
                db.Plans.Add(plan);
                return await db.SaveChangesAsync();
            });
        }

        public new async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (_stripe is not null)
                await _stripe.DisposeAsync();
        }
    }
}
