using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Membership.Tests.Entitlements;

/// <summary>
/// The nginx example in <c>infra/edge/</c>, run for real: nginx verifies the pass with njs against the service's JWKS
/// and tells the upstream (a tiny server echoing what it got) <c>X-Ad-Free</c>. Genuine passes say what the service
/// decided; forged ones, and a client's own header, say false.
/// </summary>
public sealed class EdgeDecisionTests(SiteApp app) : IClassFixture<SiteApp>, IAsyncLifetime
{
    private WebApplication? _upstream;
    private EdgeNginx? _nginx;
    private int _jwksFetches;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _upstream = builder.Build();
        var service = app.CreateClient();
        _upstream.MapGet("/.well-known/jwks.json", async () =>
        {
            Interlocked.Increment(ref _jwksFetches);
            return Results.Text(await service.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)), "application/json");
        });
        _upstream.MapFallback((HttpRequest request) => $"X-Ad-Free: {request.Headers["X-Ad-Free"]}");
        await _upstream.StartAsync();
        var upstreamPort = new Uri(_upstream.Urls.Single()).Port;
        _nginx = await EdgeNginx.StartAsync(SiteSettings.PublicUrl, upstreamPort);
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
            await _nginx.DisposeAsync();
        if (_upstream is not null)
            await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_genuine_pass_tells_the_site_what_the_service_decided_and_the_keys_are_fetched_once()
    {
        var (member, memberId, _) = await app.NewReaderAsync();
        using var admin = await app.AdminAsync();
        await admin.GrantAdFreeAsync(memberId);
        await Eventually.UntilAsync(async () => (await member.GetFromJsonAsync<JsonElement>("/api/v1/me/entitlements")).GetProperty("adFree").GetBoolean(), "the grant in the member's entitlement");
        var (reader, _, _) = await app.NewReaderAsync();

        var memberPass = await PassAsync(member);
        Assert.Equal("true", await EdgeSaysAsync(memberPass));
        Assert.Equal("false", await EdgeSaysAsync(await PassAsync(reader)));
        Assert.Equal("false", await EdgeSaysAsync(pass: null));
        for (var i = 0; i < 3; i++)
            Assert.Equal("true", await EdgeSaysAsync(memberPass));
        Assert.Equal(1, _jwksFetches);
    }

    [Theory]
    [InlineData("alg none")]
    [InlineData("HS256 with the public key")]
    [InlineData("wrong key")]
    [InlineData("expired")]
    [InlineData("tampered")]
    [InlineData("wrong issuer")]
    [InlineData("garbage")]
    public async Task A_forged_pass_says_false(string forgery)
    {
        await app.CreateClient().GetAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)); // a key exists
        var forger = new PassForger(app.Services, SiteSettings.PublicUrl);
        var readerId = Guid.NewGuid();
        var pass = forgery switch
        {
            "alg none" => forger.AlgNone(forger.AdFreeClaims(readerId)),
            "HS256 with the public key" => forger.Hs256WithPublicKey(forger.AdFreeClaims(readerId)),
            "wrong key" => forger.WrongKey(forger.AdFreeClaims(readerId)),
            "expired" => forger.SignedByService(PassForger.Claims(readerId, true, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddMinutes(-1), SiteSettings.PublicUrl)),
            "tampered" => forger.Tampered(readerId),
            "wrong issuer" => forger.SignedByService(PassForger.Claims(readerId, true, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), "https://attacker.example")),
            _ => "eyJhbGciOiJFUzI1NiJ9.not-json.%%%",
        };
        // The control: the same claims signed by the service's key pass.
        Assert.Equal("true", await EdgeSaysAsync(forger.SignedByService(forger.AdFreeClaims(readerId))));

        Assert.Equal("false", await EdgeSaysAsync(pass));
    }

    [Fact]
    public async Task A_clients_own_x_ad_free_header_is_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_nginx!.Port}/article");
        request.Headers.Add("X-Ad-Free", "true");
        using var client = new HttpClient();

        Assert.Equal("X-Ad-Free: false", await (await client.SendAsync(request)).Content.ReadAsStringAsync());
    }

    private static async Task<string> PassAsync(HttpClient reader) =>
        (await reader.GetFromJsonAsync<JsonElement>("/api/v1/me/entitlement-token")).GetProperty("token").GetString()!;

    private async Task<string> EdgeSaysAsync(string? pass)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_nginx!.Port}/news/article");
        if (pass is not null)
            request.Headers.Add("Cookie", $"session=abc; adfree_pass={pass}");
        using var client = new HttpClient();
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}\n{_nginx.ErrorLog}");
        return body["X-Ad-Free: ".Length..];
    }
}
