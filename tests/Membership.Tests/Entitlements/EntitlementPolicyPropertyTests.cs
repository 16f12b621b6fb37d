using Membership.Web.Entitlements;

namespace Membership.Tests.Entitlements;

/// <summary>
/// Seeded random facts (the seed is in the failure message, so a failure can be replayed), checked
/// against properties the contract implies.
/// </summary>
public sealed class EntitlementPolicyPropertyTests
{
    private const int Cases = 3000;
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Statuses = ["active", "trialing", "past_due", "canceled", "unpaid", "incomplete", "incomplete_expired", "paused"];

    [Fact]
    public void The_order_of_the_facts_does_not_change_the_decision() => ForAll(random =>
    {
        var (subs, grants) = RandomFacts(random);
        var decision = Evaluate(subs, grants);
        var shuffled = Evaluate(subs.OrderBy(_ => random.Next()).ToList(), grants.OrderBy(_ => random.Next()).ToList());
        return Same(decision, shuffled);
    });

    [Fact]
    public void Adding_a_grant_never_takes_ad_free_away() => ForAll(random =>
    {
        var (subs, grants) = RandomFacts(random);
        var before = Evaluate(subs, grants);
        var after = Evaluate(subs, [.. grants, RandomGrant(random)]);
        return !before.AdFree || after.AdFree;
    });

    [Fact]
    public void Only_active_trialing_and_past_due_subscriptions_grant_anything() => ForAll(random =>
    {
        var (subs, _) = RandomFacts(random);
        var inert = subs.Where(s => s.Status is not ("active" or "trialing" or "past_due")).ToList();
        var decision = Evaluate(inert, []);
        return !decision.AdFree && decision.Features.Count == 0 && decision.Source is null;
    });

    [Fact]
    public void Ad_free_exactly_when_some_source_in_effect_grants_ad_free() => ForAll(random =>
    {
        var (subs, grants) = RandomFacts(random);
        var expected = subs.Any(s => s.Features.Contains("ad_free") && InEffect(s)) || grants.Any(g => g.Feature == "ad_free" && InEffect(g));
        return Evaluate(subs, grants).AdFree == expected;
    });

    [Fact]
    public void Features_are_the_union_of_the_sources_in_effect() => ForAll(random =>
    {
        var (subs, grants) = RandomFacts(random);
        var expected = subs.Where(InEffect).SelectMany(s => s.Features).Concat(grants.Where(InEffect).Select(g => g.Feature))
            .Distinct().Order(StringComparer.Ordinal);
        return Evaluate(subs, grants).Features.SequenceEqual(expected);
    });

    [Fact]
    public void Past_due_grants_until_the_first_failure_plus_the_grace_period_and_not_a_tick_longer() => ForAll(random =>
    {
        var failedAt = Now.AddHours(-random.Next(0, 24 * 10));
        var sub = Sub(random, "past_due") with { FirstFailedPaymentAt = failedAt, Features = ["ad_free"] };
        var graceUntil = failedAt + Grace;
        var justBefore = EntitlementPolicy.Evaluate(Guid.Empty, [sub], [], Grace, graceUntil.AddTicks(-1));
        var atEnd = EntitlementPolicy.Evaluate(Guid.Empty, [sub], [], Grace, graceUntil);
        return justBefore.AdFree && justBefore.GraceUntil == graceUntil && !atEnd.AdFree;
    });

    [Fact]
    public void Cancel_at_period_end_keeps_access_until_the_period_ends_then_not() => ForAll(random =>
    {
        var end = Now.AddDays(random.Next(1, 40));
        var sub = Sub(random, random.Next(2) == 0 ? "active" : "trialing") with
        {
            CurrentPeriodEnd = end,
            CancelAtPeriodEnd = random.Next(2) == 0,
            CancelAt = random.Next(2) == 0 ? end : null,
            Features = ["ad_free"],
        };
        var before = EntitlementPolicy.Evaluate(Guid.Empty, [sub], [], Grace, end.AddTicks(-1));
        var after = EntitlementPolicy.Evaluate(Guid.Empty, [sub], [], Grace, end);
        return before.AdFree && before.ValidUntil == end && !after.AdFree;
    });

    [Fact]
    public void Ended_expired_or_future_grants_never_grant() => ForAll(random =>
    {
        var grant = RandomGrant(random);
        var notInEffect = random.Next(3) switch
        {
            0 => grant with { EndedAt = Now.AddMinutes(-random.Next(0, 5000)) },
            1 => grant with { Until = Now.AddMinutes(-random.Next(0, 5000)) },
            _ => grant with { StartsAt = Now.AddMinutes(random.Next(1, 5000)) },
        };
        return !Evaluate([], [notInEffect]).AdFree;
    });

    private static void ForAll(Func<Random, bool> property)
    {
        for (var seed = 1; seed <= Cases; seed++)
            Assert.True(property(new Random(seed)), $"Property failed for seed {seed}.");
    }

    private static EntitlementDecision Evaluate(IReadOnlyList<SubscriptionFacts> subs, IReadOnlyList<GrantFacts> grants) =>
        EntitlementPolicy.Evaluate(Guid.Empty, subs, grants, Grace, Now);

    private static bool Same(EntitlementDecision a, EntitlementDecision b) =>
        a.AdFree == b.AdFree && a.Features.SequenceEqual(b.Features) && a.Status == b.Status && a.Source == b.Source
        && a.PlanKey == b.PlanKey && a.ValidUntil == b.ValidUntil && a.GraceUntil == b.GraceUntil && a.Reasons.SequenceEqual(b.Reasons);

    // The reference model the properties compare against, written from the contract's words.
    private static bool InEffect(SubscriptionFacts s) => s.Status switch
    {
        "active" or "trialing" => (s.CurrentPeriodEnd is null || Now < s.CurrentPeriodEnd) && (s.CancelAt is null || Now < s.CancelAt),
        "past_due" => Now < (s.FirstFailedPaymentAt ?? s.CurrentPeriodEnd ?? Now) + Grace,
        _ => false,
    };

    private static bool InEffect(GrantFacts g) => g.StartsAt <= Now && (g.Until is null || Now < g.Until) && (g.EndedAt is null || Now < g.EndedAt);

    private static (List<SubscriptionFacts>, List<GrantFacts>) RandomFacts(Random random) =>
        (Enumerable.Range(0, random.Next(0, 4)).Select(_ => Sub(random, Statuses[random.Next(Statuses.Length)])).ToList(),
         Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomGrant(random)).ToList());

    private static SubscriptionFacts Sub(Random random, string status) => new(
        $"sub_{random.Next(1000):D4}_{Guid.NewGuid():N}",
        random.Next(2) == 0 ? "adfree-monthly" : "adfree-yearly",
        status,
        random.Next(5) == 0 ? null : Now.AddHours(random.Next(-24 * 40, 24 * 40)),
        random.Next(3) == 0,
        random.Next(4) == 0 ? Now.AddHours(random.Next(-24 * 40, 24 * 40)) : null,
        random.Next(2) == 0 ? Now.AddHours(-random.Next(0, 24 * 14)) : null,
        random.Next(4) == 0 ? ["newsletter"] : ["ad_free"],
        Now.AddDays(-random.Next(0, 400)));

    private static GrantFacts RandomGrant(Random random) => new(
        Guid.NewGuid(),
        random.Next(4) == 0 ? "newsletter" : "ad_free",
        Now.AddDays(-random.Next(-3, 30)),
        random.Next(3) == 0 ? null : Now.AddDays(random.Next(-30, 60)),
        random.Next(4) == 0 ? Now.AddDays(random.Next(-30, 30)) : null);
}
