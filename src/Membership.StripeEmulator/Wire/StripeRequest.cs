namespace Membership.StripeEmulator.Wire;

/// <summary>Who caused an event, as Stripe records it in the event's <c>request</c> field.</summary>
internal sealed record EventCause(string? RequestId, string? IdempotencyKey)
{
    /// <summary>Renewals, retries, clock advances: no request at all.</summary>
    public static EventCause Automatic { get; } = new(null, null);

    /// <summary>Checkout, the portal and the Dashboard: no request id, but an idempotency key.</summary>
    public static EventCause HostedPage() => new(null, Guid.NewGuid().ToString());
}

/// <summary>One API call: its parsed parameters and identity. Bound into endpoint handlers by minimal APIs.</summary>
internal sealed class StripeRequest
{
    public required StripeParams Params { get; init; }

    public required string RequestId { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>POST or DELETE: the call may have changed something that is persisted.</summary>
    public bool IsWrite { get; init; }

    public EventCause Cause => new(RequestId, IdempotencyKey);

    public static ValueTask<StripeRequest?> BindAsync(HttpContext http) =>
        ValueTask.FromResult(http.Items[typeof(StripeRequest)] as StripeRequest);
}
