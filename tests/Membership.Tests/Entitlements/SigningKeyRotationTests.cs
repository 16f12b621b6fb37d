using System.Net.Http.Json;
using System.Text.Json;
using Membership.Web.Entitlements;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Membership.Tests.Entitlements;

/// <summary>Key rotation on a clock the test moves: a week per key, published a day ahead, kept an hour after.</summary>
public sealed class SigningKeyRotationTests(ClockedSiteApp app) : IClassFixture<ClockedSiteApp>
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static async Task<string> TokenAsync(HttpClient reader) =>
        (await reader.GetFromJsonAsync<JsonElement>("/api/v1/me/entitlement-token")).GetProperty("token").GetString()!;

    private async Task<List<string>> PublishedKidsAsync()
    {
        var jwks = await app.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        return jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
    }

    private async Task<bool> VerifiesAsync(string token)
    {
        var jwks = new JsonWebKeySet(await app.CreateClient().GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = SiteSettings.PublicUrl,
            ValidateAudience = false,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) => PassVerification.InLifetime(notBefore, expires, app.Clock.GetUtcNow()),
        });
        return result.IsValid;
    }

    private Task<bool> RotateAsync() => app.Services.GetRequiredService<SigningKeyRotation>().RotateAsync(CancellationToken.None, waitForLock: true);

    [Fact]
    public async Task The_next_key_is_published_before_it_signs_and_the_old_one_stays_until_its_passes_expire()
    {
        var (reader, _, _) = await app.NewReaderAsync();
        var first = await TokenAsync(reader);
        var firstKid = new JsonWebToken(first).Kid;
        Assert.Equal([firstKid], await PublishedKidsAsync());

        // Six days and an hour on: the next key is due to be published (a day before it signs).
        app.Clock.Advance(Week - TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        await RotateAsync();
        var published = await PublishedKidsAsync();
        Assert.Equal(2, published.Count);
        var nextKid = published.Single(k => k != firstKid);
        Assert.Equal(firstKid, new JsonWebToken(await TokenAsync(reader)).Kid);

        // Half an hour before the handover: a pass signed now lives past it.
        app.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromHours(1) - TimeSpan.FromMinutes(30));
        var lastOfTheOldKey = await TokenAsync(reader);
        Assert.Equal(firstKid, new JsonWebToken(lastOfTheOldKey).Kid);

        // Past the handover: the new key signs, the old key still verifies its last pass.
        app.Clock.Advance(TimeSpan.FromMinutes(40));
        await RotateAsync();
        var fromTheNewKey = await TokenAsync(reader);
        Assert.Equal(nextKid, new JsonWebToken(fromTheNewKey).Kid);
        Assert.Contains(firstKid, await PublishedKidsAsync());
        Assert.True(await VerifiesAsync(lastOfTheOldKey));
        Assert.True(await VerifiesAsync(fromTheNewKey));

        // An hour after the handover the old key's last pass has expired, and the key is gone.
        app.Clock.Advance(TimeSpan.FromMinutes(51));
        await RotateAsync();
        Assert.Equal([nextKid], await PublishedKidsAsync());
        Assert.False(await VerifiesAsync(lastOfTheOldKey));
        Assert.True(await VerifiesAsync(fromTheNewKey));
    }
}
