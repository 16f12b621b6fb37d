using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Membership.Tests.Infrastructure;
using Membership.Web.ApiKeys;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Admin;

/// <summary>Every admin endpoint and page, as a signed-out visitor, a reader and an admin.</summary>
public sealed class AdminAuthorizationTests(AdminApp app) : IClassFixture<AdminApp>
{
    /// <summary>Method, route template (as mapped), the URL to call ({reader}, {plan}, {event}, {grant}, {key} filled in), body, and the admin's status.</summary>
    public static readonly TheoryData<string, string, string, string?, int> Routes = new()
    {
        { "GET", "/api/v1/admin/readers", "/api/v1/admin/readers?query=a", null, 200 },
        { "GET", "/api/v1/admin/readers/{id:guid}", "/api/v1/admin/readers/{reader}", null, 200 },
        { "GET", "/api/v1/admin/readers/{id:guid}/explain", "/api/v1/admin/readers/{reader}/explain", null, 200 },
        { "POST", "/api/v1/admin/readers/{id:guid}/sync", "/api/v1/admin/readers/{reader}/sync", null, 200 },
        { "POST", "/api/v1/admin/readers/{id:guid}/grants", "/api/v1/admin/readers/{reader}/grants", """{"reason":"matrix"}""", 201 },
        { "DELETE", "/api/v1/admin/grants/{id:guid}", "/api/v1/admin/grants/{grant}", null, 200 },
        { "GET", "/api/v1/admin/plans/", "/api/v1/admin/plans", null, 200 },
        { "GET", "/api/v1/admin/plans/{key}", "/api/v1/admin/plans/{plan}", null, 200 },
        // Creating a plan needs Stripe, unreachable in this fixture: an admin is let in and gets a 503 (Stripe unavailable).
        { "POST", "/api/v1/admin/plans/", "/api/v1/admin/plans", """{"key":"matrix-plan","name":"M","amount":100,"currency":"usd","interval":"month"}""", 503 },
        { "PATCH", "/api/v1/admin/plans/{key}", "/api/v1/admin/plans/{plan}", """{"trialDays":3}""", 200 },
        { "POST", "/api/v1/admin/plans/{key}/archive", "/api/v1/admin/plans/{plan}/archive", null, 200 },
        { "POST", "/api/v1/admin/plans/{key}/price-change", "/api/v1/admin/plans/{plan}/price-change", """{"existingSubscribers":"move"}""", 409 },
        { "GET", "/api/v1/admin/metrics", "/api/v1/admin/metrics", null, 200 },
        { "GET", "/api/v1/admin/audit", "/api/v1/admin/audit", null, 200 },
        { "GET", "/api/v1/admin/stripe-events", "/api/v1/admin/stripe-events", null, 200 },
        { "POST", "/api/v1/admin/stripe-events/{id}/replay", "/api/v1/admin/stripe-events/{event}/replay", null, 202 },
        { "GET", "/api/v1/admin/export/readers.csv", "/api/v1/admin/export/readers.csv", null, 200 },
        { "GET", "/api/v1/admin/leaks", "/api/v1/admin/leaks", null, 200 },
        { "GET", "/api/v1/admin/api-keys/", "/api/v1/admin/api-keys", null, 200 },
        { "POST", "/api/v1/admin/api-keys/", "/api/v1/admin/api-keys", """{"name":"matrix","kind":"site"}""", 201 },
        { "DELETE", "/api/v1/admin/api-keys/{id:guid}", "/api/v1/admin/api-keys/{key}", null, 200 },
        { "POST", "/api/v1/admin/webhook-endpoints/", "/api/v1/admin/webhook-endpoints", """{"url":"https://hooks.example.test/matrix","events":["entitlement.granted"]}""", 201 },
        { "GET", "/api/v1/admin/webhook-endpoints/", "/api/v1/admin/webhook-endpoints", null, 200 },
        // An endpoint nobody made: an admin is let in and told it is not there.
        { "DELETE", "/api/v1/admin/webhook-endpoints/{id:guid}", "/api/v1/admin/webhook-endpoints/00000000-0000-0000-0000-00000000f404", null, 404 },
        { "GET", "/api/v1/admin/webhook-endpoints/{id:guid}/deliveries", "/api/v1/admin/webhook-endpoints/00000000-0000-0000-0000-00000000f404/deliveries", null, 404 },
        { "POST", "/api/v1/admin/webhook-endpoints/{id:guid}/deliveries/{deliveryId:long}/replay", "/api/v1/admin/webhook-endpoints/00000000-0000-0000-0000-00000000f404/deliveries/1/replay", null, 404 },
        { "POST", "/api/v1/admin/webhook-endpoints/{id:guid}/enable", "/api/v1/admin/webhook-endpoints/00000000-0000-0000-0000-00000000f404/enable", null, 404 },
        { "POST", "/api/v1/admin/imports/", "/api/v1/admin/imports", """{"source":"csv","dryRun":true,"csv":"email\nmatrix@example.test\n"}""", 202 },
        { "GET", "/api/v1/admin/imports/", "/api/v1/admin/imports", null, 200 },
        { "GET", "/api/v1/admin/imports/{id:guid}", "/api/v1/admin/imports/00000000-0000-0000-0000-00000000f404", null, 404 },
        { "POST", "/api/v1/admin/imports/{id:guid}/apply", "/api/v1/admin/imports/00000000-0000-0000-0000-00000000f404/apply", null, 404 },
        { "PAGE", "/admin", "/admin", null, 200 },
        { "PAGE", "/admin/readers", "/admin/readers", null, 200 },
        { "PAGE", "/admin/readers/{id:guid}", "/admin/readers/{reader}", null, 200 },
        { "PAGE", "/admin/plans", "/admin/plans", null, 200 },
        { "PAGE", "/admin/plans/{key}", "/admin/plans/{plan}", null, 200 },
        { "PAGE", "/admin/events", "/admin/events", null, 200 },
        { "PAGE", "/admin/audit", "/admin/audit", null, 200 },
        { "PAGE", "/admin/keys", "/admin/keys", null, 200 },
        { "PAGE", "/admin/leaks", "/admin/leaks", null, 200 },
        { "PAGE", "/admin/grants", "/admin/grants", null, 200 },
        { "PAGE", "/admin/imports", "/admin/imports", null, 200 },
    };

