using System.Collections.Concurrent;
using Membership.Web.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Entitlements;

/// <summary>
/// One LISTEN connection per instance (its own, outside the pool) that hands notifications to the
/// in-memory caches. It reconnects with backoff; while it is down the caches cannot hear changes,
/// which <see cref="DownSince"/> tells the read path so it can say its answers may be stale.
/// </summary>
public sealed class ChangeListener(
    IEnumerable<IChangeSubscriber> subscribers, IOptions<DatabaseOptions> database, NpgsqlDataSource dataSource, EntitlementFactsLoader readPool,
    TimeProvider time, ILogger<ChangeListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    /// <summary>How soon a subscriber that failed to take a notification is asked to start over.</summary>
    public static readonly TimeSpan SubscriberRetry = TimeSpan.FromSeconds(1);

    /// <summary>How often a listening connection records its horizon (and proves it is alive).</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    /// <summary><c>entitlement_changes</c> rows are kept this long; a listener away longer starts over.</summary>
    public static readonly TimeSpan ChangeRetention = TimeSpan.FromHours(1);

    private readonly ChangeHorizon _horizon = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private DateTimeOffset _lastCheckpoint = DateTimeOffset.MinValue;
    private bool _connectedBefore;

    private readonly IChangeSubscriber[] _subscribers = subscribers.ToArray();
    private readonly ConcurrentQueue<(string Channel, string Payload)> _received = new();
    private readonly HashSet<IChangeSubscriber> _behind = [];
    private NpgsqlConnection? _firstConnection;
    private long _downSinceTicks = time.GetUtcNow().UtcTicks;

    /// <summary>
    /// When the horizon a reconnect would look back from was recorded: changes committed before about
    /// then are known heard, later ones are looked up again after a reconnect. Null before the first.
    /// </summary>
    public DateTimeOffset? LookbackFrom => _horizon.RecordedAt;

    /// <summary>When the listener lost (or had not yet made) its connection; null while it listens.</summary>
    public DateTimeOffset? DownSince => Interlocked.Read(ref _downSinceTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Listen before the server takes requests, so its first answers are not marked stale.
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            _firstConnection = await ConnectAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Not listening for changes yet: {Error}", e.Message);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = _firstConnection ?? await ConnectAsync(stoppingToken);
                _firstConnection = null;
                retry = FirstRetry;
                await using (connection)
                    await ListenAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                MarkDown();
                logger.LogWarning("Change listener lost its connection, retrying in {Delay} ms: {Error}", retry.TotalMilliseconds, e.Message);
                await Task.Delay(retry, time, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(database.Value.Membership)
        {
            Pooling = false,
            KeepAlive = 5,
            Timeout = 5,
            ApplicationName = "membership-change-listener",
        };
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            _received.Clear();
            connection.Notification += (_, e) => _received.Enqueue((e.Channel, e.Payload));
            await connection.OpenAsync(cancellationToken);
            var listen = string.Join(";", _subscribers.Select(s => s.Channel).Distinct(StringComparer.Ordinal).Select(c => $"LISTEN \"{c}\""));
            await using (var command = new NpgsqlCommand(listen, connection))
                await command.ExecuteNonQueryAsync(cancellationToken);
            if (_connectedBefore)
            {
                // The database may have restarted: the pooled connections are dead, drop them now
                // rather than let requests find out one by one.
                dataSource.Clear();
                readPool.ClearPool();
            }
            // Listening from here on. What changed while away: the entitlement cache forgets just those
            // readers (entitlement_changes since the horizon); the small key rings, and any subscriber
            // already behind, start over.
            var changed = await ChangedSinceHorizonAsync(connection, cancellationToken);
            foreach (var subscriber in _subscribers)
            {
                if (subscriber is EntitlementCache cache && changed is not null && !_behind.Contains(subscriber))
                    cache.Revalidate(changed);
                else
                    _behind.Add(subscriber);
            }
            await ResyncBehindAsync(cancellationToken);
            await CheckpointAsync(connection, cancellationToken);
            _connectedBefore = true;
            Interlocked.Exchange(ref _downSinceTicks, 0);
            logger.LogInformation("Listening for changes on {Channels}", string.Join(", ", _subscribers.Select(s => s.Channel).Distinct()));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task ListenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            await DispatchAsync(cancellationToken);
            // Every second, busy or not: record the horizon and give a subscriber that is behind another go.
            var due = _lastCheckpoint + CheckpointInterval - time.GetUtcNow();
            if (due > TimeSpan.Zero && await connection.WaitAsync(due, cancellationToken))
                continue;
            await DispatchAsync(cancellationToken);
            await CheckpointAsync(connection, cancellationToken);
            await ResyncBehindAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Records the oldest transaction still running: every change from an older transaction has been
    /// heard by now (PostgreSQL delivers pending notifications before answering this query).
    /// </summary>
    private async Task CheckpointAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", connection))
            _horizon.Record((string)(await command.ExecuteScalarAsync(cancellationToken))!, time.GetUtcNow());
        _lastCheckpoint = time.GetUtcNow();
        if (time.GetUtcNow() - _lastPrune < TimeSpan.FromMinutes(10))
            return;
        _lastPrune = time.GetUtcNow();
        try
        {
            await using var prune = new NpgsqlCommand("DELETE FROM entitlement_changes WHERE changed_at < now() - $1::interval", connection);
            prune.Parameters.AddWithValue(ChangeRetention);
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            logger.LogWarning("Could not prune entitlement_changes: {Error}", e.MessageText);
        }
    }

    /// <summary>The readers changed since the last horizon (null in the list: all); null when unknown (start over).</summary>
    private async Task<List<Guid?>?> ChangedSinceHorizonAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var horizon = _horizon.Usable(time.GetUtcNow() - ChangeRetention + TimeSpan.FromMinutes(5));
        if (horizon is null)
            return null;
        try
        {
            await using var command = new NpgsqlCommand("SELECT DISTINCT reader_id FROM entitlement_changes WHERE xid >= $1::xid8", connection);
            command.Parameters.AddWithValue(horizon);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var changed = new List<Guid?>();
            while (await reader.ReadAsync(cancellationToken))
                changed.Add(reader.IsDBNull(0) ? null : reader.GetGuid(0));
            logger.LogInformation("Reconnected: {Count} readers changed while the listener was away", changed.Count);
            return changed;
        }
        catch (PostgresException e)
        {
            logger.LogWarning("Could not read the changes made while away, starting over: {Error}", e.MessageText);
            return null;
        }
    }

    /// <summary>
    /// Hands each notification to its channel's subscribers. One that fails is not allowed to take the
    /// others down with it (a reconnect would make every cache start over): it alone is marked behind and
    /// asked to start over shortly; until it has, it gets no notifications, since it will reload anyway.
    /// </summary>
    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        while (_received.TryDequeue(out var notification))
        {
            foreach (var subscriber in _subscribers)
            {
                if (subscriber.Channel != notification.Channel || _behind.Contains(subscriber))
                    continue;
                try
                {
                    await subscriber.OnChangedAsync(notification.Payload, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    _behind.Add(subscriber);
                    logger.LogWarning("{Subscriber} could not take a change on {Channel}; it starts over in {Delay} s: {Error}",
                        subscriber.GetType().Name, notification.Channel, SubscriberRetry.TotalSeconds, e.Message);
                }
            }
        }
    }

    private async Task ResyncBehindAsync(CancellationToken cancellationToken)
    {
        foreach (var subscriber in _behind.ToList())
        {
            try
            {
                await subscriber.OnResyncAsync(cancellationToken);
                _behind.Remove(subscriber);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("{Subscriber} could not start over; trying again in {Delay} s: {Error}",
                    subscriber.GetType().Name, SubscriberRetry.TotalSeconds, e.Message);
            }
        }
    }

    private void MarkDown() => Interlocked.CompareExchange(ref _downSinceTicks, time.GetUtcNow().UtcTicks, 0);
}

/// <summary>
/// The last two transaction-id horizons a listening connection recorded. The older one is used, a
/// margin against a notification still on its way when the newer was taken.
/// </summary>
internal sealed class ChangeHorizon
{
    private readonly Lock _gate = new();
    private (string Xid, DateTimeOffset At)? _older;
    private (string Xid, DateTimeOffset At)? _newer;

    public void Record(string xid, DateTimeOffset at)
    {
        lock (_gate)
        {
            _older = _newer ?? (xid, at);
            _newer = (xid, at);
        }
    }

    public DateTimeOffset? RecordedAt
    {
        get
        {
            lock (_gate)
                return _older?.At;
        }
    }

    /// <summary>The horizon to look back from, or null when none was recorded after <paramref name="notBefore"/>.</summary>
    public string? Usable(DateTimeOffset notBefore)
    {
        lock (_gate)
            return _older is { } older && older.At >= notBefore ? older.Xid : null;
    }
}
