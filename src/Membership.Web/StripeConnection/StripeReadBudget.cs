using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Membership.Web.StripeConnection;

/// <summary>
/// The deployment's budget of Stripe reads per second (<c>Stripe__ReadsPerSecond</c>, default 80: within
/// Stripe's live-mode limit of 100, leaving room for the other requests), shared evenly by the running
/// instances (<see cref="StripeReadBudgetSplitter"/> counts them). Every GET the service sends to Stripe
/// waits for a token, so a renewal day spends the budget at its full rate and never past it; a 429 from
/// Stripe stops all reads of this instance for the time Stripe asks.
/// </summary>
public sealed class StripeReadBudget : IDisposable
{
    private readonly double _readsPerSecond;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private TokenBucketRateLimiter _limiter;
    private long _pausedUntilTicks;

    public StripeReadBudget(IOptions<StripeOptions> options, TimeProvider time)
    {
        _readsPerSecond = options.Value.ReadsPerSecond;
        _time = time;
        _limiter = Limiter(_readsPerSecond);
    }

    /// <summary>How many instances share the budget (at least one).</summary>
    public int Instances { get; private set; } = 1;

    /// <summary>This instance's share, in reads per second.</summary>
    public double Share => _readsPerSecond / Instances;

    /// <summary>Waits until this instance may send one more read.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pause = new DateTimeOffset(Interlocked.Read(ref _pausedUntilTicks), TimeSpan.Zero) - _time.GetUtcNow();
            if (pause > TimeSpan.Zero)
                await Task.Delay(pause, _time, cancellationToken);
            TokenBucketRateLimiter limiter;
            lock (_gate)
                limiter = _limiter;
            try
            {
                using var lease = await limiter.AcquireAsync(1, cancellationToken);
                if (lease.IsAcquired)
                    return;
            }
            catch (ObjectDisposedException)
            {
                // The share changed while waiting: wait again on the new limiter.
            }
        }
    }

    /// <summary>Stripe said "too many requests": no read leaves this instance for <paramref name="duration"/>.</summary>
    public void Pause(TimeSpan duration)
    {
        var until = (_time.GetUtcNow() + duration).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _pausedUntilTicks);
            if (current >= until)
                return;
        }
        while (Interlocked.CompareExchange(ref _pausedUntilTicks, until, current) != current);
    }

    public void SetInstances(int instances)
    {
        instances = Math.Max(1, instances);
        TokenBucketRateLimiter old;
        lock (_gate)
        {
            if (instances == Instances)
                return;
            Instances = instances;
            old = _limiter;
            _limiter = Limiter(_readsPerSecond / instances);
        }
        old.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
            _limiter.Dispose();
    }

    /// <summary>A bucket refilled every ~50 ms with the tokens that interval earns; a burst of at most a second's worth.</summary>
    private static TokenBucketRateLimiter Limiter(double readsPerSecond)
    {
        var tokensPerPeriod = Math.Max(1, (int)Math.Ceiling(readsPerSecond * 0.05));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(tokensPerPeriod, (int)readsPerSecond),
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / readsPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
