namespace Membership.StripeEmulator.Webhooks;

/// <summary>
/// When a failed delivery is tried again. Stripe backs off exponentially and keeps trying for up to three days;
/// here the first wait is <see cref="EmulatorOptions.WebhookRetryDelay"/>, doubled after each failure up to
/// <see cref="EmulatorOptions.WebhookMaxRetryDelay"/>, and no attempt is made later than
/// <see cref="EmulatorOptions.WebhookRetryPeriod"/> after the first one.
/// </summary>
internal static class WebhookRetry
{
    /// <summary>Null: give up.</summary>
    public static DateTimeOffset? NextAttempt(EmulatorOptions options, int attemptsMade, DateTimeOffset firstAttempt, DateTimeOffset now)
    {
        if (options.WebhookMaxAttempts is { } max && attemptsMade >= max)
            return null;
        var next = now + Delay(options, attemptsMade);
        return next - firstAttempt <= options.WebhookRetryPeriod ? next : null;
    }

    public static TimeSpan Delay(EmulatorOptions options, int attemptsMade)
    {
        // In doubles: after a few dozen hourly retries, 2^n of the first delay no longer fits in a TimeSpan.
        var ticks = options.WebhookRetryDelay.Ticks * Math.Pow(2, Math.Max(0, attemptsMade - 1));
        return ticks < options.WebhookMaxRetryDelay.Ticks ? TimeSpan.FromTicks((long)ticks) : options.WebhookMaxRetryDelay;
    }
}
