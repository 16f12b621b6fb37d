using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;

namespace Membership.Web.ApiKeys;

/// <summary>
/// Records when each key was last used, at most once a minute per key and instance, off the request
/// path: a request only compares two numbers; a background loop does the write.
/// </summary>
public sealed class ApiKeyUsage(NpgsqlDataSource dataSource, TimeProvider time, ILogger<ApiKeyUsage> logger) : BackgroundService
{
    private static readonly long Resolution = TimeSpan.FromMinutes(1).Ticks;

    private readonly ConcurrentDictionary<Guid, long> _lastRecorded = new();
    private readonly Channel<(Guid KeyId, DateTimeOffset At)> _pending =
        Channel.CreateBounded<(Guid, DateTimeOffset)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Touch(Guid keyId)
    {
        var now = time.GetUtcNow();
        var last = _lastRecorded.GetOrAdd(keyId, long.MinValue);
        if (last != long.MinValue && now.UtcTicks - last < Resolution)
            return;
        // Only the request that moves the mark writes; concurrent ones see the new mark and skip.
        if (_lastRecorded.TryUpdate(keyId, now.UtcTicks, last))
            _pending.Writer.TryWrite((keyId, now));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (keyId, at) in _pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var command = dataSource.CreateCommand(
                    "UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)");
                command.Parameters.Add(new() { Value = keyId });
                command.Parameters.Add(new() { Value = at });
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // A lost "last used" mark is harmless; the next use after a minute writes again.
                _lastRecorded.TryRemove(keyId, out _);
                logger.LogWarning("Could not record the use of API key {KeyId}: {Error}", keyId, e.Message);
            }
        }
    }
}
