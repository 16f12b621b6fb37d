using Membership.StripeEmulator.Webhooks;

namespace Membership.StripeEmulator.Tests.Wire;

/// <summary>The retry schedule alone: three days of real waiting is not a test.</summary>
public sealed class WebhookRetryScheduleTests
{
    [Fact]
    public void By_default_a_failing_delivery_is_retried_at_most_hourly_and_given_up_after_three_days()
    {
        var options = new EmulatorOptions();
        var first = DateTimeOffset.UnixEpoch;
        var last = first;
        var delays = new List<TimeSpan>();
        while (WebhookRetry.NextAttempt(options, delays.Count + 1, first, last) is { } next)
        {
            delays.Add(next - last);
            last = next;
        }

        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], delays.Take(3));
        Assert.Equal(TimeSpan.FromHours(1), delays.Max());
        Assert.InRange(last - first, TimeSpan.FromDays(3) - TimeSpan.FromHours(1), TimeSpan.FromDays(3));
    }

    [Fact]
    public void An_attempt_limit_when_configured_ends_the_retries_sooner()
    {
        var options = new EmulatorOptions { WebhookMaxAttempts = 2 };
        var now = DateTimeOffset.UnixEpoch;

        Assert.Equal(now + options.WebhookRetryDelay, WebhookRetry.NextAttempt(options, 1, now, now));
        Assert.Null(WebhookRetry.NextAttempt(options, 2, now, now));
    }
}
