namespace Membership.StripeEmulator.Webhooks;

/// <summary>
/// One endpoint's deliveries, made one at a time in order of due time (which is how the shuffle reorders them),
/// by a loop of its own: an endpoint that hangs until the timeout holds up only its own events.
/// </summary>
internal sealed class WebhookLane(TimeProvider time, Func<WebhookJob, CancellationToken, Task<(WebhookJob Job, DateTimeOffset Due)?>> deliver) : IDisposable
{
    // SemaphoreSlim takes at most ~24 days; waking early is harmless, the loop looks again.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly PriorityQueue<WebhookJob, (DateTimeOffset Due, long Order)> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
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
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                WebhookJob? job = null;
                var wait = LongestWait;
                lock (_gate)
                {
                    if (_queue.TryPeek(out _, out var priority))
                    {
                        var delay = priority.Due - time.GetUtcNow();
                        if (delay <= TimeSpan.Zero)
                            job = _queue.Dequeue();
                        else if (delay < wait)
                            wait = delay;
                    }
                }
                if (job is null)
                {
                    await _wake.WaitAsync(wait, stopping);
                    continue;
                }
                if (await deliver(job, stopping) is { } retry)
                    Add(retry.Job, retry.Due);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: what is still queued is dropped with the emulator's memory.
        }
    }

    public void Dispose() => _wake.Dispose();
}
