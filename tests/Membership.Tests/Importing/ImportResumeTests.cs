using System.Net.Http.Json;
using Membership.StripeEmulator;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Stripe;

namespace Membership.Tests.Importing;

/// <summary>
/// An instance dies in the middle of an import (its Stripe list request never answers, and it is stopped while
/// it waits). Another instance takes the job over once the lease runs out and goes on from the last checkpoint:
/// it lists only the pages not yet done, and no reader or subscription is made twice.
/// </summary>
public sealed class ImportResumeTests : IAsyncLifetime
{
    private const string AdminEmail = "import-admin@example.test";
    private const string AdminPassword = "Import-Admin-Password-1";
    private TestDatabase _database = null!;
    private StripeEmulatorServer _emulator = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task An_import_whose_instance_dies_mid_run_is_finished_by_another_from_its_checkpoint_without_doing_anything_twice()
    {
        var dyingLists = new ListRequests(hangFrom: 2);
        var dying = new Instance(_database, _emulator, dyingLists);
        _ = dying.Services;
        var priceId = await MonthlyPriceAsync();
        var stripe = dying.Services.GetRequiredService<StripeClient>();
        var emails = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var email = $"resume-{i}-{Guid.NewGuid():N}@example.test";
            emails.Add(email.ToUpperInvariant());
            var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = email });
            await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
            {
                Customer = customer.Id,
                Items = [new SubscriptionItemOptions { Price = priceId }],
                DefaultPaymentMethod = "pm_card_visa",
            });
        }
        var admin = dying.CreateClient();
        await admin.SignInAsync(AdminEmail, AdminPassword);
        var started = await admin.PostAsJsonAsync("/api/v1/admin/imports", new { source = "stripe", dryRun = false });
        var jobId = (await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        // The first page (two subscriptions) is done and checkpointed; the instance dies asking for the second.
        await dyingLists.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await ScalarAsync<long>($"SELECT count(*) FROM import_job_items WHERE job_id = '{jobId}'"));
        Assert.NotNull(await ScalarAsync<string>($"SELECT cursor_text FROM import_jobs WHERE id = '{jobId}'"));
        await dying.DisposeAsync();

        var survivorLists = new ListRequests(hangFrom: int.MaxValue);
        await using var survivor = new Instance(_database, _emulator, survivorLists);
        var survivorAdmin = survivor.CreateClient();
        await survivorAdmin.SignInAsync(AdminEmail, AdminPassword);
        var job = await ImportRuns.WaitAsync(survivorAdmin, jobId);

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal((5, 5, 5), (job.Count("created"), job.GetProperty("processed").GetInt32(), job.GetProperty("applied").GetInt32()));
        Assert.Equal(2, survivorLists.Count); // pages two and three only
        await using var db = TestDatabase.CreateContext(_database.ConnectionString);
        var readers = await db.Users.Where(r => emails.Contains(r.NormalizedEmail!)).Select(r => r.Id).ToListAsync();
        Assert.Equal(5, readers.Count);
        Assert.Equal(5, await db.Subscriptions.CountAsync(s => readers.Contains(s.ReaderId) && s.Status == "active"));
    }

    private async Task<string> MonthlyPriceAsync()
    {
        await using var db = TestDatabase.CreateContext(_database.ConnectionString);
        string? priceId = null;
        await Eventually.UntilAsync(async () =>
            (priceId = await db.Plans.Where(p => p.Key == "adfree-monthly").Select(p => p.StripePriceId).FirstOrDefaultAsync()) is not null, "the plans to be priced in Stripe");
        return priceId!;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Counts Stripe list-subscriptions requests; from the given one on, they never answer.</summary>
    private sealed class ListRequests(int hangFrom)
    {
        private readonly int _hangFrom = hangFrom;
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DelegatingHandler Handler() => new CountingHandler(this);

        private sealed class CountingHandler(ListRequests lists) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Method == HttpMethod.Get && request.RequestUri?.AbsolutePath == "/v1/subscriptions"
                    && Interlocked.Increment(ref lists._count) >= lists._hangFrom)
                {
                    lists.Hanging.TrySetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                return await base.SendAsync(request, cancellationToken);
            }
        }
    }

    private sealed class Instance(TestDatabase database, StripeEmulatorServer emulator, ListRequests lists) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseTestSettings(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Stripe:ApiBase"] = emulator.BaseUrl.ToString(),
                ["Billing:SeedPlans"] = "true",
                ["Billing:ScheduledSync"] = "false",
                ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
                ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
                ["Imports:PageSize"] = "2",
                ["Imports:Lease"] = "00:00:01",
                ["Imports:PollInterval"] = "00:00:00.100",
            });
            builder.ConfigureTestServices(services => services.AddHttpClient("stripe").AddHttpMessageHandler(lists.Handler));
        }
    }
}
