using System.Security.Cryptography;
using System.Text.Json;
using Membership.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Membership.Web.Entitlements;

/// <summary>
/// The pass signing keys as this instance knows them, reloaded from <c>signing_keys</c> when any
/// instance changes them (NOTIFY) and whenever the rotation job runs. Which key signs is a pure
/// function of the clock, so every instance switches at the same instant.
/// </summary>
public sealed class SigningKeyRing(NpgsqlDataSource dataSource, IDataProtectionProvider protection) : IChangeSubscriber, IDisposable
{
    public const string ChangedChannel = "signing_keys_changed";

    private readonly IDataProtector _protector = protection.CreateProtector(SigningKeyProtection.Purpose);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile IReadOnlyList<RingKey> _keys = [];

    public string Channel => ChangedChannel;

    public IReadOnlyList<RingKey> All => _keys;

    /// <summary>Keys verifiers must know now: published from creation (ahead of signing) until their last token expires.</summary>
    public IReadOnlyList<RingKey> Published(DateTimeOffset now) => _keys.Where(k => k.CreatedAt <= now && now < k.RetiresAt).ToList();

    /// <summary>The newest active key whose publication outlasts a token signed now; null when none (rotation is due).</summary>
    public RingKey? Signer(DateTimeOffset now, TimeSpan lifetime) =>
        _keys.Where(k => k.ActivatesAt <= now && now + lifetime <= k.RetiresAt).MaxBy(k => k.ActivatesAt);

    /// <summary>Reads every key. Loads are serialised, so the last one to finish saw the latest commit.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            var keys = new List<RingKey>();
            await using var command = dataSource.CreateCommand(
                "SELECT kid, public_jwk, protected_private_key, created_at, activates_at, retires_at FROM signing_keys");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var known = _keys.ToDictionary(k => k.Kid, StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                var kid = reader.GetString(0);
                keys.Add(known.TryGetValue(kid, out var existing)
                    ? existing
                    : new RingKey(kid, JsonDocument.Parse(reader.GetString(1)).RootElement.Clone(), reader.GetString(2), _protector,
                        reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
            }
            _keys = keys;
        }
        finally
        {
            _loading.Release();
        }
    }

    public async ValueTask OnChangedAsync(string payload, CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async ValueTask OnResyncAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public void Dispose() => _loading.Dispose();
}

/// <summary>One key: its public JWK, and its private part unprotected on first use.</summary>
public sealed class RingKey(
    string kid, JsonElement publicJwk, string protectedPrivateKey, IDataProtector protector,
    DateTimeOffset createdAt, DateTimeOffset activatesAt, DateTimeOffset retiresAt)
{
    private readonly Lazy<ECDsa> _privateKey = new(() => SigningKeyProtection.Unprotect(protector, protectedPrivateKey));
    private readonly Lock _signing = new();

    public string Kid { get; } = kid;
    public JsonElement PublicJwk { get; } = publicJwk;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset ActivatesAt { get; } = activatesAt;
    public DateTimeOffset RetiresAt { get; } = retiresAt;

    /// <summary>ES256: SHA-256 and the raw r||s signature JWS expects (IEEE P1363, .NET's default).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        // Signing is rare (a pass lasts up to an hour); one at a time keeps the key object safe to share.
        lock (_signing)
            return _privateKey.Value.SignData(data, HashAlgorithmName.SHA256);
    }
}

/// <summary>How a private key is kept at rest: PKCS#8, protected with ASP.NET Core Data Protection (shared by all instances).</summary>
public static class SigningKeyProtection
{
    public const string Purpose = "Membership.Entitlements.SigningKeys.v1";

    public static string Protect(IDataProtector protector, ECDsa key) => Convert.ToBase64String(protector.Protect(key.ExportPkcs8PrivateKey()));

    public static ECDsa Unprotect(IDataProtector protector, string protectedKey)
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(protector.Unprotect(Convert.FromBase64String(protectedKey)), out _);
        return key;
    }

    /// <summary>The public half as a JWK (RFC 7517/7518) for the JWKS.</summary>
    public static string PublicJwk(ECDsa key, string kid)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["use"] = "sig",
            ["alg"] = "ES256",
            ["kid"] = kid,
            ["crv"] = "P-256",
            ["x"] = Base64UrlOf(p.Q.X!),
            ["y"] = Base64UrlOf(p.Q.Y!),
        });
    }

    private static string Base64UrlOf(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
