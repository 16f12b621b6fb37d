using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.BrowserTests.Infrastructure;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

public sealed class AdminConsoleTests(AdminConsoleTests.App app) : IClassFixture<AdminConsoleTests.App>
{
    public sealed class App : BrowserApp
    {
        public const string AdminEmail = "admin@example.test";
        public const string AdminPassword = "Admin-Password-123";
        public const string SiteKey = "site_browser_key_0123456789abcdefghij";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
            ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
            ["Membership:Bootstrap:SiteApiKey"] = SiteKey,
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
            ["Billing:ProcessEvents"] = "false",
        };
    }

    private const string Password = "Correct-Horse-9";

    /// <summary>A browser page signed in through the JSON sign-in (its cookie lands in the page's context).</summary>
    private async Task<IPage> SignedInPageAsync(string email, string password)
    {
        var page = await app.NewPageAsync();
        var response = await page.Context.APIRequest.PostAsync("/api/v1/account/login?useCookies=true",
            new APIRequestContextOptions { DataObject = new { email, password } });
        Assert.True(response.Ok, $"Sign-in failed: {response.Status}");
        return page;
    }

    private async Task<HttpClient> ReaderAsync(string email)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) };
        (await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = Password })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email, password = Password })).EnsureSuccessStatusCode();
        return client;
    }

    [Fact]
    public async Task An_admin_grants_complimentary_ad_free_and_the_reader_sees_it()
    {
        var email = $"browser-{Guid.NewGuid():N}@example.test";
        using var reader = await ReaderAsync(email);
        var page = await app.NewPageAsync();
        var errors = ConsoleErrors(page);

        // Signed out, the console sends the admin to sign in, then back.
        await page.GotoAsync("/admin/readers");
        await page.GetByLabel("Email address").FillAsync(App.AdminEmail);
        await page.GetByLabel("Password").FillAsync(App.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/readers$"));
        await page.GetByLabel("Email, the start of an email, or a reader id").FillAsync(email[..20]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = email }).ClickAsync();
        await page.GetByLabel("Reason").FillAsync("Press partner");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant ad-free" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Complimentary ad-free granted for good");
        await Assertions.Expect(page.Locator(".badge-ok", new() { HasText = "ad-free" })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "admin-reader-granted");
        using var me = JsonDocument.Parse(await reader.GetStringAsync("/api/v1/me"));
        var entitlement = me.RootElement.GetProperty("entitlement");
        Assert.True(entitlement.GetProperty("adFree").GetBoolean());
        Assert.Equal("complimentary", entitlement.GetProperty("source").GetString());
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        // The reader's own account page says so...
        var readerPage = await SignedInPageAsync(email, Password);
        var readerErrors = ConsoleErrors(readerPage);
        await readerPage.GotoAsync("/account");
        var membership = readerPage.GetByRole(AriaRole.Region, new() { Name = "Membership" });
        await Assertions.Expect(membership).ToContainTextAsync("Complimentary membership");
        await Assertions.Expect(membership.Locator("dd", new() { HasText = "Complimentary, for good" }).Locator(".badge-ok")).ToHaveTextAsync("Yes");
        await BrowserApp.ScreenshotAsync(readerPage, "reader-account-complimentary");
        Assert.True(readerErrors.Count == 0, string.Join(Environment.NewLine, readerErrors));

        // ...and so does the entitlement API, asked as the site asks it.
        using var site = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        site.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", App.SiteKey);
        using var answer = JsonDocument.Parse(await site.GetStringAsync($"/api/v1/entitlements/{me.RootElement.GetProperty("id").GetGuid()}"));
        Assert.True(answer.RootElement.GetProperty("adFree").GetBoolean());
        Assert.Equal("complimentary", answer.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task The_dashboard_draws_its_charts()
    {
        using var reader = await ReaderAsync($"chart-{Guid.NewGuid():N}@example.test");
        using var me = JsonDocument.Parse(await reader.GetStringAsync("/api/v1/me"));
        var readerId = me.RootElement.GetProperty("id").GetGuid();
        var now = DateTimeOffset.UtcNow;
        await using (var db = TestDatabase.CreateContext(app.Database.ConnectionString))
        {
            db.Subscriptions.Add(new MemberSubscription
            {
                StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
                ReaderId = readerId,
                StripeCustomerId = "cus_chart",
                PlanKey = "adfree-monthly",
                Status = "active",
                CreatedAt = now,
                UpdatedAt = now,
            });
            // A few weeks of ups and downs, so the chart has something to draw.
            for (var day = 0; day < 60; day++)
            {
                for (var i = 0; i < (day * 7 % 5) + 1; i++)
                    db.SubscriptionHistory.Add(new SubscriptionHistoryEntry { ReaderId = readerId, Change = "status", To = "active", Cause = "seed", OccurredAt = now.AddDays(-day) });
                if (day % 3 == 0)
                    db.SubscriptionHistory.Add(new SubscriptionHistoryEntry { ReaderId = readerId, Change = "status", From = "active", To = "canceled", Cause = "seed", OccurredAt = now.AddDays(-day) });
            }
            await db.SaveChangesAsync();
        }
        var page = await SignedInPageAsync(App.AdminEmail, App.AdminPassword);
        var errors = ConsoleErrors(page);

        await page.GotoAsync("/admin");

        var daily = page.GetByRole(AriaRole.Img, new() { Name = "New and churned members per day, last 90 days" });
        await Assertions.Expect(daily).ToBeVisibleAsync();
        Assert.True((await daily.BoundingBoxAsync())!.Width > 400);
        Assert.True(await daily.Locator("rect.new").CountAsync() >= 60);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Subscriptions by status" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Trials in the last 90 days" })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "admin-dashboard");
        await page.GetByText("New and churned per day as a table").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table).First).ToBeVisibleAsync();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task Every_admin_page_renders_for_an_admin()
    {
        var email = $"tour-{Guid.NewGuid():N}@example.test";
        using var reader = await ReaderAsync(email);
        using var me = JsonDocument.Parse(await reader.GetStringAsync("/api/v1/me"));
        var readerId = me.RootElement.GetProperty("id").GetGuid();
        var now = DateTimeOffset.UtcNow;
        await using (var db = TestDatabase.CreateContext(app.Database.ConnectionString))
        {
            db.Plans.Add(new Web.Plans.Plan { Key = "tour-monthly", Name = "Tour Monthly", Amount = 450, Currency = "eur", TrialDays = 7, CreatedAt = now, UpdatedAt = now });
            db.StripeEvents.Add(new StripeEventRecord
            {
                Id = "evt_tour_failed",
                Type = "invoice.payment_failed",
                Payload = "{}",
                ReceivedAt = now,
                NextAttemptAt = now,
                Status = StripeEventStatus.Failed,
                Attempts = 10,
                LastError = "The card was declined.",
                ReaderId = readerId,
            });
            await db.SaveChangesAsync();
        }
        var page = await SignedInPageAsync(App.AdminEmail, App.AdminPassword);
        var errors = ConsoleErrors(page);
        (string Url, string Heading, string Shot)[] pages =
        [
            ("/admin/plans", "Plans", "admin-plans"),
            ("/admin/plans/tour-monthly?confirm=archive", "Tour Monthly tour-monthly", "admin-plan-archive-confirm"),
            ($"/admin/readers?query={email[..8]}", "Readers", "admin-readers"),
            ("/admin/events?status=failed", "Webhook events", "admin-events"),
            ("/admin/audit", "Audit log", "admin-audit"),
            ("/admin/imports", "Imports", "admin-imports"),
        ];

        foreach (var (url, heading, shot) in pages)
        {
            var response = await page.GotoAsync(url);
            Assert.Equal(200, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await BrowserApp.ScreenshotAsync(page, shot);
        }
        await page.GotoAsync("/admin/keys");
        await page.GetByLabel("Name").FillAsync("www.example.com servers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue key" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("The site key")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^site_"));
        await BrowserApp.ScreenshotAsync(page, "admin-keys-issued");

        await page.GotoAsync("/admin/events?status=failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay evt_tour_failed" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("evt_tour_failed is queued");
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    /// <summary>What the browser complains about (a style or script the content security policy blocks, say).</summary>
    private static List<string> ConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // The site has no favicon yet; Chromium asks for one on every new page.
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
                errors.Add($"{message.Text} ({message.Location})");
        };
        return errors;
    }
}
