namespace Membership.Web.Entitlements;

/// <summary>
/// The parts of a decision that many readers share (ad-free, features, status, source, plan). The cache
/// keeps each distinct one once and every reader's entry points at it by number.
/// </summary>
public sealed record EntitlementShape(bool AdFree, IReadOnlyList<string> Features, string Status, string? Source, string? PlanKey)
{
    /// <summary>Equal shapes have equal keys (features compared by content, not by list).</summary>
    internal (bool, string, string, string?, string?) Key => (AdFree, string.Join('\u001f', Features), Status, Source, PlanKey);
}

/// <summary>
/// A reader's decision as the cache holds it: a shape shared with other readers and a few instants. The
/// decision holds until <see cref="NextChangeTicks"/> (a period end, a grace end, a grant's start or end),
/// after which it is worked out again from <see cref="Facts"/>, without the database, when the cache kept
/// them (it keeps them only for a boundary close enough to matter before the entry is reloaded anyway).
/// Only a notification changes the facts. A value: reading one from the cache allocates nothing.
/// </summary>
public readonly struct CachedEntitlement
{
    public CachedEntitlement(ReaderFacts facts, EntitlementDecision decision, IReadOnlyList<string> features, DateTimeOffset? nextChange, long loadedTicks)
        : this(decision.ReaderId, new EntitlementShape(decision.AdFree, features, decision.Status, decision.Source, decision.PlanKey), facts,
            decision.ValidUntil?.UtcTicks ?? 0, decision.GraceUntil?.UtcTicks ?? 0, decision.EvaluatedAt.UtcTicks, nextChange?.UtcTicks ?? long.MaxValue, loadedTicks)
    {
    }

    internal CachedEntitlement(
        Guid readerId, EntitlementShape shape, ReaderFacts? facts, long validUntilTicks, long graceUntilTicks, long evaluatedTicks, long nextChangeTicks, long loadedTicks)
    {
        ReaderId = readerId;
        Shape = shape;
        Facts = facts;
        ValidUntilTicks = validUntilTicks;
        GraceUntilTicks = graceUntilTicks;
        EvaluatedTicks = evaluatedTicks;
        NextChangeTicks = nextChangeTicks;
        LoadedTicks = loadedTicks;
    }

    public Guid ReaderId { get; }
    public EntitlementShape Shape { get; }

    /// <summary>The facts behind the decision; null when read from the cache (ask it with <see cref="EntitlementCache.FactsFor"/>).</summary>
    public ReaderFacts? Facts { get; }

    public bool AdFree => Shape.AdFree;
    public long ValidUntilTicks { get; }
    public long GraceUntilTicks { get; }
    public long EvaluatedTicks { get; }
    public long NextChangeTicks { get; }
    public long LoadedTicks { get; }

    public EntitlementView ToView() => new(ReaderId, Shape.AdFree, Shape.Features, Shape.Status, Shape.Source, Shape.PlanKey,
        Time(ValidUntilTicks), Time(GraceUntilTicks), new DateTimeOffset(EvaluatedTicks, TimeSpan.Zero));

    private static DateTimeOffset? Time(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
