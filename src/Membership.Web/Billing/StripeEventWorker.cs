using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Web.Billing;

/// <summary>Processes the inbox on every instance; rows are leased, so instances never share one.</summary>
public sealed class StripeEventWorker(
    IServiceScopeFactory scopes, StripeEventSignal signal, IOptions<BillingOptions> options, MembershipMetrics metrics, ILogger<StripeEventWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ProcessEvents)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var processed = 0;
            try
            {
                processed = await ProcessBatchAsync(stoppingToken);
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
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        List<StripeEventRecord> batch;
        await using (var scope = scopes.CreateAsyncScope())
            batch = await scope.ServiceProvider.GetRequiredService<StripeEventInbox>().ClaimAsync(options.Value.BatchSize, cancellationToken);

        // Events about different Stripe objects go in parallel (each reader's write takes its own lock);
        // events about one object go in order, and share one re-read (StripeSyncMemo).
        var memo = new StripeSyncMemo();
        var groups = batch.Select(record => (Record: record, Event: TryParse(record)))
            .GroupBy(item => item.Event is null ? item.Record.Id : StripeEventProcessor.SyncKey(item.Event), StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.WorkerParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(groups, parallel, async (group, ct) =>
        {
            foreach (var (record, stripeEvent) in group)
                await ProcessOneAsync(record, stripeEvent, memo, ct);
        });
        return batch.Count;
    }

    private async Task ProcessOneAsync(StripeEventRecord record, Stripe.Event? stripeEvent, StripeSyncMemo memo, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var inbox = scope.ServiceProvider.GetRequiredService<StripeEventInbox>();
        try
        {
            var processor = scope.ServiceProvider.GetRequiredService<StripeEventProcessor>();
            var outcome = await processor.ProcessAsync(record, stripeEvent ?? StripeEventProcessor.Parse(record), memo, cancellationToken);
            await inbox.CompleteAsync(record.Id, outcome.Handled ? StripeEventStatus.Processed : StripeEventStatus.Ignored, outcome.ReaderId, cancellationToken);
            metrics.WebhookEventsProcessed.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Handled ? "applied" : "ignored"));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
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
