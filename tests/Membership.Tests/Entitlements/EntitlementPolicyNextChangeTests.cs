using Membership.Web.Entitlements;

namespace Membership.Tests.Entitlements;

/// <summary>
/// The cache keeps a decision until <see cref="EntitlementPolicy.NextChange"/>: so between now and
/// then the decision must not change, and at that instant (when there is one) it may.
/// </summary>
public sealed class EntitlementPolicyNextChangeTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Statuses = ["active", "trialing", "past_due", "canceled", "unpaid", "incomplete", "paused"];

    [Fact]
    public void Before_the_next_change_the_decision_is_the_same_at_every_instant()
    {
        for (var seed = 1; seed <= 3000; seed++)
        {
            var random = new Random(seed);
            var (subs, grants) = RandomFacts(random);
            var next = EntitlementPolicy.NextChange(subs, grants, Grace, Now);
            if (next == Now)
                continue; // Re-evaluated on every read: nothing to hold.
            var horizon = next ?? Now.AddDays(400);
            var decision = View(EntitlementPolicy.Evaluate(Guid.Empty, subs, grants, Grace, Now));
            foreach (var at in new[] { horizon.AddTicks(-1), Now.AddTicks((horizon - Now).Ticks / 2), Now.AddTicks((long)((horizon - Now).Ticks * random.NextDouble())) })
                Assert.True(decision == View(EntitlementPolicy.Evaluate(Guid.Empty, subs, grants, Grace, at)), $"Seed {seed}: decision changed at {at:O} before {next:O}.");
        }
    }

    [Fact]
    public void A_grant_ending_an_hour_from_now_is_the_next_change()
    {
        var grant = new GrantFacts(Guid.NewGuid(), "ad_free", Now.AddDays(-1), Now.AddHours(1), null);

        Assert.Equal(Now.AddHours(1), EntitlementPolicy.NextChange([], [grant], Grace, Now));
        Assert.False(EntitlementPolicy.Evaluate(Guid.Empty, [], [grant], Grace, Now.AddHours(1)).AdFree);
    }

    [Fact]
    public void Facts_with_nothing_ahead_never_change()
    {
        var canceled = new SubscriptionFacts("sub_1", "adfree-monthly", "canceled", Now.AddDays(-3), false, null, null, ["ad_free"], Now.AddDays(-40));
        var forGood = new GrantFacts(Guid.NewGuid(), "ad_free", Now.AddDays(-1), null, null);

        Assert.Null(EntitlementPolicy.NextChange([canceled], [forGood], Grace, Now));
        Assert.Null(EntitlementPolicy.NextChange([], [], Grace, Now));
    }

    private static (bool, string, string, string?, string?, DateTimeOffset?, DateTimeOffset?) View(EntitlementDecision d) =>
        (d.AdFree, string.Join(",", d.Features), d.Status, d.Source, d.PlanKey, d.ValidUntil, d.GraceUntil);

    private static (List<SubscriptionFacts>, List<GrantFacts>) RandomFacts(Random random) =>
        (Enumerable.Range(0, random.Next(0, 4)).Select(_ => Sub(random)).ToList(),
         Enumerable.Range(0, random.Next(0, 3)).Select(_ => Grant(random)).ToList());

    private static SubscriptionFacts Sub(Random random) => new(
        $"sub_{random.Next(100000):D6}",
        random.Next(2) == 0 ? "adfree-monthly" : "adfree-yearly",
        Statuses[random.Next(Statuses.Length)],
        random.Next(5) == 0 ? null : Now.AddHours(random.Next(-24 * 40, 24 * 40)),
        random.Next(3) == 0,
        random.Next(4) == 0 ? Now.AddHours(random.Next(-24 * 40, 24 * 40)) : null,
        random.Next(2) == 0 ? Now.AddHours(-random.Next(0, 24 * 14)) : null,
        random.Next(4) == 0 ? ["newsletter"] : ["ad_free"],
        Now.AddDays(-random.Next(0, 400)));

    private static GrantFacts Grant(Random random) => new(
        new Guid(random.Next(), 0, 0, new byte[8]),
        random.Next(4) == 0 ? "newsletter" : "ad_free",
        Now.AddHours(-random.Next(-72, 24 * 30)),
        random.Next(3) == 0 ? null : Now.AddHours(random.Next(-24 * 30, 24 * 60)),
        random.Next(4) == 0 ? Now.AddHours(random.Next(-24 * 30, 24 * 30)) : null);
}
