namespace Membership.StripeEmulator.Webhooks;

/// <summary>
/// One endpoint's deliveries, started in order of due time (which is how the shuffle reorders them), by a loop of its
/// own: an endpoint that hangs until the timeout holds up only its own events. At most <c>concurrency</c> are in
/// flight at once (<see cref="EmulatorOptions.WebhookConcurrency"/>); with one, each waits for the one before it.
/// </summary>
internal sealed class WebhookLane(TimeProvider time, int concurrency, Func<WebhookJob, CancellationToken, Task<(WebhookJob Job, DateTimeOffset Due)?>> deliver) : IDisposable
{
    // SemaphoreSlim takes at most ~24 days; waking early is harmless, the loop looks again.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly PriorityQueue<WebhookJob, (DateTimeOffset Due, long Order)> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _slots = new(concurrency);
    private long _order;

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(CancellationToken stopping) => Completion = Task.Run(() => RunAsync(stopping), CancellationToken.None);

    public void Add(WebhookJob job, DateTimeOffset due)
    {
        lock (_gate)
            _queue.Enqueue(job, (due, ++_order));
        _wake.Release();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var holdingSlot = false;
        try
        {
            while (true)
            {
                await _slots.WaitAsync(stopping);
                holdingSlot = true;
                var job = await NextDueAsync(stopping);
                holdingSlot = false;
                _ = SendAsync(job, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: what is still queued is dropped with the emulator's memory.
            if (holdingSlot)
                _slots.Release();
        }
        // The deliveries in flight see the same token; the lane is done when they are.
        for (var i = 0; i < concurrency; i++)
            await _slots.WaitAsync(CancellationToken.None);
    }

    private async Task<WebhookJob> NextDueAsync(CancellationToken stopping)
    {
        while (true)
        {
            var wait = LongestWait;
            lock (_gate)
            {
                if (_queue.TryPeek(out _, out var priority))
                {
                    var delay = priority.Due - time.GetUtcNow();
                    if (delay <= TimeSpan.Zero)
                        return _queue.Dequeue();
                    if (delay < wait)
                        wait = delay;
                }
            }
            await _wake.WaitAsync(wait, stopping);
        }
    }

    /// <summary>One attempt; a retry goes back in the queue before the slot is given up, so one at a time keeps its order.</summary>
    private async Task SendAsync(WebhookJob job, CancellationToken stopping)
    {
        try
        {
            if (await deliver(job, stopping) is { } retry)
                Add(retry.Job, retry.Due);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping mid-delivery: dropped with the rest.
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose()
    {
        _wake.Dispose();
        _slots.Dispose();
    }
}
