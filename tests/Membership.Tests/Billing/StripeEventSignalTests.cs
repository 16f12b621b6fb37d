using Membership.Web.Billing;
using Microsoft.Extensions.Time.Testing;

namespace Membership.Tests.Billing;

/// <summary>The Stripe event worker's wait between polls runs on the injected clock, not on real time.</summary>
public sealed class StripeEventSignalTests
{
    // Far beyond any real wait in these tests: only the fake clock (or a signal) can end the wait.
    private static readonly TimeSpan PollInterval = TimeSpan.FromHours(1);

    [Fact]
    public async Task The_wait_ends_when_the_injected_clock_passes_the_poll_interval()
    {
        var clock = new FakeTimeProvider();
        var signal = new StripeEventSignal(clock);

        var wait = signal.WaitAsync(PollInterval, CancellationToken.None);
        clock.Advance(PollInterval - TimeSpan.FromSeconds(1));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        await wait.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_stored_event_ends_the_wait_at_once()
    {
        var signal = new StripeEventSignal(new FakeTimeProvider());

        var wait = signal.WaitAsync(PollInterval, CancellationToken.None);
        signal.Notify();

        await wait.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
