namespace Membership.StripeEmulator;

/// <summary>How an emulator instance runs. Bound from the <c>Emulator</c> configuration section by the standalone program.</summary>
public sealed class EmulatorOptions
{
    public int Port { get; set; } = 12111;            // 0 = a free port

    public string SecretKey { get; set; } = "sk_test_emulator";

    public string WebhookSecret { get; set; } = "whsec_emulator";

    /// <summary>Registered at start as a webhook endpoint (all events), signed with <see cref="WebhookSecret"/>.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>
    /// Where the emulator keeps its whole state between runs (<c>state.json</c>), like Azurite's or LocalStack's data
    /// folder; null keeps it in memory only (tests). Remove the folder to start from a clean slate.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>How long after a change the state file is written; later changes within it share the write.</summary>
    public TimeSpan SaveDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Deliver every event twice, shuffled within <see cref="ShuffleWindow"/>, as Stripe may.</summary>
    public bool DuplicateAndShuffle { get; set; }

    public TimeSpan ShuffleWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Deliver through this handler (e.g. a TestServer's) instead of the network.</summary>
    public Func<HttpMessageHandler>? WebhookHandler { get; set; }

    /// <summary>Makes shuffles reproducible.</summary>
    public int? ShuffleSeed { get; set; }

    /// <summary>The wait before the first retry of a failed delivery; each later retry waits twice as long, up to <see cref="WebhookMaxRetryDelay"/>.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan WebhookMaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Like Stripe, a failing endpoint is retried for up to three days after the first attempt, then given up.</summary>
    public TimeSpan WebhookRetryPeriod { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Attempts per event and endpoint, the first included; null: as many as <see cref="WebhookRetryPeriod"/> allows.</summary>
    public int? WebhookMaxAttempts { get; set; }

    /// <summary>
    /// Deliveries in flight at once per endpoint. 1 (the default) sends one event at a time, in emission order, which
    /// tests rely on; Stripe itself sends many at once, so a load test of thousands of events sets more.
    /// </summary>
    public int WebhookConcurrency { get; set; } = 1;

    /// <summary>How long one attempt waits for an answer before it counts as failed.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
