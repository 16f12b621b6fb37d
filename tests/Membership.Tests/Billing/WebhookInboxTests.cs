using System.Net;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Billing;

/// <summary>The webhook endpoint's promise: verify, store, then acknowledge; reject the rest and store nothing.</summary>
public sealed class WebhookInboxTests(WebhookInboxTests.App app) : IClassFixture<WebhookInboxTests.App>
{
    /// <summary>Without a worker, so the tests see exactly what the endpoint stored.</summary>
    public sealed class App : MembershipApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Billing:ProcessEvents"] = "false",
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
        };
    }

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_verified_event_is_stored_before_the_2xx()
    {
        var id = $"evt_{Guid.NewGuid():N}";
        var body = SignedWebhooks.Event("product.created", new { id = "prod_1", @object = "product" }, id);

        var response = await _client.SendAsync(SignedWebhooks.Request(body, SignedWebhooks.Signature(body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal("product.created", stored.Type);
        Assert.Equal(StripeEventStatus.Pending, stored.Status);
    }

    [Fact]
    public async Task The_same_event_delivered_20_times_at_once_is_stored_once()
    {
        var id = $"evt_{Guid.NewGuid():N}";
        var body = SignedWebhooks.Event("customer.subscription.updated", new { id = "sub_1", @object = "subscription" }, id);
        var signature = SignedWebhooks.Signature(body);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.SendAsync(SignedWebhooks.Request(body, signature))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.StripeEvents.CountAsync(e => e.Id == id)));
    }

    public static TheoryData<string, string> BadSignatures => new()
    {
        { "missing", "" },
        { "wrong secret", "whsec_someone_else" },
        { "stale", "stale" },
        { "garbage", "garbage" },
    };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task Unsigned_wrongly_signed_or_stale_events_get_400_and_nothing_is_stored(string why, string how)
    {
        var id = $"evt_{Guid.NewGuid():N}";
        var body = SignedWebhooks.Event("invoice.paid", new { id = "in_1", @object = "invoice" }, id);
        var signature = how switch
        {
            "" => null,
            "stale" => SignedWebhooks.Signature(body, at: DateTimeOffset.UtcNow.AddMinutes(-6)),
            "garbage" => "t=abc,v1=zzz",
            _ => SignedWebhooks.Signature(body, secret: how),
        };

        var response = await _client.SendAsync(SignedWebhooks.Request(body, signature));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await app.WithDbAsync(db => db.StripeEvents.AnyAsync(e => e.Id == id)));
    }

    [Fact]
    public async Task An_event_without_an_API_version_is_a_400_not_a_500()
    {
        var id = $"evt_{Guid.NewGuid():N}";
        var body = SignedWebhooks.Event("invoice.paid", new { id = "in_1", @object = "invoice" }, id, apiVersion: null);

        var response = await _client.SendAsync(SignedWebhooks.Request(body, SignedWebhooks.Signature(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.StripeEvents.AnyAsync(e => e.Id == id)));
    }

    /// <summary>An endpoint made on the account's default version sends events at that version; they are Stripe's all the same.</summary>
    [Theory]
    [InlineData("2019-12-03")]
    [InlineData("2024-06-20")]
    public async Task A_signed_event_at_another_API_version_is_stored(string apiVersion)
    {
        var id = $"evt_{Guid.NewGuid():N}";
        var body = SignedWebhooks.Event("invoice.paid", new { id = "in_1", @object = "invoice" }, id, apiVersion);

        var response = await _client.SendAsync(SignedWebhooks.Request(body, SignedWebhooks.Signature(body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal(apiVersion, stored.ApiVersion);
        Assert.Equal(StripeEventStatus.Pending, stored.Status);
    }

    [Fact]
    public async Task A_body_that_is_not_an_event_is_a_400()
    {
        const string body = "{\"hello\":";

        var response = await _client.SendAsync(SignedWebhooks.Request(body, SignedWebhooks.Signature(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
