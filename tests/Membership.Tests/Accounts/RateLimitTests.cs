using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Accounts;

public sealed class LowRateLimitsApp : AccountsApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["RateLimits:SignIn"] = "3",
        ["RateLimits:Register"] = "2",
        ["RateLimits:AccountMail"] = "2",
        ["RateLimits:Window"] = "01:00:00",
    };
}

/// <summary>Each test speaks from addresses of its own, since the limits count per client IP.</summary>
public sealed class RateLimitTests(LowRateLimitsApp app) : IClassFixture<LowRateLimitsApp>
{
    private static string NewAddress() => AccountFixtures.SomeAddress();

    private HttpClient ClientFrom(string address, bool browser = false)
    {
        var client = browser ? app.CreateBrowser() : app.CreateClient();
        client.DefaultRequestHeaders.Add(AccountsApp.ClientAddressHeader, address);
        return client;
    }

    [Fact]
    public async Task Sign_in_attempts_over_the_limit_get_a_429_problem_pages_and_JSON_counting_together()
    {
        var email = await app.RegisterAsync();
        var address = NewAddress();
        var api = ClientFrom(address);
        var page = ClientFrom(address, browser: true);

        var first = await api.PostAsJsonAsync("/api/v1/account/login", new { email, password = "Wrong-Password-1" });
        var second = await page.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Wrong-Password-1" });
        var third = await api.PostAsJsonAsync("/api/v1/account/login", new { email, password = "Wrong-Password-1" });
        var limited = await api.PostAsJsonAsync("/api/v1/account/login", new { email, password = Readers.Password });
        var limitedPage = await page.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Readers.Password });
        var otherAddress = await ClientFrom(NewAddress()).PostAsJsonAsync("/api/v1/account/login", new { email, password = Readers.Password });

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedPage.StatusCode);
        Assert.Equal("Too many attempts", (await limitedPage.ReadPageAsync()).Heading());
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
    }

    [Fact]
    public async Task Registrations_over_the_limit_are_refused_and_create_nobody()
    {
        var client = ClientFrom(NewAddress());
        var emails = Enumerable.Range(0, 3).Select(_ => AccountFixtures.NewEmail()).ToList();

        var statuses = new List<HttpStatusCode>();
        foreach (var email in emails)
            statuses.Add((await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = Readers.Password })).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(0, await app.CountReadersAsync(emails[2]));
    }

    [Fact]
    public async Task Forgot_password_over_the_limit_is_refused_and_reading_the_form_does_not_count()
    {
        var email = await app.RegisterAsync();
        var browser = ClientFrom(NewAddress(), browser: true);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/account/forgot-password", UriKind.Relative))).StatusCode);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await browser.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email })).StatusCode);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        await app.FlushMailAsync();
        Assert.Equal(2, (await app.Mail.AllAsync()).Count(m => (m.Subject ?? "").Contains("Reset your", StringComparison.Ordinal) && m.To.Mailboxes.Single().Address == email));
    }
}
