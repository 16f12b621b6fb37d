namespace Membership.StripeEmulator.Persistence;

/// <summary>
/// Keeps the state file up to date: after a change it waits <see cref="EmulatorOptions.SaveDelay"/> (so a burst of
/// changes, a checkout's dozen events, costs one write), then writes a snapshot. On stop it writes a last one once
/// the webhook dispatcher has stopped, so Ctrl-C loses nothing. Only registered when a data directory is set.
/// </summary>
internal sealed class StateWriter(EmulatorOptions options, EmulatorState state, IdempotencyStore idempotency, WebhookDispatcher dispatcher,
    ChangeTracker changes, TimeProvider time, ILogger<StateWriter> logger) : BackgroundService
{
    private long _saved = -1;

    private string Directory => options.DataDirectory!;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await changes.WhenChangedSinceAsync(_saved, stoppingToken);
                await Task.Delay(options.SaveDelay, time, stoppingToken);
                Save();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The last snapshot is written by StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Save();
    }

    private void Save()
    {
        var version = changes.Version;
        if (version == _saved)
            return;
        try
        {
            StateFile.Write(Directory, StateFile.Capture(state, idempotency, dispatcher));
            _saved = version;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tried again on the next change; the file on disk is still the last good snapshot.
            logger.LogError(e, "Could not write the Stripe emulator's state to {Directory}", Directory);
        }
    }
}
