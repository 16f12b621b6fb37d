using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.AdLeaks;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Entitlements;

/// <summary>
/// <c>POST /api/v1/ad-leaks</c> as the snippet sends it (text/plain, no cookie), counted per day and path for the admin;
/// bad reports are refused and change nothing; a flood from one address is cut off.
/// </summary>
public sealed class AdLeakReportTests(AdLeakReportTests.App app) : IClassFixture<AdLeakReportTests.App>
{
    public sealed class App : SiteApp
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["AdLeaks:FlushInterval"] = "00:00:00.100",
            ["AdLeaks:ReportsPerMinute"] = "25",
        };
    }

    [Fact]
    public async Task Reports_are_summed_per_path_and_day_and_the_admin_sees_views_and_leaks()
    {
        var path = $"/news/{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.NoContent, await ReportAsync($$"""{"path":"{{path}}","views":1}"""));
        Assert.Equal(HttpStatusCode.NoContent, await ReportAsync($$"""{"path":"{{path}}","views":1,"slotLeaks":1,"requestLeaks":3}"""));
        Assert.Equal(HttpStatusCode.NoContent, await ReportAsync($$"""{"path":"{{path}}","views":0,"consentLeaks":1}"""));
        using var admin = await app.AdminAsync();

        JsonElement row = default;
        await Eventually.UntilAsync(async () =>
        {
            var report = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/leaks");
            row = report.GetProperty("paths").EnumerateArray().FirstOrDefault(p => p.GetProperty("path").GetString() == path);
            return row.ValueKind == JsonValueKind.Object && row.GetProperty("totals").GetProperty("consentLeaks").GetInt64() == 1;
        }, "the reports in the admin's counts");
        var totals = row.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("memberViews").GetInt64());
        Assert.Equal(1, totals.GetProperty("slotLeaks").GetInt64());
        Assert.Equal(3, totals.GetProperty("requestLeaks").GetInt64());
        Assert.Equal(5, totals.GetProperty("leaks").GetInt64());
        var stored = await app.WithDbAsync(db => db.Set<AdLeakCount>().SingleAsync(c => c.Path == path));
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), stored.Day);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"views":1}""")]
    [InlineData("""{"path":"relative","views":1}""")]
    [InlineData("""{"path":"/a?email=someone@example.test","views":1}""")]
    [InlineData("""{"path":"/a b","views":1}""")]
    [InlineData("""{"path":"/a","views":-1}""")]
    [InlineData("""{"path":"/a","views":1,"requestLeaks":1000001}""")]
    [InlineData("""{"path":"/a","views":"1"}""")]
    public async Task A_bad_report_is_a_400_problem_and_counts_nothing(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<AdLeakCount>().CountAsync(c => c.Path == "/a" || c.Path == "relative")));
    }

    [Fact]
    public async Task A_report_over_two_kilobytes_is_refused()
    {
        using var response = await PostAsync($$"""{"path":"/a","views":1,"padding":"{{new string('x', 3000)}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_view_is_for_admins_only()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(new Uri("/api/v1/admin/leaks", UriKind.Relative))).StatusCode);
        var (reader, _, _) = await app.NewReaderAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync(new Uri("/api/v1/admin/leaks", UriKind.Relative))).StatusCode);
        using var admin = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync(new Uri("/api/v1/admin/leaks?days=0", UriKind.Relative))).StatusCode);
    }

    private async Task<HttpStatusCode> ReportAsync(string body)
    {
        using var response = await PostAsync(body);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        app.CreateClient().PostAsync(new Uri("/api/v1/ad-leaks", UriKind.Relative), new StringContent(body, Encoding.UTF8, "text/plain"));
}
