namespace Membership.StripeEmulator.Billing;

/// <summary>Moves objects that are not on a test clock along with the wall clock, once a second.</summary>
internal sealed class BillingTicker(EmulatorState state, TimeProvider time, ILogger<BillingTicker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                lock (state.Gate)
                    BillingScheduler.RunDue(state, null, state.WallNow());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The billing scheduler failed");
            }
        }
    }
}
