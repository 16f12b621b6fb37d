using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Membership.Tests.Hosting;

/// <summary>How every JSON answer looks, in the environment a newcomer runs (Development).</summary>
public sealed partial class JsonAnswerTests(JsonAnswerTests.App app) : IClassFixture<JsonAnswerTests.App>
{
    public sealed class App : MembershipApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }
    }

    [Fact]
    public async Task Timestamps_are_UTC_with_a_Z()
    {
        var client = await app.RegisterAndSignInAsync();

        using var me = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative)));

        var evaluatedAt = me.RootElement.GetProperty("entitlement").GetProperty("evaluatedAt").GetString();
        Assert.Matches(UtcTimestamp(), evaluatedAt);
    }

    [Theory]
    [InlineData("/api/v1/account/login?useCookies=true", "{\"email\": ")]
    [InlineData("/api/v1/account/register", "not json")]
    [InlineData("/api/v1/me/checkout", "[1,2")]
    public async Task Malformed_JSON_is_a_400_problem_even_in_Development(string path, string body)
    {
        var client = await app.RegisterAndSignInAsync();

        var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")]
    private static partial Regex UtcTimestamp();
}
