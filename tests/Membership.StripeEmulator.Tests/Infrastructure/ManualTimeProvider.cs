namespace Membership.StripeEmulator.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (Microsoft's FakeTimeProvider is not among the project's packages).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
