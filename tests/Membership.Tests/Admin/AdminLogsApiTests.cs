using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Admin;

/// <summary>The audit log, the webhook event log, replay and sync as admins use them.</summary>
public sealed class AdminLogsApiTests(AdminApp app) : IClassFixture<AdminApp>
{
    private async Task<string> AddEventAsync(StripeEventStatus status, string type, Guid? readerId, DateTimeOffset receivedAt, string? error = null)
    {
        var id = $"evt_{Guid.NewGuid():N}";
        await app.WithDbAsync(db =>
        {
            db.StripeEvents.Add(new StripeEventRecord
            {
                Id = id,
                Type = type,
                Payload = "{}",
                ReceivedAt = receivedAt,
                StripeCreatedAt = receivedAt,
                Status = status,
                Attempts = status == StripeEventStatus.Failed ? 10 : 1,
                LastError = error,
                ReaderId = readerId,
                NextAttemptAt = receivedAt,
            });
            return db.SaveChangesAsync();
        });
        return id;
    }

    private static List<string?> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();

    [Fact]
    public async Task The_audit_log_lists_a_readers_entries_newest_first_filtered_and_paged()
    {
        var readerId = await app.AddReaderAsync($"audited-{Guid.NewGuid():N}@example.test");
        var admin = await app.AdminAsync();
        var grant = await AdminTestData.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { reason = "First" }));
        (await admin.DeleteAsync($"/api/v1/admin/grants/{grant.GetProperty("id").GetGuid()}")).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { reason = "Second" })).EnsureSuccessStatusCode();

        var first = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/audit?readerId={readerId}&limit=2"));
        var rest = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/audit?readerId={readerId}&limit=2&cursor={first.GetProperty("nextCursor").GetString()}"));
        var ends = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/audit?readerId={readerId}&action=grant.end&actor=ADMIN@"));
        var nobody = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/audit?readerId={readerId}&actor=someone-else"));

        static List<string?> Actions(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["grant.create", "grant.end"], Actions(first));
        Assert.Equal(["grant.create"], Actions(rest));
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);
        Assert.Equal(AdminApp.AdminEmail, Assert.Single(ends.GetProperty("items").EnumerateArray()).GetProperty("actor").GetString());
        Assert.Empty(nobody.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Stripe_events_are_listed_newest_first_and_filtered_by_status_and_type()
    {
        var readerEmail = $"events-{Guid.NewGuid():N}@example.test";
        var readerId = await app.AddReaderAsync(readerEmail);
        var now = app.Clock.GetUtcNow();
        var type = $"test.{Guid.NewGuid():N}";
        var older = await AddEventAsync(StripeEventStatus.Processed, type, readerId, now.AddMinutes(-10));
        var failed = await AddEventAsync(StripeEventStatus.Failed, type, readerId, now.AddMinutes(-5), "Stripe said no");
        var newer = await AddEventAsync(StripeEventStatus.Processed, type, null, now.AddMinutes(-1));
        var admin = await app.AdminAsync();

        var all = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/stripe-events?type={type}&limit=2"));
        var next = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/stripe-events?type={type}&limit=2&cursor={all.GetProperty("nextCursor").GetString()}"));
        var failures = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/stripe-events?type={type}&status=failed"));
        var badStatus = await admin.GetAsync("/api/v1/admin/stripe-events?status=exploded");

        Assert.Equal([newer, failed], Ids(all));
        Assert.Equal([older], Ids(next));
        var failure = Assert.Single(failures.GetProperty("items").EnumerateArray());
        Assert.Equal((failed, "failed", 10, "Stripe said no", readerEmail), (failure.GetProperty("id").GetString(), failure.GetProperty("status").GetString(),
            failure.GetProperty("attempts").GetInt32(), failure.GetProperty("lastError").GetString(), failure.GetProperty("readerEmail").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public async Task Events_received_in_the_same_instant_are_paged_through_each_once_in_id_order()
    {
        var type = $"test.{Guid.NewGuid():N}";
        var at = app.Clock.GetUtcNow().AddMinutes(-3);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
            ids.Add(await AddEventAsync(StripeEventStatus.Processed, type, null, at));
        var admin = await app.AdminAsync();

        var seen = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/stripe-events?type={type}&limit=1{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count <= ids.Count);

        Assert.Equal(ids.OrderDescending(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Replaying_an_event_queues_it_again_and_writes_one_audit_row()
    {
        var readerId = await app.AddReaderAsync($"replay-{Guid.NewGuid():N}@example.test");
        var id = await AddEventAsync(StripeEventStatus.Failed, "invoice.paid", readerId, app.Clock.GetUtcNow().AddHours(-1), "boom");
        var admin = await app.AdminAsync();

        var replayed = await admin.PostAsync($"/api/v1/admin/stripe-events/{id}/replay", null);
        var unknown = await admin.PostAsync($"/api/v1/admin/stripe-events/evt_missing_{Guid.NewGuid():N}/replay", null);

        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var stored = await app.WithDbAsync(db => db.StripeEvents.AsNoTracking().FirstAsync(e => e.Id == id));
        Assert.Equal((StripeEventStatus.Pending, 0), (stored.Status, stored.Attempts));
        Assert.Equal(["stripe_event.replay"], await app.AuditActionsAsync(readerId));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "stripe_event.replay")));
    }

    [Fact]
    public async Task Sync_is_audited_and_an_unreachable_Stripe_gets_a_503_with_Retry_After_and_writes_nothing()
    {
        var local = await app.AddReaderAsync($"sync-{Guid.NewGuid():N}@example.test");
        var withCustomer = await app.AddReaderAsync($"sync-{Guid.NewGuid():N}@example.test", customerId: $"cus_{Guid.NewGuid():N}");
        var admin = await app.AdminAsync();

        // Without a Stripe customer there is nothing to ask Stripe; with one, Stripe (unreachable here) must answer.
        var synced = await admin.PostAsync($"/api/v1/admin/readers/{local}/sync", null);
        var failed = await admin.PostAsync($"/api/v1/admin/readers/{withCustomer}/sync", null);
        var unknown = await admin.PostAsync($"/api/v1/admin/readers/{Guid.NewGuid()}/sync", null);

        Assert.Equal(0, (await AdminTestData.JsonAsync(synced)).GetProperty("subscriptionsSynced").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.NotNull(failed.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(["reader.sync"], await app.AuditActionsAsync(local));
        Assert.Empty(await app.AuditActionsAsync(withCustomer));
    }
}
