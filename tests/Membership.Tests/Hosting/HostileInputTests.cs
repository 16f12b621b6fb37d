using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Membership.Tests.Accounts;
using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Hosting;

/// <summary>
/// Text PostgreSQL cannot store (U+0000, half a surrogate pair, invalid UTF-8, far too long) is refused
/// in one place, as a 400 naming the field, wherever it comes in: JSON bodies, query strings, route
/// values, forms. None of it reaches the database or is taken for an outage.
/// </summary>
public sealed class HostileInputTests(SiteApp app) : IClassFixture<SiteApp>
{
    private const string Nul = "a\u0000b@example.test";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"The problem names {field}: {problem}");
        Assert.StartsWith(field, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/account/login")]
    [InlineData("/api/v1/account/forgotPassword")]
    [InlineData("/api/v1/account/resendConfirmationEmail")]
    [InlineData("/api/v1/account/resetPassword")]
    [InlineData("/api/v1/account/register")]
    public async Task A_NUL_in_an_account_endpoints_email_is_a_400_naming_email(string path)
    {
        var marker = $"nul-{Guid.NewGuid():N}";
        var response = await app.CreateClient().PostAsJsonAsync(path,
            new { email = $"{marker}\u0000@example.test", password = SiteClients.Password, resetCode = "x", newPassword = SiteClients.Password });

        await AssertNamesFieldAsync(response, "email");
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(r => r.Email!.StartsWith(marker))));
    }

    [Theory]
    [InlineData("{\"email\":\"\\ud800@example.test\",\"password\":\"Correct-Horse-9\"}", "email")]
    [InlineData("{\"email\":\"x@example.test\",\"password\":\"\\udc00\"}", "password")]
    [InlineData("{\"email\":\"x@example.test\",\"password\":\"ok\",\"extra\":{\"list\":[\"fine\",\"\\u0000\"]}}", "extra.list[1]")]
    [InlineData("{\"email\":\"x@example.test\",\"a\\u0000\":1}", "(a property name)")]
    public async Task Lone_surrogates_and_NULs_anywhere_in_a_JSON_body_are_named(string body, string field)
    {
        var response = await app.CreateClient().PostAsync(new Uri("/api/v1/account/login", UriKind.Relative), Json(body));

        await AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_JSON_body_is_named()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"email\":\"XX@example.test\",\"password\":\"Correct-Horse-9\"}");
        bytes[10] = 0xC0; // an overlong encoding of '/'
        bytes[11] = 0xAF;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        var response = await app.CreateClient().PostAsync(new Uri("/api/v1/account/login", UriKind.Relative), content);

        await AssertNamesFieldAsync(response, "email");
    }

    [Fact]
    public async Task Real_text_outside_the_basic_plane_passes_the_guard()
    {
        // An escaped surrogate pair (an emoji) is a character: the login is judged on its merits.
        var response = await app.CreateClient().PostAsync(new Uri("/api/v1/account/login", UriKind.Relative),
            Json("{\"email\":\"\\ud83d\\ude00-zoë@example.test\",\"password\":\"Correct-Horse-9\"}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_NUL_in_checkouts_plan_key_is_a_400_naming_planKey()
    {
        var (reader, _, _) = await app.NewReaderAsync();

        var response = await reader.PostAsJsonAsync("/api/v1/me/checkout", new { planKey = "adfree\u0000monthly" });

        await AssertNamesFieldAsync(response, "planKey");
    }

    [Theory]
    [InlineData("/api/v1/admin/readers?query=a%00b", "query")]
    [InlineData("/api/v1/admin/readers?cursor=a%00b", "cursor")]
    [InlineData("/api/v1/admin/audit?actor=a%00b", "actor")]
    [InlineData("/api/v1/admin/audit?action=a%00b", "action")]
    [InlineData("/api/v1/admin/stripe-events?type=a%00b", "type")]
    [InlineData("/api/v1/admin/stripe-events/evt_{5000}/replay", "id")] // the server itself refuses a NUL in a path
    public async Task A_NUL_in_an_admin_query_or_an_overlong_route_value_is_a_400_naming_it(string path, string field)
    {
        var admin = await app.AdminAsync();
        path = path.Replace("{5000}", new string('x', 5000), StringComparison.Ordinal);

        var response = path.EndsWith("/replay", StringComparison.Ordinal)
            ? await admin.PostAsync(new Uri(path, UriKind.Relative), null)
            : await admin.GetAsync(new Uri(path, UriKind.Relative));

        await AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task An_overlong_query_value_is_a_400()
    {
        var admin = await app.AdminAsync();

        var response = await admin.GetAsync(new Uri("/api/v1/admin/readers?query=" + new string('a', 5000), UriKind.Relative));

        await AssertNamesFieldAsync(response, "query");
    }

    [Fact]
    public async Task The_admin_readers_page_answers_a_NUL_with_a_400_page()
    {
        var admin = await app.AdminAsync();

        var response = await admin.GetAsync(new Uri("/admin/readers?query=a%00b", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.ReadPageAsync();
        Assert.Equal("We could not read what you sent", page.Heading());
        Assert.Contains("query holds a NUL character", Assert.Single(page.ErrorSummary()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/account/login", "NUL", "Input.Email holds a NUL character")]
    [InlineData("/account/register", "10 kB", "Input.Email is longer than 4096 characters")]
    public async Task Unstorable_text_in_a_form_field_is_a_400_page_naming_the_field(string page, string value, string error)
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var email = value == "NUL" ? Nul : new string('a', 10_000) + "@example.test";

        var response = await browser.SubmitAsync(page, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, Assert.Single((await response.ReadPageAsync()).ErrorSummary()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identitys_confirm_email_with_a_user_id_that_is_not_one_is_a_400()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/account/confirmEmail?userId=abc&code=xyz", UriKind.Relative));

        await AssertNamesFieldAsync(response, "userId");
    }

    [Fact]
    public async Task The_site_API_calls_a_NUL_bad_input_not_an_outage()
    {
        var response = await app.SiteClient().GetAsync(new Uri("/api/v1/entitlements?email=a%00b", UriKind.Relative));

        await AssertNamesFieldAsync(response, "email");
        Assert.False(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_batch_far_over_100_ids_is_refused_by_size_before_it_is_parsed()
    {
        var site = app.SiteClient();
        var ids = Enumerable.Range(0, 2000).Select(_ => Guid.NewGuid()).ToList();

        var huge = await site.PostAsJsonAsync("/api/v1/entitlements/batch", new { readerIds = ids });
        var hundredIndented = await site.PostAsync(new Uri("/api/v1/entitlements/batch", UriKind.Relative),
            Json(JsonSerializer.Serialize(new { readerIds = ids.Take(100) }, Indented)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("application/problem+json", huge.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, hundredIndented.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/me/checkout", 2_000)]
    [InlineData("/api/v1/account/login", 20_000)]
    [InlineData("/api/v1/admin/api-keys", 70_000)]
    public async Task A_body_larger_than_its_endpoint_needs_is_a_413(string path, int size)
    {
        var (reader, _, _) = await app.NewReaderAsync();
        var client = path.Contains("/admin/", StringComparison.Ordinal) ? await app.AdminAsync() : reader;

        var response = await client.PostAsJsonAsync(path, new { planKey = new string('p', size), email = new string('e', size), name = new string('n', size) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
