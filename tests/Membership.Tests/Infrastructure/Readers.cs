using System.Net.Http.Json;

namespace Membership.Tests.Infrastructure;

/// <summary>Readers made the way a real one is: through the JSON account API.</summary>
public static class Readers
{
    public const string Password = "Correct-Horse-9";

    public static async Task<HttpClient> RegisterAndSignInAsync(this MembershipApp app, string? email = null)
    {
        var client = app.CreateClient();
        email ??= $"reader-{Guid.NewGuid():N}@example.test";
        (await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = Password })).EnsureSuccessStatusCode();
        await client.SignInAsync(email, Password);
        return client;
    }

    public static async Task SignInAsync(this HttpClient client, string email, string password) =>
        (await client.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email, password })).EnsureSuccessStatusCode();
}
