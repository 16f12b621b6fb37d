using Membership.Web.Entitlements;

namespace Membership.Tests.Rights;

/// <summary>A paused collection in the one entitlement policy: nothing granted while paused, everything back at resumes_at.</summary>
public sealed class PausePolicyTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static SubscriptionFacts Active(bool paused, DateTimeOffset? resumesAt, string status = "active") =>
        new("sub_paused", "adfree-monthly", status, Now.AddDays(20), false, null, status == "past_due" ? Now.AddDays(-1) : null, ["ad_free"], Now.AddDays(-10),
            paused, resumesAt);

    [Theory]
    [InlineData("active")]
    [InlineData("trialing")]
    [InlineData("past_due")]
    public void A_paused_subscription_grants_nothing_until_it_resumes(string status)
    {
        var facts = Active(paused: true, Now.AddDays(30), status);

        var paused = EntitlementPolicy.Evaluate(Guid.Empty, [facts], [], Grace, Now);

        Assert.False(paused.AdFree);
        Assert.Equal("paused", paused.Status);
        Assert.Null(paused.Source);
        Assert.Contains(paused.Reasons, r => r.Contains("paused until 2026-12-23", StringComparison.Ordinal));
    }

    [Fact]
    public void At_resumes_at_the_reader_is_ad_free_again_and_the_cache_knows_when()
    {
        var resumesAt = Now.AddDays(5);
        var facts = Active(paused: true, resumesAt);

        Assert.Equal(resumesAt, EntitlementPolicy.NextChange([facts], [], Grace, Now));
        Assert.False(EntitlementPolicy.Evaluate(Guid.Empty, [facts], [], Grace, resumesAt.AddTicks(-1)).AdFree);
        var resumed = EntitlementPolicy.Evaluate(Guid.Empty, [facts], [], Grace, resumesAt);
        Assert.True(resumed.AdFree);
        Assert.Equal("active", resumed.Status);
    }

    [Fact]
    public void A_pause_without_an_end_holds_until_it_is_unset()
    {
        var facts = Active(paused: true, null);

        Assert.False(EntitlementPolicy.Evaluate(Guid.Empty, [facts], [], Grace, Now.AddDays(19)).AdFree);
        Assert.True(EntitlementPolicy.Evaluate(Guid.Empty, [Active(paused: false, null)], [], Grace, Now).AdFree);
    }

    [Fact]
    public void A_complimentary_grant_still_counts_while_paused()
    {
        var grant = new GrantFacts(Guid.NewGuid(), "ad_free", Now.AddDays(-1), null, null);

        var decision = EntitlementPolicy.Evaluate(Guid.Empty, [Active(paused: true, Now.AddDays(30))], [grant], Grace, Now);

        Assert.True(decision.AdFree);
        Assert.Equal("complimentary", decision.Source);
    }

    [Fact]
    public void Between_now_and_the_next_change_a_paused_readers_decision_holds()
    {
        for (var seed = 1; seed <= 2000; seed++)
        {
            var random = new Random(seed);
            var subscriptions = Enumerable.Range(0, random.Next(1, 3)).Select(i => new SubscriptionFacts(
                $"sub_{seed}_{i}", "adfree-monthly", random.Next(4) == 0 ? "past_due" : "active",
                Now.AddHours(random.Next(-24 * 5, 24 * 40)), random.Next(3) == 0, null,
                random.Next(2) == 0 ? Now.AddHours(-random.Next(0, 24 * 10)) : null, ["ad_free"], Now.AddDays(-30),
                random.Next(3) != 0, random.Next(4) == 0 ? null : Now.AddHours(random.Next(-24 * 5, 24 * 90)))).ToList();
            var next = EntitlementPolicy.NextChange(subscriptions, [], Grace, Now);
            if (next == Now)
                continue;
            var horizon = next ?? Now.AddDays(400);
            var before = EntitlementPolicy.Evaluate(Guid.Empty, subscriptions, [], Grace, Now);
            foreach (var at in new[] { horizon.AddTicks(-1), Now.AddTicks((horizon - Now).Ticks / 2) })
            {
                var later = EntitlementPolicy.Evaluate(Guid.Empty, subscriptions, [], Grace, at);
                Assert.True(before.AdFree == later.AdFree && before.Status == later.Status, $"Seed {seed}: changed at {at:O} before {next:O}.");
            }
        }
    }
}
