namespace Membership.StripeEmulator.Wire;

/// <summary>
/// Stripe's Idempotency-Key: the first response to a key is stored and replayed for the same request;
/// the same key with other parameters is an <c>idempotency_error</c>. Like Stripe, requests that failed
/// validation before anything ran are not stored, so they can be corrected and retried with the key.
/// Keys are forgotten after <see cref="KeyLifetime"/>, as Stripe forgets them, so a long-running emulator does not grow without bound.
/// </summary>
internal sealed class IdempotencyStore(TimeProvider time, ChangeTracker changes)
{
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, Entry Entry)> _oldestFirst = new();

    public async Task RunAsync(HttpContext http, string key, string fingerprint, RequestDelegate next)
    {
        Entry entry;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            ForgetOlderThan(now - KeyLifetime);
            if (_entries.TryGetValue(key, out var existing))
            {
                if (!string.Equals(existing.Fingerprint, fingerprint, StringComparison.Ordinal))
                {
                    throw new StripeErrorException(400, "idempotency_error",
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.");
                }
                if (existing.Response is null)
                {
                    throw new StripeErrorException(409, "idempotency_error",
                        "There is currently another in-progress request using this Idempotency Key (that probably means you submitted twice, and the other request is still going through). Please try again later.",
                        "idempotency_key_in_use");
                }
                entry = existing;
            }
            else
            {
                entry = new Entry(fingerprint, now);
                _entries[key] = entry;
                _oldestFirst.Enqueue((key, entry));
            }
        }

        StoredResponse? stored;
        lock (_gate)
            stored = entry.Response;
        if (stored is not null)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            http.Response.Headers["Request-Id"] = stored.RequestId;
            http.Response.StatusCode = stored.Status;
            http.Response.ContentType = StripeJson.ContentType;
            await http.Response.Body.WriteAsync(stored.Body.ToUtf8(), http.RequestAborted);
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var keep = false;
        try
        {
            try
            {
                await next(http);
            }
            catch (StripeErrorException e)
            {
                // Written here rather than by the outer handler, so a card error is stored and replayed too.
                http.Response.StatusCode = e.Status;
                http.Response.ContentType = StripeJson.ContentType;
                await http.Response.WriteAsync(e.ToJson().ToJsonString(StripeJson.Options), http.RequestAborted);
            }
            var status = http.Response.StatusCode;
            keep = status is (>= 200 and < 300) or 402 or >= 500;
            if (keep)
            {
                // Compressed: a day of 20,000 sign-ups keeps 40,000 answers of several kB each.
                var body = CompactBytes.From(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                lock (_gate)
                    entry.Response = new StoredResponse(status, body, http.Response.Headers["Request-Id"].ToString());
                changes.Changed();
            }
        }
        finally
        {
            http.Response.Body = original;
            if (!keep)
            {
                lock (_gate)
                    _entries.Remove(key);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>
    /// Entries enter the queue in creation order, so the expired ones are at its front. An entry that was removed
    /// early (a request that failed validation), or whose key was used again since, is only dropped from the queue.
    /// </summary>
    private void ForgetOlderThan(DateTimeOffset cutoff)
    {
        while (_oldestFirst.TryPeek(out var oldest) && oldest.Entry.CreatedAt <= cutoff)
        {
            _oldestFirst.Dequeue();
            if (_entries.TryGetValue(oldest.Key, out var current) && ReferenceEquals(current, oldest.Entry))
                _entries.Remove(oldest.Key);
        }
    }

    /// <summary>The keys whose answer is known, for the state file; a request still running is not worth keeping.</summary>
    public List<SavedKey> Save()
    {
        lock (_gate)
        {
            return [.. _oldestFirst.Where(e => e.Entry.Response is not null && _entries.TryGetValue(e.Key, out var current) && ReferenceEquals(current, e.Entry))
                .Select(e => new SavedKey(e.Key, e.Entry.Fingerprint, e.Entry.CreatedAt, e.Entry.Response!.Status, System.Text.Encoding.UTF8.GetString(e.Entry.Response.Body.ToUtf8()), e.Entry.Response.RequestId))];
        }
    }

    public void Restore(IEnumerable<SavedKey> keys)
    {
        lock (_gate)
        {
            foreach (var key in keys.OrderBy(k => k.CreatedAt))
            {
                var entry = new Entry(key.Fingerprint, key.CreatedAt) { Response = new StoredResponse(key.Status, CompactBytes.From(System.Text.Encoding.UTF8.GetBytes(key.Body)), key.RequestId) };
                _entries[key.Key] = entry;
                _oldestFirst.Enqueue((key.Key, entry));
            }
        }
    }

    public sealed record SavedKey(string Key, string Fingerprint, DateTimeOffset CreatedAt, int Status, string Body, string RequestId);

    private sealed class Entry(string fingerprint, DateTimeOffset createdAt)
    {
        public string Fingerprint { get; } = fingerprint;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public StoredResponse? Response { get; set; }
    }

    private sealed record StoredResponse(int Status, CompactBytes Body, string RequestId);
}