    private HttpClient NoRedirects() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<string> UrlAsync(string url)
    {
        var reader = await app.AddReaderAsync($"matrix-{Guid.NewGuid():N}@example.test");
        var plan = $"matrix-{Guid.NewGuid():N}"[..20];
        var eventId = $"evt_{Guid.NewGuid():N}";
        var grant = Guid.NewGuid();
        var key = Guid.NewGuid();
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(db =>
        {
            db.Plans.Add(new Plan { Key = plan, Name = "Matrix", Amount = 100, CreatedAt = now, UpdatedAt = now });
            db.StripeEvents.Add(new StripeEventRecord { Id = eventId, Type = "invoice.paid", Payload = "{}", ReceivedAt = now, NextAttemptAt = now, ReaderId = reader });
            db.Grants.Add(new ComplimentaryGrant { Id = grant, ReaderId = reader, Feature = "ad_free", StartsAt = now, Reason = "matrix", CreatedAt = now });
            db.ApiKeys.Add(new ApiKey { Id = key, Name = "matrix", Prefix = "site_matrix", Hash = RandomNumberGenerator.GetBytes(32), CreatedAt = now });
            return db.SaveChangesAsync();
        });
        return url.Replace("{reader}", reader.ToString(), StringComparison.Ordinal).Replace("{plan}", plan, StringComparison.Ordinal)
            .Replace("{event}", eventId, StringComparison.Ordinal).Replace("{grant}", grant.ToString(), StringComparison.Ordinal)
            .Replace("{key}", key.ToString(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method == "PAGE" ? "GET" : method), url);
        if (body is not null)
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Signed_out_callers_get_401_from_JSON_and_are_sent_to_sign_in_from_pages(string method, string template, string url, string? body, int adminStatus)
    {
        _ = (template, adminStatus);
        var response = await SendAsync(NoRedirects(), method, await UrlAsync(url), body);

        if (method == "PAGE")
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath, ignoreCase: true);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Readers_are_refused(string method, string template, string url, string? body, int adminStatus)
    {
        _ = (template, adminStatus);
        var reader = NoRedirects();
        var email = $"reader-{Guid.NewGuid():N}@example.test";
        (await reader.PostAsJsonAsync("/api/v1/account/register", new { email, password = Readers.Password })).EnsureSuccessStatusCode();
        await reader.SignInAsync(email, Readers.Password);

        var response = await SendAsync(reader, method, await UrlAsync(url), body);

        if (method == "PAGE")
        {
            // Pages send a reader to the access-denied page, which answers 403.
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath, ignoreCase: true);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync(response.Headers.Location)).StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Site_API_keys_are_refused(string method, string template, string url, string? body, int adminStatus)
    {
        _ = (template, adminStatus);
        var site = NoRedirects();
        site.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await IssueKeyAsync("site"));

        var response = await SendAsync(site, method, await UrlAsync(url), body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Admin_API_keys_are_let_into_the_JSON_API(string method, string template, string url, string? body, int adminStatus)
    {
        _ = template;
        if (method == "PAGE")
            return; // Pages are for people: signed in with the cookie.
        var script = NoRedirects();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await IssueKeyAsync("admin"));

        var response = await SendAsync(script, method, await UrlAsync(url), body);

        Assert.Equal(adminStatus, (int)response.StatusCode);
    }

    private async Task<string> IssueKeyAsync(string kind)
    {
        var admin = await app.AdminAsync();
        var created = await AdminTestData.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"matrix {kind}", kind }));
        return created.GetProperty("key").GetString()!;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Admins_are_let_in(string method, string template, string url, string? body, int adminStatus)
    {
        _ = template;
        var admin = await app.AdminAsync();

        var response = await SendAsync(admin, method, await UrlAsync(url), body);

        Assert.Equal(adminStatus, (int)response.StatusCode);
    }

    [Fact]
    public void Every_admin_endpoint_and_page_is_in_the_matrix()
    {
        var listed = Routes.Select(r => ((string)r[0] == "PAGE" ? "PAGE" : (string)r[0], Normalize((string)r[1]))).ToHashSet();
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods, Route: Normalize(e.RoutePattern.RawText ?? "")))
            .Where(e => e.Route.StartsWith("api/v1/admin", StringComparison.Ordinal) || e.Route == "admin" || e.Route.StartsWith("admin/", StringComparison.Ordinal))
            // Razor Pages maps each Index page twice: /admin and /admin/index.
            .Where(e => !e.Route.EndsWith("/index", StringComparison.Ordinal))
            .SelectMany(e => e.Methods is { Count: > 0 } methods ? methods.Select(m => (m, e.Route)) : [("PAGE", e.Route)])
            .ToHashSet();

        Assert.Empty(mapped.Except(listed));
    }

    private static string Normalize(string route) => route.Trim('/').ToLowerInvariant();
}
