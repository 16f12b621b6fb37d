using System.Text;
using System.Text.Json;
using Membership.Web.Entitlements;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Http;

namespace Membership.Tests.Entitlements;

/// <summary>The hot path writes its JSON by hand: byte for byte what the serializer writes with the service's options.</summary>
public sealed class EntitlementJsonWriterTests
{
    private static readonly JsonSerializerOptions ServiceOptions = new(JsonSerializerDefaults.Web) { Converters = { new UtcTimestampJsonConverter() } };

    public static TheoryData<string> Views() => new(Cases.Keys);

    private static readonly Dictionary<string, EntitlementView> Cases = new()
    {
        ["anonymous"] = EntitlementView.Anonymous(new DateTimeOffset(2026, 12, 7, 2, 17, 57, TimeSpan.Zero).AddTicks(9293069)),
        ["paid, offset times"] = new(Guid.Parse("01a24e4b-2477-7c86-981a-9a8c44cc3aa5"), true, ["ad_free", "newsletter"], "active", "subscription", "adfree-monthly",
            new DateTimeOffset(2027, 1, 7, 3, 0, 0, TimeSpan.FromHours(2)), null, new DateTimeOffset(2026, 12, 7, 2, 0, 0, 120, TimeSpan.FromHours(-5))),
        ["grace, stale"] = new EntitlementView(Guid.NewGuid(), true, ["ad_free"], "past_due", "subscription", "adfree-yearly",
            DateTimeOffset.UnixEpoch.AddDays(20000), DateTimeOffset.UnixEpoch.AddDays(20003).AddTicks(1), DateTimeOffset.UnixEpoch.AddDays(20001))
        { Stale = true },
        ["not stale, odd text"] = new EntitlementView(Guid.Empty, false, ["a<b>&'\"", "é€😀"], "none", null, "plan+key/with\\slash", null, null, DateTimeOffset.MaxValue) { Stale = false },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task A_single_entitlement_is_the_serializers_json(string name)
    {
        var view = Cases[name];

        var (body, response) = await ExecuteAsync(new EntitlementJsonResult(view));

        Assert.Equal(JsonSerializer.Serialize(view, ServiceOptions), body);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.ContentLength);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
    }

    [Fact]
    public async Task A_batch_is_the_serializers_json()
    {
        var batch = new EntitlementBatchResponse([.. Cases.Values], [Guid.NewGuid(), Guid.NewGuid()]);
        var empty = new EntitlementBatchResponse([], []);

        var (body, _) = await ExecuteAsync(new EntitlementBatchJsonResult(batch));
        var (emptyBody, _) = await ExecuteAsync(new EntitlementBatchJsonResult(empty));

        Assert.Equal(JsonSerializer.Serialize(batch, ServiceOptions), body);
        Assert.Equal("""{"items":[],"unknown":[]}""", emptyBody);
    }

    [Fact]
    public async Task An_answer_larger_than_the_threads_buffer_is_whole_and_the_next_one_is_not_mixed_with_it()
    {
        var many = Enumerable.Range(0, 2000).Select(_ => Cases["paid, offset times"] with { ReaderId = Guid.NewGuid() }).ToList();
        var large = new EntitlementBatchResponse(many, []);

        var (largeBody, _) = await ExecuteAsync(new EntitlementBatchJsonResult(large));
        var (smallBody, _) = await ExecuteAsync(new EntitlementJsonResult(Cases["anonymous"]));

        Assert.Equal(JsonSerializer.Serialize(large, ServiceOptions), largeBody);
        Assert.Equal(JsonSerializer.Serialize(Cases["anonymous"], ServiceOptions), smallBody);
    }

    private static async Task<(string Body, HttpResponse Response)> ExecuteAsync(IResult result)
    {
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;
        await result.ExecuteAsync(http);
        await http.Response.BodyWriter.CompleteAsync();
        return (Encoding.UTF8.GetString(body.ToArray()), http.Response);
    }
}
