using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Tests.Contract;

/// <summary>One JSON body the emulator answered, with the request that got it (for the report).</summary>
public sealed record RecordedBody(string Source, int Status, JsonObject Json);

/// <summary>
/// Sits under Stripe.net's HTTP client (and the test's own raw requests) and keeps every JSON body the emulator
/// answers, errors included, exactly as it came over the wire.
/// </summary>
public sealed class ResponseRecorder() : DelegatingHandler(new HttpClientHandler { AllowAutoRedirect = false })
{
    private readonly Lock _gate = new();
    private readonly List<RecordedBody> _bodies = [];
    private readonly List<string> _unexpectedErrors = [];
    private int _expectingErrors;

    public IReadOnlyList<RecordedBody> Bodies
    {
        get
        {
            lock (_gate)
                return [.. _bodies];
        }
    }

    /// <summary>4xx and 5xx answers to requests not made inside <see cref="ExpectErrorAsync"/>: a flow that broke.</summary>
    public IReadOnlyList<string> UnexpectedErrors
    {
        get
        {
            lock (_gate)
                return [.. _unexpectedErrors];
        }
    }

    /// <summary>Runs a request that is meant to fail; Stripe.net's exception is the expected outcome.</summary>
    public async Task ExpectErrorAsync(Func<Task> request)
    {
        Interlocked.Increment(ref _expectingErrors);
        try
        {
            await request();
        }
        catch (StripeException)
        {
            // The error body was recorded on its way in.
        }
        finally
        {
            Interlocked.Decrement(ref _expectingErrors);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            lock (_gate)
            {
                var source = $"{request.Method} {request.RequestUri!.PathAndQuery}";
                _bodies.Add(new RecordedBody(source, (int)response.StatusCode, JsonNode.Parse(body)!.AsObject()));
                if ((int)response.StatusCode >= 400 && Volatile.Read(ref _expectingErrors) == 0)
                    _unexpectedErrors.Add($"{source}: {(int)response.StatusCode} {body}");
            }
        }
        return response;
    }
}
