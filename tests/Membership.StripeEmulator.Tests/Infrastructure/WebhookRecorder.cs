using System.Net;

namespace Membership.StripeEmulator.Tests.Infrastructure;

/// <summary>
/// A webhook endpoint in memory, plugged in as <see cref="EmulatorOptions.WebhookHandler"/>: every delivery is
/// checked with Stripe.net's own <see cref="EventUtility.ConstructEvent(string, string, string, long, bool)"/>,
/// as the service does, and only verified events are kept. It can refuse the first deliveries to exercise retries.
/// </summary>
public sealed class WebhookRecorder(string secret) : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<Event> _events = [];
    private readonly List<string> _rejections = [];
    private readonly List<string> _payloads = [];
    private int _toRefuse;

    public IReadOnlyList<Event> Events
    {
        get
        {
            lock (_gate)
                return [.. _events];
        }
    }

    /// <summary>The raw JSON of every verified delivery, as it went over the wire.</summary>
    public IReadOnlyList<string> Payloads
    {
        get
        {
            lock (_gate)
                return [.. _payloads];
        }
    }

    public IReadOnlyList<string> Rejections
    {
        get
        {
            lock (_gate)
                return [.. _rejections];
        }
    }

    /// <summary>Answers 500 to the next <paramref name="count"/> deliveries, as an endpoint that is down would.</summary>
    public void RefuseNext(int count)
    {
        lock (_gate)
            _toRefuse = count;
    }

    /// <summary>Event types received for one object, in arrival order (duplicates included).</summary>
    public IReadOnlyList<string> TypesFor(string objectId) =>
        [.. Events.Where(e => (e.Data.Object as IHasId)?.Id == objectId).Select(e => e.Type)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        var signature = request.Headers.TryGetValues("Stripe-Signature", out var values) ? values.Single() : "";
        lock (_gate)
        {
            if (_toRefuse > 0)
            {
                _toRefuse--;
                return new HttpResponseMessage(HttpStatusCode.InternalServerError);
            }
            try
            {
                _events.Add(EventUtility.ConstructEvent(body, signature, secret, throwOnApiVersionMismatch: true));
                _payloads.Add(body);
                return new HttpResponseMessage(HttpStatusCode.OK);
            }
            catch (Exception e)
            {
                _rejections.Add($"{e.GetType().Name}: {e.Message}");
                return new HttpResponseMessage(HttpStatusCode.BadRequest);
            }
        }
    }
}
