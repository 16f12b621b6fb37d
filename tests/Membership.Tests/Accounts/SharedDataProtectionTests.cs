using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Entitlements;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Membership.Tests.Accounts;

/// <summary>Data Protection keys live in PostgreSQL, so every instance reads the cookies any other one issued.</summary>
public sealed class SharedDataProtectionTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_instance_is_accepted_by_another()
    {
        var email = $"two-machines-{Guid.NewGuid():N}@example.test";
        var first = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        (await first.PostAsJsonAsync("/api/v1/account/register", new { email, password = SiteClients.Password })).EnsureSuccessStatusCode();
        var login = await first.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email, password = SiteClients.Password });
        login.EnsureSuccessStatusCode();
        var cookies = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        await using var other = new SecondInstance(app.Database.ConnectionString);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", cookies);
        var me = await other.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains(email, await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
