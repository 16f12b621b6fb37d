namespace Membership.StripeEmulator.Disputes;

/// <summary>What Stripe's test mode does shortly after 4000000000000259 pays: the cardholder disputes the charge.</summary>
internal static class DisputeOpener
{
    public static Dispute Open(EmulatorState state, Charge charge)
    {
        charge.Disputed = true;
        var now = state.WallNow();
        var dispute = state.Disputes.Add(new Dispute
        {
            Id = Ids.New("dp_1"),
            Created = now,
            Charge = charge.Id,
            EvidenceDueBy = now + (7 * 86400),
        });
        state.Emit("charge.dispute.created", dispute, EventCause.Automatic);
        state.Emit("charge.dispute.funds_withdrawn", dispute, EventCause.Automatic);
        return dispute;
    }
}
