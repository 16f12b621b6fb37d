using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;
using Membership.Web.Accounts;
using Membership.Web.MyAccount;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Webhooks;

/// <summary>A site subscribes to webhooks and follows a reader's whole life, verifying every signature independently.</summary>
public sealed class ReaderLifeWebhookTests(WebhookTestApp app) : IClassFixture<WebhookTestApp>
{
    private static readonly string[] UnknownEvents = ["entitlement.nope"];

    [Fact]
    public async Task A_receiver_verifying_signatures_sees_every_change_of_a_readers_life_in_order_and_the_feed_says_the_same()
    {
        await using var receiver = await SiteReceiver.StartAsync();
        using var admin = await app.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/admin/webhook-endpoints", new { url = receiver.Url, events = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var endpoint = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = endpoint.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        receiver.UseSecret(secret);
        var list = await admin.GetStringAsync(new Uri("/api/v1/admin/webhook-endpoints", UriKind.Relative));
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);

        var feedStart = await FeedCursorAsync();
        var (_, readerId, _) = await app.NewReaderAsync();
        var firstGrant = await admin.GrantAdFreeAsync(readerId);
        await EventuallyCountAsync(receiver, 1);
        (await admin.DeleteAsync(new Uri($"/api/v1/admin/grants/{firstGrant}", UriKind.Relative))).EnsureSuccessStatusCode();
        await EventuallyCountAsync(receiver, 2);
        await admin.GrantAdFreeAsync(readerId, DateTimeOffset.UtcNow.AddDays(30));
        await EventuallyCountAsync(receiver, 3);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var reader = await scope.ServiceProvider.GetRequiredService<UserManager<Reader>>().FindByIdAsync(readerId.ToString());
            Assert.Null(await scope.ServiceProvider.GetRequiredService<AccountDeletion>().DeleteAsync(reader!, CancellationToken.None));
        }
        await EventuallyCountAsync(receiver, 4);

        var seen = receiver.Verified.Where(e => e.GetProperty("data").GetProperty("readerId").GetGuid() == readerId).Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["entitlement.granted", "entitlement.revoked", "entitlement.granted", "reader.deleted"], seen);
        Assert.Empty(receiver.Refused);

        // The pull feed has the same events in the same order for a site that prefers polling.
        var feed = await app.SiteClient().GetFromJsonAsync<JsonElement>($"/api/v1/entitlement-events?after={feedStart}");
        var fed = feed.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("data").GetProperty("readerId").GetGuid() == readerId).Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(seen, fed);

        // The delivery log shows them delivered, and a replay sends one again with the same webhook-id.
        var id = endpoint.GetProperty("id").GetGuid();
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/webhook-endpoints/{id}/deliveries");
        Assert.All(log.EnumerateArray(), d => Assert.Equal("delivered", d.GetProperty("status").GetString()));
        var replayed = await admin.PostAsync(new Uri($"/api/v1/admin/webhook-endpoints/{id}/deliveries/{log[0].GetProperty("id").GetInt64()}/replay", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        await EventuallyCountAsync(receiver, 5);
    }

    [Fact]
    public async Task Bad_endpoint_input_is_a_problem_and_bad_feed_cursors_are_refused()
    {
        using var admin = await app.AdminAsync();
        var bad = await admin.PostAsJsonAsync("/api/v1/admin/webhook-endpoints", new { url = "not a url", events = UnknownEvents });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/webhook-endpoints");
        Assert.DoesNotContain(before.EnumerateArray(), e => e.GetProperty("url").GetString() == "not a url");

        Assert.Equal(HttpStatusCode.BadRequest, (await app.SiteClient().GetAsync(new Uri("/api/v1/entitlement-events?after=xyz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(new Uri("/api/v1/entitlement-events", UriKind.Relative))).StatusCode);
    }

    private async Task<string> FeedCursorAsync()
    {
        var cursor = "0";
        while (true)
        {
            var page = await app.SiteClient().GetFromJsonAsync<JsonElement>($"/api/v1/entitlement-events?after={cursor}&limit=1000");
            var next = page.GetProperty("next").GetString()!;
            if (next == cursor)
                return cursor;
            cursor = next;
        }
    }

    private static Task<TimeSpan> EventuallyCountAsync(SiteReceiver receiver, int count) =>
        Eventually.UntilAsync(() => Task.FromResult(receiver.Verified.Count >= count), $"{count} verified deliveries");
}
