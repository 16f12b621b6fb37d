namespace Membership.Web.Entitlements;

/// <summary>
/// A reader's facts and the decision they gave. The decision holds until <see cref="NextChangeTicks"/>
/// (a period end, a grace end, a grant's start or end), after which it is worked out again from the
/// same facts, without the database. Only a notification changes the facts.
/// </summary>
public sealed class CachedEntitlement(ReaderFacts facts, EntitlementView view, DateTimeOffset? nextChange, DateTimeOffset loadedAt)
{
    public Guid ReaderId => View.ReaderId!.Value;
    public ReaderFacts Facts { get; } = facts;
    public EntitlementView View { get; } = view;
    public long NextChangeTicks { get; } = nextChange?.UtcTicks ?? long.MaxValue;
    public DateTimeOffset LoadedAt { get; } = loadedAt;
}
