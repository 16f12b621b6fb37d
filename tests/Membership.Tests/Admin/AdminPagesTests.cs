using System.Globalization;
using System.Net;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Admin;

/// <summary>The admin pages' actions through their forms: the same services as the JSON API, so the same rules and audit.</summary>
public sealed class AdminPagesTests(AdminApp app) : IClassFixture<AdminApp>
{
    private async Task<HttpClient> AdminAsync()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInAsync(AdminApp.AdminEmail, AdminApp.AdminPassword);
        return client;
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Granting_ad_free_on_the_reader_page_saves_the_grant_audits_it_and_says_so()
    {
        var readerId = await app.AddReaderAsync($"page-grant-{Guid.NewGuid():N}@example.test");
        var admin = await AdminAsync();
        var lastDay = app.Clock.GetUtcNow().AddDays(30);

        var response = await admin.PostFormAsync($"/admin/readers/{readerId}", $"/admin/readers/{readerId}?handler=Grant",
            new Dictionary<string, string> { ["Grant.Reason"] = "Contest winner", ["Grant.LastDay"] = Day(lastDay) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var grant = await app.WithDbAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.ReaderId == readerId));
        Assert.Equal(("Contest winner", new DateTimeOffset(lastDay.UtcDateTime.Date.AddDays(1), TimeSpan.Zero)), (grant.Reason, grant.Until));
        Assert.Equal(["grant.create"], await app.AuditActionsAsync(readerId));
        var page = await admin.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("Complimentary ad-free granted, ", page, StringComparison.Ordinal);
        Assert.Contains("in effect through the end of that day", page, StringComparison.Ordinal);
        Assert.Contains("badge badge-ok\">ad-free", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_without_a_reason_or_ending_in_the_past_is_refused_on_the_page_and_changes_nothing()
    {
        var readerId = await app.AddReaderAsync($"page-bad-grant-{Guid.NewGuid():N}@example.test");
        var admin = await AdminAsync();

        var noReason = await admin.PostFormAsync($"/admin/readers/{readerId}", $"/admin/readers/{readerId}?handler=Grant",
            new Dictionary<string, string> { ["Grant.Reason"] = "" });
        var past = await admin.PostFormAsync($"/admin/readers/{readerId}", $"/admin/readers/{readerId}?handler=Grant",
            new Dictionary<string, string> { ["Grant.Reason"] = "Late", ["Grant.LastDay"] = Day(app.Clock.GetUtcNow().AddDays(-2)) });

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Say why, in at most 500 characters.", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("The end must be in the future", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Grants.AnyAsync(g => g.ReaderId == readerId)));
        Assert.Empty(await app.AuditActionsAsync(readerId));
    }

    [Fact]
    public async Task Ending_a_grant_asks_first_then_ends_it_and_audits_it()
    {
        var readerId = await app.AddReaderAsync($"page-end-{Guid.NewGuid():N}@example.test");
        var admin = await AdminAsync();
        await admin.PostFormAsync($"/admin/readers/{readerId}", $"/admin/readers/{readerId}?handler=Grant",
            new Dictionary<string, string> { ["Grant.Reason"] = "Staff" });
        var grantId = await app.WithDbAsync(db => db.Grants.Where(g => g.ReaderId == readerId).Select(g => g.Id).SingleAsync());

        var confirm = await admin.GetStringAsync($"/admin/readers/{readerId}?endGrant={grantId}");
        var response = await admin.PostFormAsync($"/admin/readers/{readerId}?endGrant={grantId}", $"/admin/readers/{readerId}?handler=EndGrant&grantId={grantId}",
            new Dictionary<string, string>());

        Assert.Contains("End this grant now?", confirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await app.WithDbAsync(db => db.Grants.Where(g => g.Id == grantId).Select(g => g.EndedAt).SingleAsync()));
        Assert.Equal(["grant.create", "grant.end"], await app.AuditActionsAsync(readerId));
    }

    [Fact]
    public async Task Creating_a_plan_with_a_taken_key_or_a_negative_price_shows_the_error_and_changes_nothing()
    {
        var key = $"page-{Guid.NewGuid():N}"[..16];
        await app.WithDbAsync(db =>
        {
            db.Plans.Add(new Plan { Key = key, Name = "Taken", Amount = 500, CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow() });
            return db.SaveChangesAsync();
        });
        var admin = await AdminAsync();
        Dictionary<string, string> Form(string k, string amount) => new()
        {
            ["Input.Key"] = k,
            ["Input.Name"] = "Copy",
            ["Input.Amount"] = amount,
            ["Input.Currency"] = "usd",
            ["Input.Interval"] = "month",
            ["Input.Features"] = "ad_free",
        };

        var duplicate = await admin.PostFormAsync("/admin/plans", "/admin/plans?handler=Create", Form(key, "9.00"));
        var negative = await admin.PostFormAsync("/admin/plans", "/admin/plans?handler=Create", Form(key + "-x", "-1.00"));

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains($"A plan with the key &#x27;{key}&#x27; exists already", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("The amount is a whole number", await negative.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["Taken"], await app.WithDbAsync(db => db.Plans.Where(p => p.Key.StartsWith(key)).Select(p => p.Name).ToListAsync()));
        Assert.Empty(await app.AuditActionsAsync(target: key));
    }

    [Fact]
    public async Task Editing_and_archiving_a_plan_on_its_page_change_it_and_write_one_audit_row_each()
    {
        var key = $"page-{Guid.NewGuid():N}"[..16];
        await app.WithDbAsync(db =>
        {
            db.Plans.Add(new Plan { Key = key, Name = "Before", Amount = 500, CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow() });
            return db.SaveChangesAsync();
        });
        var admin = await AdminAsync();

        var saved = await admin.PostFormAsync($"/admin/plans/{key}", $"/admin/plans/{key}?handler=Save", new Dictionary<string, string>
        {
            ["Input.Name"] = "After",
            ["Input.Description"] = "Now with a description.",
            ["Input.Amount"] = "5.00",
            ["Input.Currency"] = "usd",
            ["Input.Interval"] = "month",
            ["Input.TrialDays"] = "14",
            ["Input.Features"] = "ad_free",
        });
        var confirm = await admin.GetStringAsync($"/admin/plans/{key}?confirm=archive");
        var archived = await admin.PostFormAsync($"/admin/plans/{key}?confirm=archive", $"/admin/plans/{key}?handler=Archive", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Yes, archive After", confirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, archived.StatusCode);
        var plan = await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Key == key));
        Assert.Equal(("After", "Now with a description.", 14, 500L, true), (plan.Name, plan.Description, plan.TrialDays, plan.Amount, plan.Archived));
        Assert.Equal(["plan.update", "plan.archive"], await app.AuditActionsAsync(target: key));
    }

    [Fact]
    public async Task Replaying_an_event_from_the_events_page_queues_it_and_audits_it()
    {
        var id = $"evt_{Guid.NewGuid():N}";
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(db =>
        {
            db.StripeEvents.Add(new StripeEventRecord
            {
                Id = id,
                Type = "invoice.payment_failed",
                Payload = "{}",
                ReceivedAt = now,
                NextAttemptAt = now,
                Status = StripeEventStatus.Failed,
                Attempts = 10,
                LastError = "boom",
            });
            return db.SaveChangesAsync();
        });
        var admin = await AdminAsync();

        var list = await admin.GetStringAsync("/admin/events?status=failed");
        var response = await admin.PostFormAsync("/admin/events?status=failed", $"/admin/events?handler=Replay&eventId={id}&status=failed", new Dictionary<string, string>());

        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(StripeEventStatus.Pending, await app.WithDbAsync(db => db.StripeEvents.Where(e => e.Id == id).Select(e => e.Status).SingleAsync()));
        Assert.Equal(["stripe_event.replay"], await app.AuditActionsAsync(target: id));
    }

    [Fact]
    public async Task The_readers_page_finds_by_email_prefix_and_pages_forward()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 55; i++)
            await app.AddReaderAsync($"many{tag}-{i:00}@example.test");
        var admin = await AdminAsync();

        var first = await admin.GetStringAsync($"/admin/readers?query=MANY{tag}");
        var next = System.Text.RegularExpressions.Regex.Match(first, "href=\"([^\"]+)\" rel=\"next\"").Groups[1].Value;
        var second = await admin.GetStringAsync(System.Net.WebUtility.HtmlDecode(next));

        Assert.Contains($"many{tag}-00@example.test", first, StringComparison.Ordinal);
        Assert.Contains($"many{tag}-49@example.test", first, StringComparison.Ordinal);
        Assert.DoesNotContain($"many{tag}-50@example.test", first, StringComparison.Ordinal);
        Assert.Contains($"many{tag}-54@example.test", second, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", second, StringComparison.Ordinal);
        Assert.Contains("No reader matches", await admin.GetStringAsync($"/admin/readers?query=nobody-{tag}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_draws_its_charts_with_their_numbers_and_tables()
    {
        var admin = await AdminAsync();

        var page = await admin.GetStringAsync("/admin");

        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"", page, StringComparison.Ordinal);
        Assert.Contains("aria-labelledby=\"daily-chart-title daily-chart-desc\"", page, StringComparison.Ordinal);
        Assert.Contains("New and churned per day as a table", page, StringComparison.Ordinal);
        Assert.Contains("Trials as a table", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_issued_on_the_keys_page_is_shown_once_works_and_can_be_revoked_after_a_confirmation()
    {
        var readerId = await app.AddReaderAsync($"keys-{Guid.NewGuid():N}@example.test");
        var admin = await AdminAsync();
        var name = $"www {Guid.NewGuid():N}";

        var issued = await admin.PostFormAsync("/admin/keys", "/admin/keys?handler=Create",
            new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Kind"] = "site" });

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.True(issued.Headers.CacheControl?.NoStore, "A page showing a new key must not be stored.");
        var key = System.Text.RegularExpressions.Regex.Match(await issued.Content.ReadAsStringAsync(), "id=\"issued-key\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        Assert.StartsWith("site_", key, StringComparison.Ordinal);
        var site = app.CreateClient();
        site.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await site.GetAsync($"/api/v1/entitlements/{readerId}")).StatusCode);
        var list = await admin.GetStringAsync("/admin/keys");
        Assert.Contains(name, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);

        var id = await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == name).Select(k => k.Id).SingleAsync());
        var confirm = await admin.GetStringAsync($"/admin/keys?revoke={id}");
        var revoked = await admin.PostFormAsync($"/admin/keys?revoke={id}", $"/admin/keys?handler=Revoke&id={id}", new Dictionary<string, string>());

        Assert.Contains($"Revoke “{name}”?", System.Net.WebUtility.HtmlDecode(confirm), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await site.GetAsync($"/api/v1/entitlements/{readerId}")).StatusCode);
        Assert.Equal(["api_key.create", "api_key.revoke"], await app.AuditActionsAsync(target: id.ToString()));
    }

    [Fact]
    public async Task A_key_without_a_name_is_refused_on_the_keys_page_and_nothing_is_issued()
    {
        var admin = await AdminAsync();
        var before = await app.WithDbAsync(db => db.ApiKeys.CountAsync());

        var response = await admin.PostFormAsync("/admin/keys", "/admin/keys?handler=Create",
            new Dictionary<string, string> { ["Input.Name"] = " ", ["Input.Kind"] = "site" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Give the key a name", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.ApiKeys.CountAsync()));
    }
}
