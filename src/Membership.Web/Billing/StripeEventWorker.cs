using System.Collections.Concurrent;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Web.Billing;

/// <summary>
/// Processes the inbox on every instance; rows are leased, so instances never share one. The lease is
/// short and renewed by a heartbeat while a batch is worked on. On a clean stop the worker claims no
/// more, finishes the events it has started and hands back the rest at once.
/// </summary>
public sealed class StripeEventWorker(
    IServiceScopeFactory scopes, StripeEventSignal signal, IOptions<BillingOptions> options, MembershipMetrics metrics, TimeProvider time, ILogger<StripeEventWorker> logger)
    : BackgroundService
{
    /// <summary>Cancelled only when the host's shutdown timeout runs out: events already started get until then.</summary>
    private readonly CancellationTokenSource _abort = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(_abort.Cancel))
            await base.StopAsync(cancellationToken);
        // The shutdown timeout ran out mid-event: give the batch a moment to hand its events back.
        if (ExecuteTask is { IsCompleted: false } running)
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(2), time, CancellationToken.None));
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ProcessEvents)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var processed = 0;
            try
            {
                processed = await ProcessBatchAsync(stoppingToken, _abort.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unreachable; the events wait in the inbox.
                logger.LogWarning("The Stripe event worker could not read the inbox: {Error}", e.Message);
            }
            if (processed == 0)
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    /// <summary>One claim-and-process round; returns how many events it took.</summary>
    public Task<int> ProcessBatchAsync(CancellationToken cancellationToken) => ProcessBatchAsync(cancellationToken, cancellationToken);

    /// <summary>
    /// One claim-and-process round. Once <paramref name="stopping"/> fires no further event is started;
    /// <paramref name="abort"/> cancels the ones under way. Events not finished are handed back.
    /// </summary>
    public async Task<int> ProcessBatchAsync(CancellationToken stopping, CancellationToken abort)
    {
        List<StripeEventRecord> batch;
        await using (var scope = scopes.CreateAsyncScope())
            batch = await scope.ServiceProvider.GetRequiredService<StripeEventInbox>().ClaimAsync(options.Value.BatchSize, abort);
        if (batch.Count == 0)
            return 0;

        var held = new ConcurrentDictionary<string, bool>(batch.Select(r => KeyValuePair.Create(r.Id, true)), StringComparer.Ordinal);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(held, heartbeatStop.Token);
        try
        {
            await ProcessAsync(batch, held, stopping, abort);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            if (!held.IsEmpty)
                await ReleaseAsync(held.Keys);
        }
        return batch.Count;
    }

    private async Task ProcessAsync(List<StripeEventRecord> batch, ConcurrentDictionary<string, bool> held, CancellationToken stopping, CancellationToken abort)
    {
        var cancellationToken = abort;

        // Events about different Stripe objects go in parallel (each reader's write takes its own lock);
        // events about one object go in order, and share one re-read (StripeSyncMemo).
        var memo = new StripeSyncMemo();
        // Types the service does not use need no processing (nor parsing): recorded as ignored together, not one statement each.
        var ignored = batch.Where(record => !StripeEventProcessor.Handles(record.Type)).Select(record => record.Id).ToList();
        if (ignored.Count > 0 && !stopping.IsCancellationRequested)
        {
            await using (var scope = scopes.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<StripeEventInbox>().CompleteIgnoredAsync(ignored, cancellationToken);
            foreach (var id in ignored)
                held.TryRemove(id, out _);
            metrics.WebhookEventsProcessed.Add(ignored.Count, new KeyValuePair<string, object?>("outcome", "ignored"));
        }
        var groups = batch.Where(record => StripeEventProcessor.Handles(record.Type)).Select(record => (Record: record, Event: TryParse(record)))
            .GroupBy(item => item.Event is null ? item.Record.Id : StripeEventProcessor.SyncKey(item.Event), StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.WorkerParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(groups, parallel, async (group, ct) =>
        {
            foreach (var (record, stripeEvent) in group)
            {
                if (stopping.IsCancellationRequested)
                    return; // handed back by the caller
                await ProcessOneAsync(record, stripeEvent, memo, ct);
                held.TryRemove(record.Id, out _);
            }
        });
    }

    /// <summary>Renews the lease on the events still held, every third of the lease, until the batch is done.</summary>
    private async Task HeartbeatAsync(ConcurrentDictionary<string, bool> held, CancellationToken cancellationToken)
    {
        var interval = options.Value.EventLease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancellationToken);
                if (held.IsEmpty)
                    continue;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<StripeEventInbox>().RenewAsync(held.Keys.ToArray(), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Could not renew the lease on {Count} Stripe events: {Error}", held.Count, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The batch is done.
        }
    }

    private async Task ReleaseAsync(ICollection<string> ids)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var released = await scope.ServiceProvider.GetRequiredService<StripeEventInbox>().ReleaseAsync(ids.ToArray(), timeout.Token);
            logger.LogInformation("Handed back {Count} Stripe events this instance had claimed but not processed", released);
        }
        catch (Exception e)
        {
            // Their short lease runs out on its own.
            logger.LogWarning("Could not hand back {Count} Stripe events: {Error}", ids.Count, e.Message);
        }
    }

    private async Task ProcessOneAsync(StripeEventRecord record, Stripe.Event? stripeEvent, StripeSyncMemo memo, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var inbox = scope.ServiceProvider.GetRequiredService<StripeEventInbox>();
        // A span per event when traces are exported (null otherwise); its Stripe calls and SQL nest under it.
        using var activity = MembershipTracing.Source.StartActivity("stripe event", System.Diagnostics.ActivityKind.Consumer);
        activity?.SetTag("stripe.event_id", record.Id);
        activity?.SetTag("stripe.event_type", record.Type);
        activity?.SetTag("stripe.event_attempt", record.Attempts);
        try
        {
            var processor = scope.ServiceProvider.GetRequiredService<StripeEventProcessor>();
            var parsed = stripeEvent ?? StripeEventProcessor.Parse(record);
            var outcome = await processor.ProcessAsync(record, parsed, memo, cancellationToken);
            // After the sync (so the reader is known), before completing (so a failure here retries; claims keep mails single).
            await scope.ServiceProvider.GetRequiredService<BillingMails>().SendAsync(record, parsed, outcome.ReaderId, cancellationToken);
            await inbox.CompleteAsync(record.Id, outcome.Handled ? StripeEventStatus.Processed : StripeEventStatus.Ignored, outcome.ReaderId, cancellationToken);
            metrics.WebhookEventsProcessed.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Handled ? "applied" : "ignored"));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            logger.LogWarning("Stripe event {EventId} ({Type}) failed on attempt {Attempt}: {Error}", record.Id, record.Type, record.Attempts, e.Message);
            await inbox.FailAsync(record, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            metrics.WebhookEventsProcessed.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        }
    }

    /// <summary>The parsed event, or null when the payload does not parse (processing then fails it with the reason).</summary>
    private static Stripe.Event? TryParse(StripeEventRecord record)
    {
        try
        {
            return StripeEventProcessor.Parse(record);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }
}
