using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// The speed anchor of ./build.sh bench: the site lookup as bare as ASP.NET Core allows, so the service's
// figures can be read as a share of what this machine can do at all. Same ids, same key, same wrk
// scripts as the service: a bearer check (SHA-256 of the key against the stored hash, as the service
// stores keys), then the reader's entitlement from a frozen dictionary of prepared JSON. Nothing else:
// no rate limiter, no security headers, no authentication schemes, no logging.
//
// Env: ANCHOR_PORT, BENCH_IDS (one reader id a line), BENCH_KEY (the site key).

var ids = File.ReadLines(Environment.GetEnvironmentVariable("BENCH_IDS") ?? throw new InvalidOperationException("BENCH_IDS is not set"))
    .Where(line => line.Length > 0)
    .Select(Guid.Parse);
var evaluated = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffffffK", System.Globalization.CultureInfo.InvariantCulture);
var entitlements = ids.ToFrozenDictionary(id => id, id => Encoding.UTF8.GetBytes(
    $"{{\"readerId\":\"{id}\",\"adFree\":false,\"features\":[],\"status\":\"none\",\"source\":null,\"planKey\":null,\"validUntil\":null,\"graceUntil\":null,\"evaluatedAt\":\"{evaluated}\"}}"));
var keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("BENCH_KEY") ?? throw new InvalidOperationException("BENCH_KEY is not set")));

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("ANCHOR_PORT") ?? "5099"}");
var app = builder.Build();

app.MapGet("/healthz", () => "ok");

app.MapGet("/api/v1/entitlements/{id:guid}", (Guid id, HttpContext context) =>
{
    if (!Authorized(context))
        return Results.Unauthorized();
    return entitlements.TryGetValue(id, out var json) ? Results.Bytes(json, "application/json") : Results.NotFound();
});

app.MapPost("/api/v1/entitlements/batch", async (HttpContext context) =>
{
    if (!Authorized(context))
        return Results.Unauthorized();
    using var body = await JsonDocument.ParseAsync(context.Request.Body);
    var output = new MemoryStream();
    output.Write("{\"items\":["u8);
    var first = true;
    foreach (var item in body.RootElement.GetProperty("readerIds").EnumerateArray())
    {
        if (!item.TryGetGuid(out var id) || !entitlements.TryGetValue(id, out var json))
            continue;
        if (!first)
            output.WriteByte((byte)',');
        output.Write(json);
        first = false;
    }
    output.Write("],\"unknown\":[]}"u8);
    return Results.Bytes(output.ToArray(), "application/json");
});

app.Run();

bool Authorized(HttpContext context)
{
    var header = context.Request.Headers.Authorization.ToString();
    if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        return false;
    Span<byte> hash = stackalloc byte[32];
    SHA256.HashData(Encoding.UTF8.GetBytes(header[7..]), hash);
    return CryptographicOperations.FixedTimeEquals(hash, keyHash);
}
