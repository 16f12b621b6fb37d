using Npgsql;

namespace Membership.Web.Data;

/// <summary>
/// A session-level PostgreSQL advisory lock on its own connection: how instances agree that only one
/// of them migrates, seeds the catalogue or runs the scheduled sync at a time.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Waits until the lock is free.</summary>
    public static async Task<AdvisoryLock> AcquireAsync(NpgsqlDataSource dataSource, long key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
        await take.ExecuteNonQueryAsync(cancellationToken);
        return new AdvisoryLock(connection, key);
    }

    /// <summary>Takes the lock if it is free; null when another session holds it.</summary>
    public static async Task<AdvisoryLock?> TryAcquireAsync(NpgsqlDataSource dataSource, long key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
        if (await take.ExecuteScalarAsync(cancellationToken) is true)
            return new AdvisoryLock(connection, key);
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection) { Parameters = { new() { Value = _key } } })
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        await _connection.DisposeAsync();
    }
}
