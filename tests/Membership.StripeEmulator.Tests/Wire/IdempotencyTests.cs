using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Membership.StripeEmulator.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Membership.StripeEmulator.Tests.Wire;

/// <summary>Idempotency-Key: replayed for the same request, refused for another, forgotten after 24 hours as Stripe forgets it.</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public async Task A_key_is_replayed_for_24_hours_and_then_forgotten()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new IdempotencyStore(time, new Membership.StripeEmulator.Engine.ChangeTracker());
        var runs = 0;
        Task Handle(HttpContext http)
        {
            runs++;
            return http.Response.WriteAsync($"{{\"run\":{runs}}}");
        }

        var first = await RunAsync(store, "key-1", "POST /v1/customers email=a", Handle);
        time.Advance(TimeSpan.FromHours(23));
        var replayed = await RunAsync(store, "key-1", "POST /v1/customers email=a", Handle);
        time.Advance(TimeSpan.FromHours(1));
        var afterExpiry = await RunAsync(store, "key-1", "POST /v1/customers email=b", Handle);

        Assert.Equal(("{\"run\":1}", false), (first.Body, first.Replayed));
        Assert.Equal(("{\"run\":1}", true), (replayed.Body, replayed.Replayed));
        Assert.Equal(("{\"run\":2}", false), (afterExpiry.Body, afterExpiry.Replayed));
    }

    [Fact]
    public async Task The_same_key_with_other_query_parameters_is_refused()
    {
        await using var emulator = await Emulator.StartAsync();
        using var first = Post("v1/customers?email=one%40example.test", "query-key");
        using var second = Post("v1/customers?email=two%40example.test", "query-key");

        var created = await emulator.Http.SendAsync(first);
        var refused = await emulator.Http.SendAsync(second);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("idempotency_error", error["type"]!.GetValue<string>());
        Assert.Empty(await emulator.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "two@example.test" }));
    }

    private static HttpRequestMessage Post(string path, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.SecretKey);
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task<(string Body, bool Replayed)> RunAsync(IdempotencyStore store, string key, string fingerprint, RequestDelegate handler)
    {
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;
        await store.RunAsync(http, key, fingerprint, handler);
        return (System.Text.Encoding.UTF8.GetString(body.ToArray()), http.Response.Headers["Idempotent-Replayed"] == "true");
    }
}
