using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Membership.Tests.Webhooks;

/// <summary>
/// A site's webhook receiver on real HTTP (Kestrel, a free loopback port). It verifies every request with
/// the StandardWebhooks NuGet package (an implementation of the spec independent of the service's own
/// signing) and keeps the verified events in arrival order; a request that does not verify is refused.
/// </summary>
public sealed class SiteReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private string? _secret;

    public ConcurrentQueue<JsonElement> Verified { get; } = new();
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Answer this status instead of 204 (to test retries); 0 for normal.</summary>
    public int FailWith { get; set; }

    private SiteReceiver(WebApplication app) => _app = app;

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks";

    public void UseSecret(string secret) => _secret = secret;

    public static async Task<SiteReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new SiteReceiver(app);
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            try
            {
                new StandardWebhook(receiver._secret!).Verify(body, request.Headers);
            }
            catch (Exception e)
            {
                receiver.Refused.Enqueue(e.Message);
                return Results.StatusCode(400);
            }
            if (receiver.FailWith != 0)
                return Results.StatusCode(receiver.FailWith);
            receiver.Verified.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
            return Results.NoContent();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
