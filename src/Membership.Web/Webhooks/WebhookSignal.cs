namespace Membership.Web.Webhooks;

/// <summary>Wakes this instance's webhook workers early when it queued work itself; otherwise they poll.</summary>
public sealed class WebhookSignal : IDisposable
{
    private readonly SemaphoreSlim _marks = new(0);
    private readonly SemaphoreSlim _deliveries = new(0);

    public void Dispose()
    {
        _marks.Dispose();
        _deliveries.Dispose();
    }

    public void MarksWritten() => _marks.Release();
    public void DeliveriesQueued() => _deliveries.Release();

    public async Task WaitMarksAsync(TimeSpan timeout, CancellationToken cancellationToken) => await _marks.WaitAsync(timeout, cancellationToken);
    public async Task WaitDeliveriesAsync(TimeSpan timeout, CancellationToken cancellationToken) => await _deliveries.WaitAsync(timeout, cancellationToken);
}
