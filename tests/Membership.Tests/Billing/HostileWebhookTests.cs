using System.Net;
using System.Text;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Billing;

/// <summary>
/// The webhook under hostile or unusual input: a huge body is a 413 before any work, and any event Stripe
/// signs, whatever text it holds, is stored exactly as received and processed, never a 5xx Stripe retries for days.
/// </summary>
public sealed class HostileWebhookTests(HostileWebhookTests.App app) : IClassFixture<HostileWebhookTests.App>
{
    /// <summary>The worker runs; Stripe is unreachable, which the event types used here never need.</summary>
    public sealed class App : MembershipApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Billing:ProcessEvents"] = "true",
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
            ["Stripe:ApiBase"] = "http://127.0.0.1:9",
        };
    }

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_and_nothing_is_stored()
    {
        var before = await app.WithDbAsync(db => db.StripeEvents.CountAsync());
        var body = SignedWebhooks.Event("product.created", new { id = "prod_1", @object = "product", description = new string('x', 2 * 1024 * 1024) });

        var response = await _client.SendAsync(SignedWebhooks.Request(body, SignedWebhooks.Signature(body)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.WithDbAsync(db => db.StripeEvents.CountAsync()));
    }

    [Fact]
    public async Task A_body_over_the_limit_without_a_length_is_cut_off_with_a_413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StreamContent(new MemoryStream(new byte[3 * 1024 * 1024])), // no Content-Length: read until the limit
        };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\ud800")]
    [InlineData("\\udfff\\ud800")]
    [InlineData("\\\\ud800 \\ud83d\\ude00 \\ud83d")]
    public async Task A_signed_event_holding_text_jsonb_refuses_is_stored_as_received_and_processed(string escape)
    {
        var id = $"evt_{Guid.NewGuid():N}";
        // Written by hand: serializers will not write a lone surrogate, but Stripe's JSON may carry one.
        var body = SignedWebhooks.Event("product.created", new { id = "prod_1", @object = "product", name = "MARK" }, id)
            .Replace("MARK", $"Odd {escape} name", StringComparison.Ordinal);

        var response = await _client.SendAsync(SignedWebhooks.Request(body, SignedWebhooks.Signature(body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await app.WithDbAsync(db => db.StripeEvents.Where(e => e.Id == id).Select(e => e.Payload).SingleAsync()));
        await Eventually.UntilAsync(
            async () => await app.WithDbAsync(db => db.StripeEvents.Where(e => e.Id == id).Select(e => e.Status).SingleAsync()) == StripeEventStatus.Ignored, "the worker read the event and recorded it as not used");
    }

    [Fact]
    public async Task A_body_that_is_not_UTF8_fails_its_signature_and_is_a_400()
    {
        var body = SignedWebhooks.Event("product.created", new { id = "prod_1", @object = "product", name = "XX" });
        var bytes = Encoding.UTF8.GetBytes(body);
        var at = body.IndexOf("XX", StringComparison.Ordinal);
        bytes[at] = 0xC0;
        bytes[at + 1] = 0x80; // an overlong NUL
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(bytes) };
        // Signed over the bytes as sent, as a signer that does not care about UTF-8 would.
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(SignedWebhooks.Secret), (byte[])[.. Encoding.UTF8.GetBytes($"{timestamp}."), .. bytes]);
        request.Headers.TryAddWithoutValidation("Stripe-Signature", $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"a\":\"x\\ud800y\"}", "{\"a\":\"x\\uFFFDy\"}")]
    [InlineData("{\"a\":\"\\udc00\\ud800\"}", "{\"a\":\"\\uFFFD\\uFFFD\"}")]
    [InlineData("{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"\\ud83d\\ude00\"}")]
    [InlineData("{\"a\":\"\\\\ud800\"}", "{\"a\":\"\\\\ud800\"}")]
    [InlineData("{\"a\":\"\\u00e9 \\ud83d\"}", "{\"a\":\"\\u00e9 \\uFFFD\"}")]
    public void Lone_surrogate_escapes_become_replacement_characters_and_nothing_else_changes(string json, string expected) =>
        Assert.Equal(expected, LoneSurrogateEscapes.Replace(json));
}
