namespace Membership.Web.Entitlements;

/// <summary>
/// A reader's facts and the decision they gave, kept compact (a million of these may be held). The
/// decision holds until <see cref="NextChangeTicks"/> (a period end, a grace end, a grant's start or
/// end), after which it is worked out again from the same facts, without the database. Only a
/// notification changes the facts.
/// </summary>
public sealed class CachedEntitlement
{
    private readonly long _validUntilTicks;
    private readonly long _graceUntilTicks;
    private readonly long _evaluatedTicks;

    public CachedEntitlement(ReaderFacts facts, EntitlementDecision decision, IReadOnlyList<string> features, DateTimeOffset? nextChange, long loadedTicks)
    {
        ReaderId = decision.ReaderId;
        Facts = facts;
        AdFree = decision.AdFree;
        Features = features;
        Status = decision.Status;
        Source = decision.Source;
        PlanKey = decision.PlanKey;
        _validUntilTicks = decision.ValidUntil?.UtcTicks ?? 0;
        _graceUntilTicks = decision.GraceUntil?.UtcTicks ?? 0;
        _evaluatedTicks = decision.EvaluatedAt.UtcTicks;
        NextChangeTicks = nextChange?.UtcTicks ?? long.MaxValue;
        LoadedTicks = loadedTicks;
    }

    public Guid ReaderId { get; }
    public ReaderFacts Facts { get; }
    public bool AdFree { get; }
    public IReadOnlyList<string> Features { get; }
    public string Status { get; }
    public string? Source { get; }
    public string? PlanKey { get; }
    public long NextChangeTicks { get; }
    public long LoadedTicks { get; }

    public EntitlementView ToView() => new(ReaderId, AdFree, Features, Status, Source, PlanKey,
        Time(_validUntilTicks), Time(_graceUntilTicks), new DateTimeOffset(_evaluatedTicks, TimeSpan.Zero));

    private static DateTimeOffset? Time(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
