using System.Security.Cryptography;
using Membership.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Entitlements;

/// <summary>
/// Keeps a signing key in service: creates the next one <c>SigningKeyPublishAhead</c> before it must
/// sign (so it is in the JWKS first), and deletes a key once the last pass it could have signed has
/// expired. Every instance checks; a PostgreSQL advisory lock lets one act at a time.
/// </summary>
public sealed class SigningKeyRotation(
    NpgsqlDataSource dataSource, SigningKeyRing ring, IDataProtectionProvider protection, TimeProvider time,
    IOptions<EntitlementsOptions> options, ILogger<SigningKeyRotation> logger) : BackgroundService
{
    private readonly IDataProtector _protector = protection.CreateProtector(SigningKeyProtection.Purpose);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RotateAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Signing key rotation check failed: {Error}", e.Message);
            }
            await Task.Delay(options.Value.SigningKeyCheckInterval, time, stoppingToken);
        }
    }

    /// <summary>One check. Without <paramref name="waitForLock"/>, returns false when another instance holds the lock (and does the work).</summary>
    public async Task<bool> RotateAsync(CancellationToken cancellationToken, bool waitForLock = false)
    {
        await using var rotationLock = waitForLock
            ? await AdvisoryLock.AcquireAsync(dataSource, AdvisoryLockKeys.SigningKeyRotation, cancellationToken)
            : await AdvisoryLock.TryAcquireAsync(dataSource, AdvisoryLockKeys.SigningKeyRotation, cancellationToken);
        if (rotationLock is null)
            return false;
        await RotateUnderLockAsync(cancellationToken);
        return true;
    }

    /// <summary>For a signer that finds no usable key (first start, or every instance was down past a handover).</summary>
    public async Task<RingKey> EnsureSignerAsync(CancellationToken cancellationToken)
    {
        await RotateAsync(cancellationToken, waitForLock: true);
        return ring.Signer(time.GetUtcNow(), options.Value.PassLifetime) ?? throw new InvalidOperationException("No signing key after rotation.");
    }

    private async Task RotateUnderLockAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var changed = await DeleteRetiredAsync(now, cancellationToken) > 0;
        await ring.LoadAsync(cancellationToken);

        var current = ring.Signer(now, o.PassLifetime);
        if (current is null)
        {
            // Nothing may sign: the first start, or a gap. This one key cannot be published ahead of use.
            current = await CreateAsync(now, now, cancellationToken);
            changed = true;
            logger.LogInformation("Created signing key {Kid}, signing now", current.Kid);
        }
        var handover = current.RetiresAt - o.PassLifetime;
        if (!ring.All.Any(k => k.ActivatesAt > current.ActivatesAt) && now >= handover - o.SigningKeyPublishAhead)
        {
            var next = await CreateAsync(now, handover, cancellationToken);
            changed = true;
            logger.LogInformation("Published signing key {Kid}, signing from {ActivatesAt:O}", next.Kid, next.ActivatesAt);
        }
        if (changed)
        {
            await ChangeNotifier.NotifyAsync(dataSource, SigningKeyRing.ChangedChannel, "", cancellationToken);
        }
    }

    private async Task<int> DeleteRetiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var delete = dataSource.CreateCommand("DELETE FROM signing_keys WHERE retires_at <= $1");
        delete.Parameters.Add(new() { Value = now });
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<RingKey> CreateAsync(DateTimeOffset now, DateTimeOffset activatesAt, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = $"{activatesAt:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        await using (var insert = dataSource.CreateCommand(
            "INSERT INTO signing_keys (kid, public_jwk, protected_private_key, created_at, activates_at, retires_at) VALUES ($1, $2, $3, $4, $5, $6)"))
        {
            insert.Parameters.Add(new() { Value = kid });
            insert.Parameters.Add(new() { Value = SigningKeyProtection.PublicJwk(key, kid) });
            insert.Parameters.Add(new() { Value = SigningKeyProtection.Protect(_protector, key) });
            insert.Parameters.Add(new() { Value = now });
            insert.Parameters.Add(new() { Value = activatesAt });
            // Signs for one rotation period, then stays published until its last pass has expired.
            insert.Parameters.Add(new() { Value = activatesAt + o.SigningKeyRotation + o.PassLifetime });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await ring.LoadAsync(cancellationToken);
        return ring.All.First(k => k.Kid == kid);
    }
}
