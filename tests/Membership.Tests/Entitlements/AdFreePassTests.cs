using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Membership.Tests.Entitlements;

/// <summary>A lifetime check at a chosen instant (the library's own uses the wall clock).</summary>
public static class PassVerification
{
    public static bool InLifetime(DateTime? notBefore, DateTime? expires, DateTimeOffset now) =>
        expires is { } end && now.UtcDateTime < end && (notBefore is not { } start || start <= now.UtcDateTime);
}

/// <summary>The pass checked the way a site or edge checks it: Microsoft.IdentityModel with only the JWKS.</summary>
public sealed class AdFreePassTests(SiteApp app) : IClassFixture<SiteApp>
{
    private async Task<(string Token, Guid ReaderId)> PassForAdFreeReaderAsync()
    {
        var (reader, readerId, _) = await app.NewReaderAsync();
        await (await app.AdminAsync()).GrantAdFreeAsync(readerId);
        await Eventually.UntilAsync(() => app.SiteClient().IsAdFreeAsync(readerId), "the grant is seen");
        var body = await reader.GetFromJsonAsync<JsonElement>("/api/v1/me/entitlement-token");
        return (body.GetProperty("token").GetString()!, readerId);
    }

    private async Task<TokenValidationResult> VerifyAsync(string token, DateTimeOffset? at = null)
    {
        var jwks = new JsonWebKeySet(await app.CreateClient().GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = SiteSettings.PublicUrl,
            ValidateAudience = false,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ClockSkew = TimeSpan.Zero,
        };
        if (at is { } now)
            parameters.LifetimeValidator = (notBefore, expires, _, _) => PassVerification.InLifetime(notBefore, expires, now);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
    }

    [Fact]
    public async Task The_pass_verifies_with_only_the_jwks_and_says_who_is_ad_free_for_at_most_an_hour()
    {
        var (token, readerId) = await PassForAdFreeReaderAsync();

        var result = await VerifyAsync(token);

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", jwt.Alg);
        Assert.False(string.IsNullOrEmpty(jwt.Kid));
        Assert.Equal(SiteSettings.PublicUrl, jwt.Issuer);
        Assert.Equal(readerId.ToString(), jwt.Subject);
        Assert.True(jwt.GetPayloadValue<bool>("ad_free"));
        Assert.Equal(["ad_free"], jwt.GetPayloadValue<List<string>>("features"));
        Assert.InRange(jwt.ValidTo - jwt.IssuedAt, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task An_expired_pass_is_rejected()
    {
        var (token, _) = await PassForAdFreeReaderAsync();
        var expires = new JsonWebToken(token).ValidTo;

        var justBefore = await VerifyAsync(token, new DateTimeOffset(expires).AddSeconds(-1));
        var after = await VerifyAsync(token, new DateTimeOffset(expires).AddSeconds(1));

        Assert.True(justBefore.IsValid, justBefore.Exception?.Message);
        Assert.False(after.IsValid);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(after.Exception);
    }

    [Fact]
    public async Task A_tampered_pass_is_rejected()
    {
        var (reader, readerId, _) = await app.NewReaderAsync();
        var token = (await reader.GetFromJsonAsync<JsonElement>("/api/v1/me/entitlement-token")).GetProperty("token").GetString()!;
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        Assert.Contains("\"ad_free\":false", payload, StringComparison.Ordinal);
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace("\"ad_free\":false", "\"ad_free\":true", StringComparison.Ordinal)));

        var result = await VerifyAsync($"{parts[0]}.{forged}.{parts[2]}");

        Assert.True((await VerifyAsync(token)).IsValid);
        Assert.False(result.IsValid);
        Assert.NotEqual(Guid.Empty, readerId);
    }

    [Fact]
    public async Task A_pass_signed_with_another_key_under_our_kid_is_rejected()
    {
        var (token, _) = await PassForAdFreeReaderAsync();
        var parts = token.Split('.');
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signature = impostor.SignData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), HashAlgorithmName.SHA256);

        var result = await VerifyAsync($"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(signature)}");

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }
}
