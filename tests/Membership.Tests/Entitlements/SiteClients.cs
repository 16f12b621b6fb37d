using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Web.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Entitlements;

/// <summary>The callers of the site-facing API, made the way real ones are: over HTTP.</summary>
public static class SiteClients
{
    public const string Password = "Correct-Horse-9";

    public static HttpClient SiteClient(this WebApplicationFactory<Program> app, string key = SiteSettings.SiteKey)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static async Task<HttpClient> AdminAsync(this WebApplicationFactory<Program> app)
    {
        var client = app.CreateClient();
        await SignInAsync(client, SiteSettings.AdminEmail, SiteSettings.AdminPassword);
        return client;
    }

    /// <summary>Registers and signs in a new reader; returns the reader's cookie-carrying client, id and email.</summary>
    public static async Task<(HttpClient Client, Guid Id, string Email)> NewReaderAsync(this WebApplicationFactory<Program> app)
    {
        var client = app.CreateClient();
        var email = $"reader-{Guid.NewGuid():N}@example.test";
        (await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = Password })).EnsureSuccessStatusCode();
        await SignInAsync(client, email, Password);
        using var me = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative)));
        return (client, me.RootElement.GetProperty("id").GetGuid(), email);
    }

    /// <summary>Registers a reader who never signs in (so no instance has looked their entitlement up yet).</summary>
    public static async Task<Guid> RegisteredReaderAsync(this WebApplicationFactory<Program> app)
    {
        var email = $"quiet-{Guid.NewGuid():N}@example.test";
        (await app.CreateClient().PostAsJsonAsync("/api/v1/account/register", new { email, password = Password })).EnsureSuccessStatusCode();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MembershipDbContext>();
        return await db.Users.Where(r => r.Email == email).Select(r => r.Id).SingleAsync();
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email, password });
        response.EnsureSuccessStatusCode();
        return response;
    }

    /// <summary>A complimentary ad-free grant through the admin API; returns its id.</summary>
    public static async Task<Guid> GrantAdFreeAsync(this HttpClient admin, Guid readerId, DateTimeOffset? until = null)
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "ad_free", until, reason = "test" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>GET a JSON document; the status is returned too so callers can assert on it.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<bool> IsAdFreeAsync(this HttpClient site, Guid readerId)
    {
        var (status, body) = await site.GetJsonAsync($"/api/v1/entitlements/{readerId}");
        return status == System.Net.HttpStatusCode.OK && body.GetProperty("adFree").GetBoolean();
    }
}
