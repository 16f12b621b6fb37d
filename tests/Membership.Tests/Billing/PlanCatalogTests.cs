using Membership.StripeEmulator;
using Membership.Tests.Infrastructure;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>Instances starting together on one database sell each plan through one Stripe product and one price.</summary>
public sealed class PlanCatalogTests : IAsyncLifetime
{
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
    public async Task Two_instances_starting_at_once_seed_the_plans_and_make_one_product_and_one_price_each()
    {
        await using var first = new Instance(_database, _emulator);
        await using var second = new Instance(_database, _emulator);

        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));
        await Eventually.UntilAsync(async () => await PricedPlansAsync() == 2, "both plans to be priced");
        // A third sync racing a fourth, after the fact: still nothing new.
        await Task.WhenAll(SyncAsync(first), SyncAsync(second));

        var stripe = first.Services.GetRequiredService<StripeClient>();
        var products = await stripe.V1.Products.ListAsync(new ProductListOptions { Limit = 100 });
        var prices = await stripe.V1.Prices.ListAsync(new PriceListOptions { Limit = 100 });
        Assert.Equal(["adfree-monthly", "adfree-yearly"], products.Data.Select(p => p.Metadata["plan_key"]).Order());
        Assert.Equal(["adfree-monthly", "adfree-yearly"], prices.Data.Select(p => p.LookupKey).Order());
        await using var db = TestDatabase.CreateContext(_database.ConnectionString);
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.Key).ToListAsync();
        Assert.Equal(prices.Data.OrderBy(p => p.LookupKey).Select(p => p.Id), plans.Select(p => p.StripePriceId));
        Assert.Equal([500L, 5000L], plans.Select(p => p.Amount));
    }

    private async Task<int> PricedPlansAsync()
    {
        await using var db = TestDatabase.CreateContext(_database.ConnectionString);
        return await db.Plans.CountAsync(p => p.StripePriceId != null);
    }

    private static async Task SyncAsync(Instance instance)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PlanCatalog>().SyncAsync(seed: true, CancellationToken.None);
    }

    private sealed class Instance(TestDatabase database, StripeEmulatorServer emulator) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseTestSettings(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Stripe:ApiBase"] = emulator.BaseUrl.ToString(),
                ["Billing:SeedPlans"] = "true",
                ["Billing:ScheduledSync"] = "false",
                ["Billing:ProcessEvents"] = "false",
            });
    }
}
