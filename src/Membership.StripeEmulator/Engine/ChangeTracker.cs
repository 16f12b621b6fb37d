namespace Membership.StripeEmulator.Engine;

/// <summary>
/// Counts changes to anything the emulator persists (objects, events, pending deliveries, idempotency keys),
/// so the state writer knows when a snapshot is due and can wait for the next change without polling.
/// </summary>
internal sealed class ChangeTracker
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Changed()
    {
        Interlocked.Increment(ref _version);
        TaskCompletionSource woken;
        lock (_gate)
        {
            woken = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    /// <summary>Completes once the version is past <paramref name="seen"/>.</summary>
    public Task WhenChangedSinceAsync(long seen, CancellationToken cancellationToken)
    {
        Task next;
        lock (_gate)
            next = _next.Task;
        return Version != seen ? Task.CompletedTask : next.WaitAsync(cancellationToken);
    }
}
