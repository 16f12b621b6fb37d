namespace Membership.Web.Billing;

public sealed record PlanSwitchRequest(string? PlanKey, bool Preview);

/// <summary>One line of what a switch bills: a credit for unused time is negative.</summary>
public sealed record PlanSwitchLine(string Description, long Amount);

/// <summary>
/// A plan switch, previewed or made. <see cref="When"/> is <c>now</c> (a longer or equal interval: Stripe prorates
/// and bills <see cref="AmountDueNow"/> at once) or <c>period_end</c> (a shorter one: nothing is billed now, the new
/// plan starts at <see cref="EffectiveAt"/>). Amounts are in the currency's minor unit.
/// </summary>
public sealed record PlanSwitchResponse(
    bool Preview, string FromPlanKey, string PlanKey, string When, DateTimeOffset EffectiveAt,
    long AmountDueNow, string Currency, long NextChargeAmount, DateTimeOffset NextChargeAt, IReadOnlyList<PlanSwitchLine> Lines);

public abstract record PlanSwitchResult
{
    private PlanSwitchResult()
    {
    }

    public sealed record Done(PlanSwitchResponse Response) : PlanSwitchResult;

    public sealed record UnknownPlan : PlanSwitchResult;

    public sealed record NoSubscription : PlanSwitchResult;

    public sealed record SamePlan : PlanSwitchResult;

    /// <summary>Past due, paused or cancelling: the reader settles that first.</summary>
    public sealed record NotSwitchable(string Reason) : PlanSwitchResult;
}
