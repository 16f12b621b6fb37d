using System.Text;

namespace Membership.StripeEmulator.Webhooks;

/// <summary>
/// Delivers events to webhook endpoints from a background queue, so API calls never wait on delivery:
/// signed as Stripe signs, at least once, retried with exponential backoff on a non-2xx answer, a refused
/// connection or a timeout. With <see cref="EmulatorOptions.DuplicateAndShuffle"/> every event goes out
/// twice, each copy delayed by a random share of the shuffle window, which reorders events within it.
/// </summary>
internal sealed class WebhookDispatcher(EmulatorOptions options, TimeProvider time, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly PriorityQueue<Job, (DateTimeOffset Due, long Order)> _queue = new();
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly List<TaskCompletionSource> _idleWaiters = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Random _random = options.ShuffleSeed is { } seed ? new Random(seed) : new Random();
    private HttpClient? _client;
    private long _order;
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

    public void Enqueue(string eventId, string eventType, string payload, IEnumerable<WebhookTarget> targets)
    {
        if (DropDeliveries)
            return;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var target in targets)
            {
                var copies = options.DuplicateAndShuffle ? 2 : 1;
                for (var copy = 0; copy < copies; copy++)
                {
                    var due = options.DuplicateAndShuffle ? now + options.ShuffleWindow * _random.NextDouble() : now;
                    _queue.Enqueue(new Job(eventId, eventType, payload, target, 1), (due, ++_order));
                    _pending++;
                }
            }
        }
        _wake.Release();
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Job? job = null;
            TimeSpan wait = Timeout.InfiniteTimeSpan;
            lock (_gate)
            {
                if (_queue.TryPeek(out var next, out var priority))
                {
                    var delay = priority.Due - time.GetUtcNow();
                    if (delay <= TimeSpan.Zero)
                        job = _queue.Dequeue();
                    else
                        wait = delay;
                }
            }
            if (job is null)
            {
                await _wake.WaitAsync(wait, stoppingToken);
                continue;
            }
            await DeliverAsync(job, stoppingToken);
        }
    }

    private async Task DeliverAsync(Job job, CancellationToken stoppingToken)
    {
        int? status = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, job.Target.Url)
            {
                Content = new StringContent(job.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", WebhookSigner.Header(job.Payload, job.Target.Secret, time.GetUtcNow().ToUnixTimeSeconds()));
            request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
            using var response = await Client().SendAsync(request, stoppingToken);
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Whatever went wrong on the way (refused, timed out, a handler that threw), it is a failed attempt.
            logger.LogInformation("Webhook {EventId} to {Url} failed: {Reason}", job.EventId, job.Target.Url, e.GetType().Name);
        }

        var delivery = new WebhookDelivery(job.EventId, job.EventType, job.Target.Url, job.Attempt, status, time.GetUtcNow());
        List<TaskCompletionSource>? idle = null;
        lock (_gate)
        {
            _deliveries.Add(delivery);
            if (!delivery.Succeeded && job.Attempt < options.WebhookMaxAttempts)
            {
                var backoff = options.WebhookRetryDelay * Math.Pow(2, job.Attempt - 1);
                var due = time.GetUtcNow() + (backoff < MaxRetryDelay ? backoff : MaxRetryDelay);
                _queue.Enqueue(job with { Attempt = job.Attempt + 1 }, (due, ++_order));
            }
            else if (--_pending == 0)
            {
                idle = [.. _idleWaiters];
                _idleWaiters.Clear();
            }
        }
        if (!delivery.Succeeded && status is not null)
            logger.LogInformation("Webhook {EventId} ({EventType}) to {Url} answered {Status} on attempt {Attempt}", job.EventId, job.EventType, job.Target.Url, status, job.Attempt);
        if (!delivery.Succeeded && job.Attempt >= options.WebhookMaxAttempts)
            logger.LogWarning("Gave up delivering {EventId} to {Url} after {Attempts} attempts", job.EventId, job.Target.Url, job.Attempt);
        idle?.ForEach(w => w.TrySetResult());
    }

    private HttpClient Client() => _client ??= options.WebhookHandler is { } handler
        ? new HttpClient(handler(), disposeHandler: false) { Timeout = options.WebhookTimeout }
        : new HttpClient { Timeout = options.WebhookTimeout };

    public override void Dispose()
    {
        _client?.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    private sealed record Job(string EventId, string EventType, string Payload, WebhookTarget Target, int Attempt);
}
