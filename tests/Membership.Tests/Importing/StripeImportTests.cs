using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Admin;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.TestHelpers;

namespace Membership.Tests.Importing;

/// <summary>
/// Bringing members over from Stripe: a dry run reports and changes nothing, applying links by email
/// (case-insensitive) or makes readers without mailing them, and a second run changes nothing.
/// </summary>
public sealed class StripeImportTests(ImportTestApp app) : IClassFixture<ImportTestApp>
{
    [Fact]
    public async Task A_dry_run_changes_nothing_then_apply_links_by_email_creates_the_rest_and_a_second_run_creates_nothing()
    {
        var known = $"Known-{Guid.NewGuid():N}@Example.test";
        var existing = await app.RegisterAndSignInAsync(known.ToLowerInvariant());
        var existingId = (await existing.MeAsync()).Id;
        var (knownCustomer, knownSub) = await app.StripeMemberAsync(known.ToUpperInvariant());
        var fresh = $"fresh-{Guid.NewGuid():N}@example.test";
        var freshKey = fresh.ToUpperInvariant();
        var (freshCustomer, freshSub) = await app.StripeMemberAsync(fresh);
        var (_, anonymousSub) = await app.StripeMemberAsync(null);
        var (_, otherSiteSub) = await app.StripeMemberAsync($"other-{Guid.NewGuid():N}@example.test", await OtherProductPriceAsync());
        await app.SettleAsync();
        using var admin = await app.AdminAsync();

        var dry = await admin.StripeAsync(dryRun: true);

        Assert.Equal("completed", dry.GetProperty("status").GetString());
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal("linked", dry.Action(knownSub));
        Assert.Equal("created", dry.Action(freshSub));
        Assert.Equal("skipped", dry.Action(anonymousSub));
        Assert.Contains("no email", dry.Line(anonymousSub).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("skipped", dry.Action(otherSiteSub));
        Assert.Contains("Not on this site's plans", dry.Line(otherSiteSub).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(dry.Count("created") >= 1 && dry.Count("linked") >= 1 && dry.Count("skipped") >= 2);
        // Nothing changed: no reader made, nobody linked, no subscription written.
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(r => r.NormalizedEmail == freshKey)));
        Assert.Null((await app.ReaderAsync(existingId)).StripeCustomerId);
        Assert.False(await app.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.StripeSubscriptionId == knownSub || s.StripeSubscriptionId == freshSub)));

        var applied = await admin.StripeAsync(dryRun: false);

        Assert.Equal("completed", applied.GetProperty("status").GetString());
        Assert.Equal(("linked", existingId), (applied.Action(knownSub), applied.Line(knownSub).GetProperty("readerId").GetGuid()));
        Assert.Equal("created", applied.Action(freshSub));
        Assert.Equal("skipped", applied.Action(anonymousSub));
        Assert.Equal(knownCustomer, (await app.ReaderAsync(existingId)).StripeCustomerId);
        Assert.True((await existing.MeAsync()).Entitlement.AdFree);
        var made = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(r => r.NormalizedEmail == freshKey));
        Assert.Equal((freshCustomer, (string?)null, false), (made.StripeCustomerId, made.PasswordHash, made.EmailConfirmed));
        Assert.Equal("active", Assert.Single(await app.SubscriptionsOfAsync(made.Id)).Status);
        Assert.True((await app.EntitlementOfAsync(made.Id)).AdFree);
        Assert.Equal(0, await app.Mail.CountToAsync(fresh));
        Assert.False(await app.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.StripeSubscriptionId == otherSiteSub)));

        var readers = await app.WithDbAsync(db => db.Users.CountAsync());
        var again = await admin.StripeAsync(dryRun: false);

        Assert.Equal("unchanged", again.Action(knownSub));
        Assert.Equal("unchanged", again.Action(freshSub));
        Assert.Equal(0, again.Count("created"));
        Assert.Equal(0, again.Count("linked"));
        Assert.Equal(readers, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Single(await app.SubscriptionsOfAsync(made.Id));
    }

    [Fact]
    public async Task A_cancelled_but_paid_up_member_is_imported_as_a_member_until_the_period_ends_and_not_after()
    {
        var start = DateTimeOffset.UtcNow;
        var clock = await app.Stripe.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = start.UtcDateTime });
        var email = $"leaving-{Guid.NewGuid():N}@example.test";
        var (_, subscriptionId) = await app.StripeMemberAsync(email, clockId: clock.Id, cancelAtPeriodEnd: true);
        var periodEnd = new DateTimeOffset(DateTime.SpecifyKind((await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).Items.Data[0].CurrentPeriodEnd, DateTimeKind.Utc));
        await app.SettleAsync();
        using var admin = await app.AdminAsync();

        var dry = await admin.StripeAsync(dryRun: true);
        Assert.Contains($"a member until {periodEnd:yyyy-MM-dd}", dry.Line(subscriptionId).GetProperty("reason").GetString(), StringComparison.Ordinal);
        var job = await admin.StripeAsync(dryRun: false);

        var readerId = job.Line(subscriptionId).GetProperty("readerId").GetGuid();
        var entitlement = await app.EntitlementOfAsync(readerId);
        Assert.True(entitlement.AdFree);
        var subscription = Assert.Single(await app.SubscriptionsOfAsync(readerId));
        Assert.Equal(("active", true, periodEnd), (subscription.Status, subscription.CancelAtPeriodEnd, subscription.CurrentPeriodEnd));

        await AdvanceAsync(clock.Id, periodEnd.AddHours(-1));
        Assert.True((await app.EntitlementOfAsync(readerId)).AdFree);
        await AdvanceAsync(clock.Id, periodEnd.AddHours(1));
        Assert.Equal("canceled", Assert.Single(await app.SubscriptionsOfAsync(readerId)).Status);
        Assert.False((await app.EntitlementOfAsync(readerId)).AdFree);
    }

    [Fact]
    public async Task Bad_requests_are_problems_and_start_nothing_and_readers_may_not_import()
    {
        using var admin = await app.AdminAsync();
        var before = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/imports")).GetArrayLength();

        var unknown = await admin.PostAsJsonAsync("/api/v1/admin/imports", new { source = "ghost", dryRun = true });
        var emptyCsv = await admin.PostAsJsonAsync("/api/v1/admin/imports", new { source = "csv", dryRun = true });
        var badDryRun = await admin.PostAsync(new Uri("/api/v1/admin/imports?source=csv&dryRun=maybe", UriKind.Relative), new StringContent("email\na@example.test"));

        foreach (var response in new[] { unknown, emptyCsv, badDryRun })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/imports")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/v1/admin/imports/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);
        var reader = await app.RegisterAndSignInAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/admin/imports", new { source = "stripe", dryRun = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(new Uri("/api/v1/admin/imports", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_admin_page_starts_a_dry_run_shows_its_report_and_asks_before_applying_it()
    {
        var email = $"page-{Guid.NewGuid():N}@example.test";
        var (_, subscriptionId) = await app.StripeMemberAsync(email);
        await app.SettleAsync();
        using var admin = await app.AdminAsync();
        Assert.Contains("Dry run from Stripe", await admin.GetStringAsync(new Uri("/admin/imports", UriKind.Relative)), StringComparison.Ordinal);

        var started = await admin.PostFormAsync("/admin/imports", "/admin/imports?handler=Stripe", new Dictionary<string, string> { ["dryRun"] = "true" });

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var jobId = Guid.Parse(QueryHelpers.ParseQuery(started.RequestMessage!.RequestUri!.Query)["job"]!);
        Assert.True((await ImportRuns.WaitAsync(admin, jobId)).GetProperty("dryRun").GetBoolean());
        var report = await admin.GetStringAsync(new Uri($"/admin/imports?job={jobId}", UriKind.Relative));
        Assert.Contains(email, report, StringComparison.Ordinal);
        Assert.Contains("Apply this import…", report, StringComparison.Ordinal);
        Assert.Contains("Apply this import?", await admin.GetStringAsync(new Uri($"/admin/imports?job={jobId}&apply=true", UriKind.Relative)), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.StripeSubscriptionId == subscriptionId)));
    }

    private async Task AdvanceAsync(string clockId, DateTimeOffset to)
    {
        await app.Stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clockId, new TestClockAdvanceOptions { FrozenTime = to.UtcDateTime });
        await Eventually.UntilAsync(async () => (await app.Stripe.V1.TestHelpers.TestClocks.GetAsync(clockId)).Status == "ready", "the test clock");
        await app.SettleAsync();
    }

    private async Task<string> OtherProductPriceAsync()
    {
        var product = await app.Stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Another site's newsletter" });
        var price = await app.Stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id,
            Currency = "usd",
            UnitAmount = 300,
            Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        return price.Id;
    }
}
