using System.Globalization;
using Membership.Web.Plans;

namespace Membership.Web.Entitlements;

/// <summary>
/// The one decision of what a reader is entitled to (docs/architecture.md, rule 1). Pure: the same facts and
/// time always give the same answer, whatever order the facts come in.
/// </summary>
public static class EntitlementPolicy
{
    private static readonly string[] NotAdFree = ["Not ad-free."];

    public static EntitlementDecision Evaluate(
        Guid readerId, IReadOnlyList<SubscriptionFacts> subscriptions, IReadOnlyList<GrantFacts> grants, TimeSpan gracePeriod, DateTimeOffset now)
    {
        // Most readers have neither: the answer below, without the work (a cache fill evaluates millions).
        if (subscriptions.Count == 0 && grants.Count == 0)
            return new EntitlementDecision(readerId, false, [], "none", null, null, null, null, now, NotAdFree);
        var reasons = new List<string>();
        var granting = new List<(SubscriptionFacts Subscription, DateTimeOffset? Until, DateTimeOffset? Grace)>();
        foreach (var subscription in subscriptions.OrderBy(s => s.StripeSubscriptionId, StringComparer.Ordinal))
        {
            var (grantsAccess, until, grace, why) = Judge(subscription, gracePeriod, now);
            reasons.Add(why);
            if (grantsAccess)
                granting.Add((subscription, until, grace));
        }

        var activeGrants = grants.Where(g => g.InEffect(now))
            .OrderBy(g => g.Id).ToList();
        foreach (var grant in grants.OrderBy(g => g.Id))
            reasons.Add(activeGrants.Contains(grant)
                ? $"Complimentary {grant.Feature} {(grant.Until is { } u ? "until " + Format(u) : "for good")}."
                : $"Complimentary {grant.Feature} is not in effect (ended, expired or not started).");

        var features = granting.SelectMany(g => g.Subscription.Features).Concat(activeGrants.Select(g => g.Feature))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var adFree = features.Contains(PlanFeatures.AdFree);
        var main = MostRelevant(subscriptions, granting.Select(g => g.Subscription).ToList());
        var fromSubscription = granting.FirstOrDefault(g => g.Subscription == main);

        var source = granting.Count > 0 ? "subscription" : activeGrants.Count > 0 ? "complimentary" : null;
        // ValidUntil: the latest end among the sources in effect; null when one of them has no end. For an
        // ad-free reader only the sources granting ad_free count: a pass must not outlive the ad-free access
        // because some other feature runs for longer.
        var ends = granting.Where(g => !adFree || g.Subscription.Features.Contains(PlanFeatures.AdFree)).Select(g => g.Until)
            .Concat(activeGrants.Where(g => !adFree || g.Feature == PlanFeatures.AdFree).Select(g => Earliest(g.Until, g.EndedAt)))
            .ToList();
        DateTimeOffset? validUntil = ends.Count > 0 && ends.All(e => e is not null) ? ends.Max() : null;

        reasons.Add(adFree ? "Ad-free." : "Not ad-free.");
        // A paused collection shows as the contract's "paused", whatever Stripe's own status says.
        var status = main is null ? "none" : main.IsPausedAt(now) && StripeSubscriptionStatuses.MayGrant(main.Status) ? "paused" : main.Status;
        return new EntitlementDecision(readerId, adFree, features, status, source,
            main?.PlanKey, validUntil, fromSubscription.Grace, now, reasons);
    }

    /// <summary>
    /// The first instant after <paramref name="now"/> at which <see cref="Evaluate"/> could decide
    /// differently for the same facts (null: never). A cache may keep a decision until then.
    /// </summary>
    public static DateTimeOffset? NextChange(
        IReadOnlyList<SubscriptionFacts> subscriptions, IReadOnlyList<GrantFacts> grants, TimeSpan gracePeriod, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var s in subscriptions)
        {
            Consider(s.CurrentPeriodEnd);
            Consider(s.CancelAt);
            if (s.CollectionPaused)
                Consider(s.PauseResumesAt);
            if (s.Status == StripeSubscriptionStatuses.PastDue)
            {
                // With no failure time and no period end, grace counts from "now" and moves with it.
                if (s.FirstFailedPaymentAt is null && s.CurrentPeriodEnd is null)
                    return now;
                Consider((s.FirstFailedPaymentAt ?? s.CurrentPeriodEnd) + gracePeriod);
            }
        }
        foreach (var g in grants)
        {
            Consider(g.StartsAt);
            Consider(g.Until);
            Consider(g.EndedAt);
        }
        return next;

        void Consider(DateTimeOffset? at)
        {
            if (at > now && (next is null || at < next))
                next = at;
        }
    }

    private static (bool Grants, DateTimeOffset? Until, DateTimeOffset? Grace, string Why) Judge(SubscriptionFacts s, TimeSpan gracePeriod, DateTimeOffset now)
    {
        var name = $"Subscription {s.StripeSubscriptionId} ({s.PlanKey ?? "unknown plan"})";
        // Whether it grants is the standing's one rule; the words here only say why.
        var standing = SubscriptionStanding.Of(s, gracePeriod, now);
        switch (standing.Kind)
        {
            // The reader paused: nothing is charged and nothing granted until collection resumes (by itself at resumes_at).
            case StandingKind.Paused when s.Status != StripeSubscriptionStatuses.Paused:
                return (false, null, null, $"{name} is {s.Status} but paused {(s.PauseResumesAt is { } r ? "until " + Format(r) : "until resumed")}, which grants nothing.");
            // Access runs to the end of the paid (or trial) period, or to a scheduled cancellation if sooner.
            case StandingKind.Active or StandingKind.Trialing or StandingKind.Cancelling:
                return (true, standing.Until, null,
                    $"{name} is {s.Status}{(standing.Kind == StandingKind.Cancelling ? ", cancelling" : "")} until {Format(standing.Until)}.");
            case StandingKind.PastDueInGrace:
                return (true, standing.Until, standing.Until,
                    $"{name} is past_due: payment failed {Format(standing.Until - gracePeriod)}, grace until {Format(standing.Until)}.");
            case StandingKind.Ended when s.Status is StripeSubscriptionStatuses.Active or StripeSubscriptionStatuses.Trialing:
                return (false, null, null, $"{name} is {s.Status} but its period ended {Format(standing.Until)}.");
            case StandingKind.Ended when s.Status == StripeSubscriptionStatuses.PastDue:
                return (false, null, standing.Until, $"{name} is past_due and its grace period ended {Format(standing.Until)}.");
            default:
                return (false, null, null, $"{name} is {s.Status}, which grants nothing.");
        }
    }

    /// <summary>The subscription whose status the reader sees: one that grants, else the newest.</summary>
    private static SubscriptionFacts? MostRelevant(IReadOnlyList<SubscriptionFacts> all, List<SubscriptionFacts> granting) =>
        (granting.Count > 0 ? granting : all)
            .OrderByDescending(s => s.CreatedAt).ThenBy(s => s.StripeSubscriptionId, StringComparer.Ordinal).FirstOrDefault();

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static string Format(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no end";
}
