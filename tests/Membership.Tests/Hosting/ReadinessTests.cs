using System.Net;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Membership.Tests.Hosting;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_is_503_while_migrations_are_pending()
    {
        await using var empty = await TestDatabase.CreateEmptyAsync();
        await using var app = new AppOn(empty.ConnectionString);

        var response = await app.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_is_503_when_the_database_does_not_answer_but_healthz_stays_200()
    {
        // Port 1 on loopback: nothing listens there, so every connection is refused at once.
        await using var app = new AppOn("Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=2");
        var client = app.CreateClient();

        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        var healthy = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.DoesNotContain("Password", await ready.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private sealed class AppOn(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseTestSettings(connectionString);
        }
    }
}
