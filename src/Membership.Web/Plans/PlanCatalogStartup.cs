using Membership.Web.StripeConnection;
using Microsoft.Extensions.Options;

namespace Membership.Web.Plans;

/// <summary>At start: seed the default plans when asked, and make sure every plan is sold in Stripe.
/// Stripe being unreachable delays this; it does not stop the service.</summary>
public sealed class PlanCatalogStartup(IServiceScopeFactory scopes, IOptions<PlanCatalogOptions> options, TimeProvider time, ILogger<PlanCatalogStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SyncCatalogAtStart)
            return;
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PlanCatalog>().SyncAsync(options.Value.SeedPlans, stoppingToken);
                return;
            }
            catch (Exception e) when (e.AsStripeFailure(stoppingToken) is { } failure)
            {
                failure.Log(logger, $"the plan catalogue sync (attempt {attempt})");
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, 2 * attempt)), time, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Plan catalogue sync failed (attempt {Attempt}): {Error}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, 2 * attempt)), time, stoppingToken);
            }
        }
    }
}
