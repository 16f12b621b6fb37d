using Membership.BrowserTests.Infrastructure;
using Membership.Tests.Infrastructure;
using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

/// <summary>
/// After a plan's price changed, its page asks what happens to the subscribers on the older price: move them after a
/// notice, or grandfather them. Each choice is confirmed before it is saved; going back saves nothing.
/// </summary>
public sealed class PlanPriceChangeBrowserTests(PlanPriceChangeBrowserTests.App app) : IClassFixture<PlanPriceChangeBrowserTests.App>
{
    public sealed class App : BrowserApp
    {
        public const string AdminEmail = "admin@example.test";
        public const string AdminPassword = "Admin-Password-123";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
            ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
            ["Billing:ProcessEvents"] = "false",
        };
    }

    [Fact]
    public async Task An_admin_chooses_to_grandfather_the_subscribers_on_the_older_price_after_confirming()
    {
        var key = $"pc-{Guid.NewGuid():N}"[..20];
        await SeedPlanWithAnOlderPriceAsync(key);
        var page = await app.NewPageAsync();
        var signIn = await page.Context.APIRequest.PostAsync("/api/v1/account/login?useCookies=true",
            new APIRequestContextOptions { DataObject = new { email = App.AdminEmail, password = App.AdminPassword } });
        Assert.True(signIn.Ok, $"Sign-in failed: {signIn.Status}");

        await page.GotoAsync($"/admin/plans/{key}");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Subscribers on older prices" });
        await Assertions.Expect(section).ToContainTextAsync("1 subscriber(s) are on an older price");
        await Assertions.Expect(section).ToContainTextAsync("Nothing chosen yet");

        // Move, then think better of it: nothing is saved.
        await section.GetByLabel("Move them to").CheckAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Continue…" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("Move 1 subscriber(s) to");
        await PageChecks.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "No, go back" }).ClickAsync();
        await Assertions.Expect(section).ToContainTextAsync("Nothing chosen yet");
        Assert.Null(await DecisionAsync(key));

        // Grandfather, confirmed.
        await section.GetByLabel("Keep their older price").CheckAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Continue…" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("Keep 1 subscriber(s) on their older price?");
        await BrowserApp.ScreenshotAsync(page, "admin-plan-price-change-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, keep their price" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 subscriber(s) on older prices keep their price (grandfathered)");
        await Assertions.Expect(section).ToContainTextAsync("Chosen: they keep their price (grandfathered).");
        await PageChecks.AssertAccessibleAsync(page);
        Assert.Equal("grandfather", await DecisionAsync(key));
    }

    private async Task SeedPlanWithAnOlderPriceAsync(string key)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = TestDatabase.CreateContext(app.Database.ConnectionString);
        var email = $"{key}@example.test";
        var reader = new Reader
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString(),
            CreatedAt = now,
        };
        db.Users.Add(reader);
        db.Plans.Add(new Web.Plans.Plan { Key = key, Name = "Price Change Monthly", Amount = 600, StripePriceId = $"price_{key}_new", CreatedAt = now, UpdatedAt = now });
        db.Set<PlanPrice>().AddRange(Price(key, "old", 500, now.AddDays(-30)), Price(key, "new", 600, now));
        db.Subscriptions.Add(new MemberSubscription
        {
            StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
            ReaderId = reader.Id,
            StripeCustomerId = $"cus_{Guid.NewGuid():N}",
            PlanKey = key,
            StripePriceId = $"price_{key}_old",
            Status = "active",
            CurrentPeriodEnd = now.AddDays(20),
            CreatedAt = now.AddDays(-10),
            UpdatedAt = now,
        });
        await db.SaveChangesAsync();
    }

    private static PlanPrice Price(string planKey, string which, long amount, DateTimeOffset at) =>
        new() { StripePriceId = $"price_{planKey}_{which}", PlanKey = planKey, Amount = amount, Currency = "usd", Interval = "month", RecordedAt = at };

    private async Task<string?> DecisionAsync(string key)
    {
        await using var db = TestDatabase.CreateContext(app.Database.ConnectionString);
        var decided = await db.Database.SqlQuery<string>($"SELECT existing_subscribers AS \"Value\" FROM price_changes WHERE plan_key = {key}").ToListAsync();
        return decided.SingleOrDefault();
    }
}
