using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.MyAccount;

namespace Membership.Tests.Accounts;

/// <summary>The account page's words for each state; whether the reader is ad-free is the policy's, passed through.</summary>
public sealed class MembershipSummaryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid ReaderId = Guid.NewGuid();

    private static MemberSubscription Subscription(string status, bool cancelAtPeriodEnd = false, DateTimeOffset? cancelAt = null) => new()
    {
        StripeSubscriptionId = "sub_1",
        StripeCustomerId = "cus_1",
        ReaderId = ReaderId,
        PlanKey = "adfree-monthly",
        Status = status,
        CurrentPeriodEnd = Now.AddDays(30),
        CancelAtPeriodEnd = cancelAtPeriodEnd,
        CancelAt = cancelAt,
        CanceledAt = status == "canceled" ? Now.AddDays(-1) : null,
        TrialEnd = status == "trialing" ? Now.AddDays(14) : null,
    };

    private static EntitlementDecision Decision(bool adFree, string status, string? source = "subscription", DateTimeOffset? validUntil = null, DateTimeOffset? graceUntil = null) =>
        new(ReaderId, adFree, adFree ? ["ad_free"] : [], status, source, "adfree-monthly", validUntil, graceUntil, Now, []);

    [Fact]
    public void Active_renews_and_can_be_cancelled()
    {
        var summary = MembershipSummary.From(Subscription("active"), "Ad-Free Monthly", Decision(true, "active", validUntil: Now.AddDays(30)));

        // "Until" would read like an end date on a plan that renews.
        Assert.Equal(("Ad-Free Monthly", "Renews on 23 December 2026", true, "Renews on 23 December 2026", true, false),
            (summary.PlanName, summary.DateLine, summary.AdFree, summary.AdFreeLine, summary.CanCancel, summary.CanResume));
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, 10)]
    public void A_scheduled_cancellation_ends_and_can_be_resumed(bool atPeriodEnd, int? cancelAtDays)
    {
        var cancelAt = cancelAtDays is { } days ? Now.AddDays(days) : (DateTimeOffset?)null;
        var summary = MembershipSummary.From(Subscription("active", atPeriodEnd, cancelAt), null, Decision(true, "active"));

        Assert.Equal($"Ends on {(cancelAt ?? Now.AddDays(30)).UtcDateTime:d MMMM yyyy}", summary.DateLine);
        Assert.Equal((false, true), (summary.CanCancel, summary.CanResume));
        Assert.Equal("adfree-monthly", summary.PlanName); // no plan row: the key stands in
    }

    [Fact]
    public void Past_due_within_grace_shows_the_grace_end_from_the_decision()
    {
        var summary = MembershipSummary.From(Subscription("past_due"), "Monthly", Decision(true, "past_due", graceUntil: Now.AddDays(5)));

        Assert.Equal("Payment failed — ad-free until 28 November 2026", summary.DateLine);
        Assert.True(summary.CanCancel);
    }

    [Fact]
    public void Past_due_after_grace_asks_for_a_new_card()
    {
        var summary = MembershipSummary.From(Subscription("past_due"), "Monthly", Decision(false, "past_due", graceUntil: Now.AddDays(-1)));

        Assert.Equal("Payment failed — update your card under Manage billing", summary.DateLine);
        Assert.False(summary.AdFree);
    }

    [Theory]
    [InlineData("trialing", "Free trial until 7 December 2026, then renews", true)]
    [InlineData("canceled", "Ended on 22 November 2026", false)]
    [InlineData("incomplete_expired", "Ended on 23 December 2026", false)]
    [InlineData("incomplete", "Waiting for your first payment", false)]
    [InlineData("unpaid", "Payment failed — update your card under Manage billing", false)]
    [InlineData("paused", "Paused", false)]
    public void Every_status_has_words(string status, string dateLine, bool changeable)
    {
        var summary = MembershipSummary.From(Subscription(status), "Monthly", Decision(status == "trialing", status));

        Assert.Equal(dateLine, summary.DateLine);
        Assert.Equal(changeable, summary.CanCancel);
    }

    [Fact]
    public void A_grant_without_a_subscription_is_a_complimentary_membership()
    {
        var forGood = MembershipSummary.From(null, null, Decision(true, "none", "complimentary"));
        var until = MembershipSummary.From(null, null, Decision(true, "none", "complimentary", validUntil: Now.AddDays(3)));

        Assert.Equal(("Complimentary membership", "Complimentary, for good"), (forGood.PlanName, forGood.AdFreeLine));
        Assert.Equal("Complimentary, until 26 November 2026", until.AdFreeLine);
    }

    [Fact]
    public void Nothing_at_all_is_no_membership()
    {
        var summary = MembershipSummary.From(null, null, EntitlementDecision.None(ReaderId, Now));

        Assert.Equal((false, false, false), (summary.HasMembership, summary.AdFree, summary.CanCancel));
    }
}
