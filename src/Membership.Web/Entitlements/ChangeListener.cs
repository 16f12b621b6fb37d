using System.Collections.Concurrent;
using Membership.Web.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Entitlements;

/// <summary>Something that keeps database state in memory and must hear when it changes.</summary>
public interface IChangeSubscriber
{
    /// <summary>The PostgreSQL NOTIFY channel it listens on.</summary>
    string Channel { get; }

    /// <summary>A notification arrived; PostgreSQL sends it only once the writer has committed.</summary>
    ValueTask OnChangedAsync(string payload, CancellationToken cancellationToken);

    /// <summary>The listener (re)connected: anything may have changed unheard, so start over.</summary>
    ValueTask OnResyncAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One LISTEN connection per instance (its own, outside the pool) that hands notifications to the
/// in-memory caches. It reconnects with backoff; while it is down the caches cannot hear changes,
/// which <see cref="DownSince"/> tells the read path so it can say its answers may be stale.
/// </summary>
public sealed class ChangeListener(
    IEnumerable<IChangeSubscriber> subscribers, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<ChangeListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    /// <summary>How soon a subscriber that failed to take a notification is asked to start over.</summary>
    public static readonly TimeSpan SubscriberRetry = TimeSpan.FromSeconds(1);

    private readonly IChangeSubscriber[] _subscribers = subscribers.ToArray();
    private readonly ConcurrentQueue<(string Channel, string Payload)> _received = new();
    private readonly HashSet<IChangeSubscriber> _behind = [];
    private NpgsqlConnection? _firstConnection;
    private long _downSinceTicks = time.GetUtcNow().UtcTicks;

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
                await Task.Delay(retry, stoppingToken);
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
            // Listening from here on; whatever changed before (or while down) is covered by starting over.
            _behind.UnionWith(_subscribers);
            await ResyncBehindAsync(cancellationToken);
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
            if (_behind.Count == 0)
                await connection.WaitAsync(cancellationToken);
            else if (!await connection.WaitAsync(SubscriberRetry, cancellationToken))
                await ResyncBehindAsync(cancellationToken);
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
