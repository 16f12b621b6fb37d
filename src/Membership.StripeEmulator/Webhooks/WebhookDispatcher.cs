using System.Text;

namespace Membership.StripeEmulator.Webhooks;

/// <summary>
/// Delivers events to webhook endpoints in the background, so API calls never wait on delivery: signed as
/// Stripe signs, at least once, retried with capped exponential backoff (<see cref="WebhookRetry"/>) on a non-2xx
/// answer, a refused connection or a timeout. Each endpoint has its own queue (<see cref="WebhookLane"/>), so one
/// that hangs does not hold up the others. With <see cref="EmulatorOptions.DuplicateAndShuffle"/> every event goes
/// out twice, each copy delayed by a random share of the shuffle window, which reorders events within it.
/// Every job not yet done (queued, waiting for a retry or in flight) is listed by <see cref="Save"/> for the state file.
/// </summary>
internal sealed class WebhookDispatcher(EmulatorOptions options, TimeProvider time, ChangeTracker changes, ILogger<WebhookDispatcher> logger) : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WebhookLane> _lanes = new(StringComparer.Ordinal);
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly Dictionary<WebhookJob, DateTimeOffset> _outstanding = new(ReferenceEqualityComparer.Instance);
    private readonly List<TaskCompletionSource> _idleWaiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Random _random = options.ShuffleSeed is { } seed ? new Random(seed) : new Random();
    private readonly Lazy<HttpClient> _client = new(() => options.WebhookHandler is { } handler
        ? new HttpClient(handler(), disposeHandler: false) { Timeout = options.WebhookTimeout }
        : new HttpClient { Timeout = options.WebhookTimeout });
    private int _pending;

    public bool DropDeliveries { get; set; }

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (_gate)
                return [.. _deliveries];
        }
    }

    public void Enqueue(string eventId, string eventType, Func<byte[]> payload, IEnumerable<WebhookTarget> targets)
    {
        if (DropDeliveries)
            return;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var target in targets)
            {
                var lane = LaneFor(target);
                var copies = options.DuplicateAndShuffle ? 2 : 1;
                for (var copy = 0; copy < copies; copy++)
                {
                    var due = options.DuplicateAndShuffle ? now + options.ShuffleWindow * _random.NextDouble() : now;
                    Schedule(lane, new WebhookJob(eventId, eventType, payload, target, 1), due);
                }
            }
        }
    }

    private void Schedule(WebhookLane lane, WebhookJob job, DateTimeOffset due)
    {
        _pending++;
        _outstanding[job] = due;
        lane.Add(job, due);
    }

    /// <summary>The deliveries still to make, with their retry schedule: what a restart must resume.</summary>
    public List<SavedDelivery> Save()
    {
        lock (_gate)
        {
            return [.. _outstanding.OrderBy(o => o.Value).Select(o => new SavedDelivery(o.Key.EventId, o.Key.EventType, Encoding.UTF8.GetString(o.Key.Payload()),
                o.Key.Target.EndpointId, o.Key.Target.Url, o.Key.Target.Secret, o.Key.Attempt, o.Key.FirstAttemptAt, o.Value))];
        }
    }

    public void Restore(IEnumerable<SavedDelivery> deliveries)
    {
        lock (_gate)
        {
            foreach (var d in deliveries)
            {
                var target = new WebhookTarget(d.EndpointId, d.Url, d.Secret);
                var payload = Encoding.UTF8.GetBytes(d.Payload);
                Schedule(LaneFor(target), new WebhookJob(d.EventId, d.EventType, () => payload, target, d.Attempt, d.FirstAttemptAt), d.Due);
            }
        }
    }

    public async Task WhenIdleAsync(TimeSpan timeout)
    {
        Task idle;
        lock (_gate)
        {
            if (_pending == 0)
                return;
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _idleWaiters.Add(waiter);
            idle = waiter.Task;
        }
        await idle.WaitAsync(timeout, time);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] lanes;
        lock (_gate)
            lanes = [.. _lanes.Values.Select(l => l.Completion)];
        await Task.WhenAll(lanes).WaitAsync(cancellationToken);
    }

    private WebhookLane LaneFor(WebhookTarget target)
    {
        if (!_lanes.TryGetValue(target.EndpointId, out var lane))
        {
            lane = new WebhookLane(time, Math.Max(1, options.WebhookConcurrency), DeliverAsync);
            _lanes[target.EndpointId] = lane;
            lane.Start(_stopping.Token);
        }
        return lane;
    }

    /// <summary>One attempt; answers the retry to queue, or null when the job is done (delivered or given up).</summary>
    private async Task<(WebhookJob Job, DateTimeOffset Due)?> DeliverAsync(WebhookJob job, CancellationToken stopping)
    {
        var startedAt = time.GetUtcNow();
        int? status = null;
        try
        {
            var payload = job.Payload();
            using var request = new HttpRequestMessage(HttpMethod.Post, job.Target.Url) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", WebhookSigner.Header(payload, job.Target.Secret, startedAt.ToUnixTimeSeconds()));
            request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
            using var response = await _client.Value.SendAsync(request, stopping);
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // Whatever went wrong on the way (refused, timed out, a handler that threw), it is a failed attempt.
            logger.LogInformation("Webhook {EventId} to {Url} failed: {Reason}", job.EventId, job.Target.Url, e.GetType().Name);
        }

        var now = time.GetUtcNow();
        var delivery = new WebhookDelivery(job.EventId, job.EventType, job.Target.Url, job.Attempt, status, now);
        var next = delivery.Succeeded ? null : WebhookRetry.NextAttempt(options, job.Attempt, job.FirstAttemptAt ?? startedAt, now);
        List<TaskCompletionSource>? idle = null;
        var retry = next is { } at ? job with { Attempt = job.Attempt + 1, FirstAttemptAt = job.FirstAttemptAt ?? startedAt } : null;
        lock (_gate)
        {
            _deliveries.Add(delivery);
            _outstanding.Remove(job);
            if (retry is not null)
            {
                _outstanding[retry] = next!.Value;
            }
            else if (--_pending == 0)
            {
                idle = [.. _idleWaiters];
                _idleWaiters.Clear();
            }
        }
        changes.Changed();
        if (!delivery.Succeeded && status is not null)
            logger.LogInformation("Webhook {EventId} ({EventType}) to {Url} answered {Status} on attempt {Attempt}", job.EventId, job.EventType, job.Target.Url, status, job.Attempt);
        if (!delivery.Succeeded && next is null)
            logger.LogWarning("Gave up delivering {EventId} to {Url} after {Attempts} attempts", job.EventId, job.Target.Url, job.Attempt);
        idle?.ForEach(w => w.TrySetResult());
        return retry is not null ? (retry, next!.Value) : null;
    }

    public void Dispose()
    {
        _stopping.Dispose();
        lock (_gate)
        {
            foreach (var lane in _lanes.Values)
                lane.Dispose();
        }
        if (_client.IsValueCreated)
            _client.Value.Dispose();
    }
}
