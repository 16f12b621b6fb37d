using Membership.Tests.Infrastructure;
using Membership.Web.Plans;

namespace Membership.Tests.Accounts;

/// <summary>The home page shows each plan's price as the reader will be charged it, whatever the currency's minor unit.</summary>
public sealed class HomePagePriceTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Theory]
    [InlineData(500, "usd", "month", "5.00 USD / month")]
    [InlineData(5000, "eur", "year", "50.00 EUR / year")]
    [InlineData(500, "jpy", "month", "500 JPY / month")]
    [InlineData(1500, "krw", "year", "1500 KRW / year")]
    public async Task A_plans_price_reads_in_its_currencys_units(long amount, string currency, string interval, string expected)
    {
        var key = await AddPlanAsync(amount, currency, interval);

        var page = await app.CreateClient().GetPageAsync("/");

        var card = page.QuerySelector($"#plan-{key}")?.ParentElement ?? throw new InvalidOperationException($"No card for {key}");
        Assert.Equal(expected, card.QuerySelector(".price")?.TextContent.Trim());
    }

    private Task<string> AddPlanAsync(long amount, string currency, string interval) =>
        app.WithDbAsync(async db =>
        {
            var key = $"plan-{Guid.NewGuid():N}"[..20];
            db.Plans.Add(new Plan
            {
                Key = key,
                Name = $"Plan in {currency}",
                Amount = amount,
                Currency = currency,
                Interval = interval,
                StripeProductId = $"prod_{key}",
                StripePriceId = $"price_{key}",
            });
            await db.SaveChangesAsync();
            return key;
        });
}
