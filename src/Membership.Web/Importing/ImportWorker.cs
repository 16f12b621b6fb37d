using Microsoft.Extensions.Options;

namespace Membership.Web.Importing;

/// <summary>
/// Runs import jobs on every instance, one at a time each: claims a queued job (or one whose runner's lease
/// ran out), keeps the lease alive while it works, and stops at once when the lease passes to another runner.
/// A failure is retried from the last checkpoint a few times, then shown on the job.
/// </summary>
public sealed class ImportWorker(
    IServiceScopeFactory scopes, ImportJobStore jobs, ImportSignal signal, IOptions<ImportsOptions> options, TimeProvider time, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOneAsync(stoppingToken))
                    continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Import worker pass failed, retrying: {Error}", e.Message);
            }
            await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    /// <summary>Runs one claimable job to its end (or until it fails or is taken over); false when there was none.</summary>
    public async Task<bool> RunOneAsync(CancellationToken stoppingToken)
    {
        var lease = options.Value.Lease;
        var job = await jobs.ClaimAsync(Guid.NewGuid(), lease, stoppingToken);
        if (job is null)
            return false;
        logger.LogInformation("Import {JobId} ({Source}, dry run {DryRun}) runs here, from {Cursor}", job.Id, job.Source, job.DryRun, job.Cursor ?? "the start");
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(job, lease, work);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (job.Source == ImportSources.Stripe)
                await scope.ServiceProvider.GetRequiredService<StripeImport>().RunAsync(job, work.Token);
            else
                await scope.ServiceProvider.GetRequiredService<CsvImport>().RunAsync(job, work.Token);
            await jobs.CompleteAsync(job, stoppingToken);
            logger.LogInformation("Import {JobId} completed", job.Id);
        }
        catch (Exception e) when (e is ImportLeaseLostException || e is OperationCanceledException && work.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Import {JobId} passed to another runner; this one stops", job.Id);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Import {JobId} failed; it resumes from its last checkpoint: {Error}", job.Id, e.Message);
            await jobs.FailAttemptAsync(job, e.Message, options.Value.MaxAttempts, stoppingToken);
        }
        finally
        {
            await work.CancelAsync();
            await heartbeat;
        }
        return true;
    }

    private async Task HeartbeatAsync(ClaimedImport job, TimeSpan lease, CancellationTokenSource work)
    {
        try
        {
            while (!work.IsCancellationRequested)
            {
                await Task.Delay(lease / 3, time, work.Token);
                if (!await jobs.RenewAsync(job, lease, work.Token))
                {
                    await work.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The work ended.
        }
        catch (Exception e)
        {
            // The database is away: stop before the lease runs out, so two runners never overlap.
            logger.LogWarning("Import {JobId}: renewing the lease failed, stopping: {Error}", job.Id, e.Message);
            await work.CancelAsync();
        }
    }
}

/// <summary>Wakes this instance's import worker when a job is queued here; other instances poll.</summary>
public sealed class ImportSignal(TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _queued = new(0);

    public void Queued() => _queued.Release();

    /// <summary>Until a job is queued here or <paramref name="timeout"/> passes on the injected clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _queued.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: poll anyway, for jobs queued on another instance.
        }
    }

    public void Dispose() => _queued.Dispose();
}
