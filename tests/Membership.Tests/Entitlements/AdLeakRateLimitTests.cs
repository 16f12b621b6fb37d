using System.Net;
using System.Text;

namespace Membership.Tests.Entitlements;

/// <summary>Anyone may send ad-leak reports, so one address gets <c>AdLeaks__ReportsPerMinute</c> of them, then 429s.</summary>
public sealed class AdLeakRateLimitTests(AdLeakRateLimitTests.App app) : IClassFixture<AdLeakRateLimitTests.App>
{
    public sealed class App : SiteApp
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["AdLeaks:ReportsPerMinute"] = "3" };
    }

    [Fact]
    public async Task The_fourth_report_in_a_minute_from_one_address_is_a_429_problem()
    {
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync(new Uri("/api/v1/ad-leaks", UriKind.Relative),
                new StringContent("""{"path":"/limited","views":1}""", Encoding.UTF8, "text/plain"));
            statuses.Add(response.StatusCode);
            if (i == 3)
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests], statuses);
    }
}
