using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Entitlements;

public sealed class SiteEntitlementsApiTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Fact]
    public async Task A_reader_by_id_is_the_contracts_entitlement_object()
    {
        var (_, readerId, _) = await app.NewReaderAsync();

        var (status, body) = await app.SiteClient().GetJsonAsync($"/api/v1/entitlements/{readerId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            ["readerId", "adFree", "features", "status", "source", "planKey", "validUntil", "graceUntil", "evaluatedAt"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(readerId, body.GetProperty("readerId").GetGuid());
        Assert.False(body.GetProperty("adFree").GetBoolean());
        Assert.Equal("none", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task A_grant_makes_the_reader_ad_free_for_the_site_long_before_its_cache_expires()
    {
        var (_, readerId, _) = await app.NewReaderAsync();
        var site = app.SiteClient();
        Assert.False(await site.IsAdFreeAsync(readerId));

        var until = DateTimeOffset.UtcNow.AddDays(30);
        await (await app.AdminAsync()).GrantAdFreeAsync(readerId, until);

        await Eventually.UntilAsync(() => site.IsAdFreeAsync(readerId), "the grant is seen");
        var (_, body) = await site.GetJsonAsync($"/api/v1/entitlements/{readerId}");
        Assert.Equal(["ad_free"], body.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("complimentary", body.GetProperty("source").GetString());
        Assert.Equal(until.ToUnixTimeSeconds(), body.GetProperty("validUntil").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task By_email_finds_the_reader_whatever_the_case_and_unknowns_are_404()
    {
        var (_, readerId, email) = await app.NewReaderAsync();
        var site = app.SiteClient();

        var (found, body) = await site.GetJsonAsync($"/api/v1/entitlements?email={Uri.EscapeDataString(email.ToUpperInvariant())}");
        var (unknownEmail, _) = await site.GetJsonAsync("/api/v1/entitlements?email=nobody-here%40example.test");
        var (unknownId, problem) = await site.GetJsonAsync($"/api/v1/entitlements/{Guid.NewGuid()}");
        var (notAnId, _) = await site.GetJsonAsync("/api/v1/entitlements/not-a-guid");
        var (noEmail, _) = await site.GetJsonAsync("/api/v1/entitlements?email=");

        Assert.Equal(HttpStatusCode.OK, found);
        Assert.Equal(readerId, body.GetProperty("readerId").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, unknownEmail);
        Assert.Equal(HttpStatusCode.NotFound, unknownId);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, notAnId);
        Assert.Equal(HttpStatusCode.BadRequest, noEmail);
    }

    [Fact]
    public async Task A_batch_answers_known_readers_in_order_and_lists_unknown_ids_apart()
    {
        var (_, first, _) = await app.NewReaderAsync();
        var (_, second, _) = await app.NewReaderAsync();
        await (await app.AdminAsync()).GrantAdFreeAsync(second);
        await Eventually.UntilAsync(() => app.SiteClient().IsAdFreeAsync(second), "the grant is seen");
        var stranger = Guid.NewGuid();

        var response = await app.SiteClient().PostAsJsonAsync("/api/v1/entitlements/batch", new { readerIds = new[] { second, stranger, first, second } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([second, first], items.Select(i => i.GetProperty("readerId").GetGuid()));
        Assert.Equal([true, false], items.Select(i => i.GetProperty("adFree").GetBoolean()));
        Assert.Equal([stranger], body.GetProperty("unknown").EnumerateArray().Select(u => u.GetGuid()));
    }

    [Fact]
    public async Task A_batch_of_100_is_answered_and_101_is_a_400_problem()
    {
        var site = app.SiteClient();

        var hundred = await site.PostAsJsonAsync("/api/v1/entitlements/batch", new { readerIds = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()) });
        var tooMany = await site.PostAsJsonAsync("/api/v1/entitlements/batch", new { readerIds = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()) });

        Assert.Equal(HttpStatusCode.OK, hundred.StatusCode);
        Assert.Equal(100, (await hundred.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unknown").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("application/problem+json", tooMany.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Many_readers_asked_at_once_each_get_their_own_answer()
    {
        var readers = new List<(Guid Id, bool AdFree)>();
        var admin = await app.AdminAsync();
        for (var i = 0; i < 40; i++)
        {
            var readerId = await app.RegisteredReaderAsync();
            if (i % 3 == 0)
                await admin.GrantAdFreeAsync(readerId);
            readers.Add((readerId, i % 3 == 0));
        }
        var site = app.SiteClient();

        // Misses that arrive together are read from the database together; the answers must not mix.
        var answers = await Task.WhenAll(readers.Select(r => site.GetJsonAsync($"/api/v1/entitlements/{r.Id}")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(readers.Select(r => (r.Id, r.AdFree)), answers.Select(a => (a.Body.GetProperty("readerId").GetGuid(), a.Body.GetProperty("adFree").GetBoolean())));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"readerIds\":[\"not-a-guid\"]}")]
    [InlineData("{\"readerIds\":")]
    public async Task A_malformed_batch_is_a_400(string body)
    {
        var response = await app.SiteClient().PostAsync(new Uri("/api/v1/entitlements/batch", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
