using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Hosting;

/// <summary>
/// A page on another host of the same site (or anywhere else) cannot make a signed-in reader's or admin's
/// browser change anything through the JSON API: the browser says where the request came from, and only
/// this service's own origin may change things with the cookie alone.
/// </summary>
public sealed class CrossSiteRequestTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    private const string ForeignOrigin = "https://evil.example";

    [Theory]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Origin", ForeignOrigin)]
    [InlineData("Origin", "null")]
    public async Task A_cross_site_cancel_with_the_readers_cookie_is_a_403_and_changes_nothing(string header, string value)
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();

        var response = await reader.SendAsync(Post("/api/v1/me/subscription/cancel", null, (header, value)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False((await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).CancelAtPeriodEnd);
        await app.SettleAsync();
        Assert.False((await app.SubscriptionsOfAsync(readerId)).Single().CancelAtPeriodEnd);
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")] // Membership__PublicUrl
    [InlineData("http://localhost")]      // the request's own scheme and host
    public async Task A_cancel_from_the_services_own_origin_goes_through(string origin)
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();

        var response = await reader.SendAsync(Post("/api/v1/me/subscription/cancel", null, ("Origin", origin), ("Sec-Fetch-Site", "same-origin")));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True((await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).CancelAtPeriodEnd);
        Assert.True((await app.SubscriptionsOfAsync(readerId)).Single() is { CancelAtPeriodEnd: true } or { CancelAt: not null });
    }

    [Fact]
    public async Task A_checkout_from_a_foreign_origin_is_refused()
    {
        var reader = await app.RegisterAndSignInAsync();

        var response = await reader.SendAsync(Post("/api/v1/me/checkout", JsonContent.Create(new { planKey = "adfree-monthly" }), ("Origin", ForeignOrigin)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var readerId = (await reader.MeAsync()).Id;
        Assert.Null((await app.ReaderAsync(readerId)).StripeCustomerId);
    }

    [Fact]
    public async Task An_admins_grant_from_a_foreign_origin_is_refused_and_creates_nothing()
    {
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        var admin = await app.AdminAsync();

        var response = await admin.SendAsync(Post($"/api/v1/admin/readers/{readerId}/grants",
            JsonContent.Create(new { feature = "ad_free", reason = "forged" }), ("Origin", ForeignOrigin)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Grants.CountAsync(g => g.ReaderId == readerId)));
        Assert.False((await reader.MeAsync()).Entitlement.AdFree);
    }

    [Fact]
    public async Task An_admins_plan_change_from_the_same_site_is_refused_and_changes_nothing()
    {
        var admin = await app.AdminAsync();
        var before = await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Key == "adfree-monthly"));

        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/admin/plans/adfree-monthly") { Content = JsonContent.Create(new { name = "Forged" }) };
        request.Headers.Add("Sec-Fetch-Site", "same-site");
        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before.Name, (await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Key == "adfree-monthly"))).Name);
    }

    [Fact]
    public async Task A_bearer_token_call_without_the_cookie_is_not_the_guards_business_even_from_a_foreign_origin()
    {
        var (reader, _, subscriptionId) = await app.SubscribedReaderAsync();
        var me = await reader.MeAsync();
        var tokens = await app.CreateClient().PostAsJsonAsync("/api/v1/account/login", new { email = me.Email, password = Readers.Password });
        var accessToken = (await tokens.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        // An app on another origin holding a token, and no cookie: nothing a forger could make a browser send.
        using var request = Post("/api/v1/me/subscription/cancel", null, ("Origin", ForeignOrigin), ("Sec-Fetch-Site", "cross-site"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True((await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).CancelAtPeriodEnd);
    }

    [Theory]
    [InlineData("Basic", "YWRtaW46YWRtaW4=")]
    [InlineData("Bearer", "not-a-token-of-ours")]
    [InlineData("Bearer", "site_made_up_key")]
    public async Task The_cookie_is_judged_so_an_Authorization_header_beside_it_does_not_let_a_cross_site_cancel_through(string scheme, string value)
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();

        using var request = Post("/api/v1/me/subscription/cancel", null, ("Origin", ForeignOrigin), ("Sec-Fetch-Site", "cross-site"));
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, value);
        var response = await reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False((await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).CancelAtPeriodEnd);
        await app.SettleAsync();
        Assert.False((await app.SubscriptionsOfAsync(readerId)).Single().CancelAtPeriodEnd);
    }

    [Fact]
    public async Task Stripes_webhook_is_not_the_guards_business()
    {
        var reader = await app.RegisterAndSignInAsync();

        var response = await reader.SendAsync(Post("/webhooks/stripe", new StringContent("{}"), ("Origin", ForeignOrigin)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // unsigned, as any caller's would be
    }

    private static HttpRequestMessage Post(string path, HttpContent? content, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);
        return request;
    }
}
