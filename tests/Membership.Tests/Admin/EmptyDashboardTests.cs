using Membership.Tests.Infrastructure;
using Membership.Web.Plans;

namespace Membership.Tests.Admin;

/// <summary>The dashboard of a service that has earned nothing yet. A fixture of its own: revenue is global.</summary>
public sealed class EmptyDashboardTests(AdminApp app) : IClassFixture<AdminApp>
{
    [Fact]
    public async Task Without_revenue_the_MRR_tile_shows_zero_in_the_currency_the_plans_sell_in()
    {
        await app.WithDbAsync(db =>
        {
            var now = app.Clock.GetUtcNow();
            db.Plans.Add(new Plan { Key = "euro-monthly", Name = "Euro", Amount = 450, Currency = "eur", CreatedAt = now, UpdatedAt = now });
            return db.SaveChangesAsync();
        });
        var admin = await app.AdminAsync();

        var page = await admin.GetStringAsync("/admin");

        Assert.Contains("<span class=\"figure\">0.00 EUR</span><span class=\"caption\">monthly recurring revenue</span>", page, StringComparison.Ordinal);
    }
}
