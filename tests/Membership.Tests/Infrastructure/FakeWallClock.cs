using Microsoft.Extensions.Time.Testing;

namespace Membership.Tests.Infrastructure;

/// <summary>
/// The clock a whole service host runs on in a test: the time of day is a <see cref="FakeTimeProvider"/>
/// the test sets or advances, while timers and elapsed-time measurements run in real time, so the
/// host's background loops (listener retries, lease polls, flushes) keep going as in production
/// instead of waiting for the test to advance the clock. A test that drives one component alone
/// uses a plain <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class FakeWallClock : FakeTimeProvider
{
    /// <summary>Starts at the current second.</summary>
    public FakeWallClock()
        : this(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()))
    {
    }

    public FakeWallClock(DateTimeOffset start)
        : base(start)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);

    public override long GetTimestamp() => System.GetTimestamp();

    public override long TimestampFrequency => System.TimestampFrequency;
}
