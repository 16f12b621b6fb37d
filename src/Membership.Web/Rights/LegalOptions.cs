namespace Membership.Web.Rights;

/// <summary>
/// The <c>Membership:Legal</c> section: which reader rights apply. The defaults satisfy the strictest of
/// §312k/§356a BGB, California's auto-renewal law and the GDPR.
/// </summary>
public sealed class LegalOptions
{
    public const string Section = "Membership:Legal";

    /// <summary>The "Cancel membership" page at <c>/cancel</c> works without signing in (§312k BGB).</summary>
    public bool CancelWithoutSignIn { get; set; } = true;

    /// <summary>Days after the start of a membership in which the reader may withdraw (§356a BGB); 0 turns withdrawal off.</summary>
    public int WithdrawalDays { get; set; } = 14;

    /// <summary>A withdrawal refunds only the unused part of the period instead of the whole payment.</summary>
    public bool ProratedWithdrawalRefund { get; set; }

    /// <summary>Days before a yearly renewal that the reminder goes out; 0 turns reminders off.</summary>
    public int RenewalReminderDays { get; set; } = 30;

    /// <summary>How long the emailed link that confirms a signed-out cancellation stays valid.</summary>
    public TimeSpan CancelLinkLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Days between the mailed notice of a price change and the moment a subscriber's price may move (at their next
    /// renewal after that), when an admin chooses to move existing subscribers rather than keep them on their price.
    /// </summary>
    public int PriceChangeNoticeDays { get; set; } = 30;

    /// <summary>How often an instance looks for renewal reminders and price-change notices that are due.</summary>
    public TimeSpan NoticeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest pause a reader may choose, in months.</summary>
    public int MaxPauseMonths { get; set; } = 3;

    /// <summary>
    /// The retention offer in the cancel flow: this percentage off the next <see cref="SaveOfferMonths"/> monthly payments,
    /// always shown beside an immediate "Cancel anyway". 0 (the default) shows no offer.
    /// </summary>
    public int SaveOfferPercentOff { get; set; }

    /// <summary>How many monthly periods the retention offer's discount lasts.</summary>
    public int SaveOfferMonths { get; set; } = 3;
}
