using Membership.Web.Entitlements;

namespace Membership.Tests.Entitlements;

public sealed class EntitlementPolicyExampleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Reader = Guid.Parse("7b0c3c59-2c38-4f36-9a43-4f1b8e0f6c11");

    [Fact]
    public void The_contracts_example_an_active_monthly_member()
    {
        var sub = new SubscriptionFacts("sub_1", "adfree-monthly", "active", Now.AddDays(30), false, null, null, ["ad_free"], Now.AddDays(-1));

        var decision = EntitlementPolicy.Evaluate(Reader, [sub], [], TimeSpan.FromDays(7), Now);

        Assert.True(decision.AdFree);
        Assert.Equal(["ad_free"], decision.Features);
        Assert.Equal("active", decision.Status);
        Assert.Equal("subscription", decision.Source);
        Assert.Equal("adfree-monthly", decision.PlanKey);
        Assert.Equal(Now.AddDays(30), decision.ValidUntil);
        Assert.Null(decision.GraceUntil);
        Assert.Equal(Now, decision.EvaluatedAt);
    }

    [Fact]
    public void A_reader_with_nothing_is_not_ad_free_and_has_status_none()
    {
        var decision = EntitlementPolicy.Evaluate(Reader, [], [], TimeSpan.FromDays(7), Now);

        Assert.False(decision.AdFree);
        Assert.Empty(decision.Features);
        Assert.Equal("none", decision.Status);
        Assert.Null(decision.Source);
        Assert.Null(decision.PlanKey);
        Assert.Null(decision.ValidUntil);
    }

    [Fact]
    public void A_complimentary_grant_for_good_makes_a_cancelled_reader_ad_free_with_no_end()
    {
        var canceled = new SubscriptionFacts("sub_1", "adfree-monthly", "canceled", Now.AddDays(-3), false, null, null, ["ad_free"], Now.AddDays(-40));
        var grant = new GrantFacts(Guid.NewGuid(), "ad_free", Now.AddDays(-1), null, null);

        var decision = EntitlementPolicy.Evaluate(Reader, [canceled], [grant], TimeSpan.FromDays(7), Now);

        Assert.True(decision.AdFree);
        Assert.Equal("complimentary", decision.Source);
        Assert.Equal("canceled", decision.Status);
        Assert.Null(decision.ValidUntil);
    }

    [Fact]
    public void An_ad_free_readers_valid_until_is_the_end_of_the_ad_free_access_not_of_another_feature()
    {
        var sub = new SubscriptionFacts("sub_1", "adfree-monthly", "active", Now.AddDays(30), false, null, null, ["ad_free"], Now.AddDays(-1));
        var newsletter = new GrantFacts(Guid.NewGuid(), "newsletter", Now.AddDays(-1), null, null);

        var decision = EntitlementPolicy.Evaluate(Reader, [sub], [newsletter], TimeSpan.FromDays(7), Now);

        Assert.True(decision.AdFree);
        Assert.Equal(["ad_free", "newsletter"], decision.Features);
        Assert.Equal(Now.AddDays(30), decision.ValidUntil);
    }
}
