using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

/// <summary>
/// Gathers single-reader cache misses that arrive together into one query: each of a few workers
/// takes whatever misses are waiting (up to 100) and reads them in one round trip. Nothing waits
/// for a batch to fill: a lone miss is read at once. Under load this divides the database's work
/// per miss several times over.
/// </summary>
public sealed class EntitlementMissBatcher(EntitlementFactsLoader loader, IOptions<EntitlementsOptions> options) : BackgroundService
{
    private const int MaxBatch = 100;

    private readonly Channel<Miss> _misses = Channel.CreateUnbounded<Miss>(new UnboundedChannelOptions { SingleWriter = false });

    /// <summary>The reader's facts, or null when no such reader exists.</summary>
    public async Task<ReaderFacts?> LoadAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var miss = new Miss(readerId, new TaskCompletionSource<ReaderFacts?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_misses.Writer.TryWrite(miss))
            throw new OperationCanceledException("The service is stopping.");
        return await miss.Result.Task.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.ReadPoolSize).Select(_ => WorkAsync(stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _misses.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        while (_misses.Reader.TryRead(out var miss))
            miss.Result.TrySetCanceled(CancellationToken.None);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Miss>(MaxBatch);
        try
        {
            while (await _misses.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _misses.Reader.TryRead(out var miss))
                    batch.Add(miss);
                if (batch.Count == 0)
                    continue;
                try
                {
                    var facts = await loader.LoadAsync(batch.Select(m => m.ReaderId).Distinct().ToArray(), stoppingToken);
                    foreach (var miss in batch)
                        miss.Result.TrySetResult(facts.GetValueOrDefault(miss.ReaderId));
                }
                catch (Exception e)
                {
                    // Every caller in the batch sees the failure (the database is down, or the service stopping).
                    foreach (var miss in batch)
                        miss.Result.TrySetException(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            foreach (var miss in batch)
                miss.Result.TrySetCanceled(stoppingToken);
        }
    }

    private sealed record Miss(Guid ReaderId, TaskCompletionSource<ReaderFacts?> Result);
}
