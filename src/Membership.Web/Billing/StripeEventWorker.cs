using Microsoft.Extensions.Options;

namespace Membership.Web.Billing;

/// <summary>Processes the inbox on every instance; rows are leased, so instances never share one.</summary>
public sealed class StripeEventWorker(
    IServiceScopeFactory scopes, StripeEventSignal signal, IOptions<BillingOptions> options, ILogger<StripeEventWorker> logger)
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

        foreach (var record in batch)
        {
            await using var scope = scopes.CreateAsyncScope();
            var inbox = scope.ServiceProvider.GetRequiredService<StripeEventInbox>();
            try
            {
                var outcome = await scope.ServiceProvider.GetRequiredService<StripeEventProcessor>().ProcessAsync(record, cancellationToken);
                await inbox.CompleteAsync(record.Id, outcome.Handled ? StripeEventStatus.Processed : StripeEventStatus.Ignored, outcome.ReaderId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Stripe event {EventId} ({Type}) failed on attempt {Attempt}: {Error}", record.Id, record.Type, record.Attempts, e.Message);
                await inbox.FailAsync(record, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            }
        }
        return batch.Count;
    }
}
