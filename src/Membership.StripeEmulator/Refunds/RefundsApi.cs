using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Refunds;

internal static class RefundsApi
{
    private static readonly string[] Reasons = ["duplicate", "fraudulent", "requested_by_customer"];

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/refunds", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));
        v1.MapGet("/refunds", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/refunds/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.Refunds.Get(id).Render(s)));
    }

    /// <summary>A refund of a charge: <c>refund.created</c>, then <c>charge.refunded</c>. Subscriptions and invoices are untouched, as in Stripe.</summary>
    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("charge", "payment_intent", "amount", "reason", "metadata", "expand", "refund_application_fee", "reverse_transfer", "instructions_email");
        var chargeId = p.String("charge");
        var intentId = p.String("payment_intent");
        if (string.IsNullOrEmpty(chargeId) && string.IsNullOrEmpty(intentId))
            throw StripeErrorException.Missing("charge");
        Charge charge;
        if (!string.IsNullOrEmpty(chargeId))
        {
            charge = state.Charges.Get(chargeId, "charge");
        }
        else
        {
            var intent = state.PaymentIntents.Get(intentId!, "payment_intent");
            charge = state.Charges.Find(intent.Status == "succeeded" ? intent.LatestCharge : null)
                ?? throw StripeErrorException.Invalid("payment_intent", $"This PaymentIntent ({intent.Id}) does not have a successful charge to refund.");
        }
        if (!charge.Succeeded)
            throw StripeErrorException.Invalid("charge", $"Charge {charge.Id} has not been captured and cannot be refunded.");
        var refundable = charge.Amount - charge.AmountRefunded;
        var amount = p.Long("amount") ?? refundable;
        if (refundable <= 0)
            throw new StripeErrorException(400, "invalid_request_error", $"Charge {charge.Id} has already been refunded.", "charge_already_refunded");
        if (amount <= 0 || amount > refundable)
            throw StripeErrorException.Invalid("amount", $"Refund amount ({amount}) is greater than unrefunded amount on charge ({refundable})", "amount_too_large");
        var reason = p.String("reason");
        if (reason is not null && !Reasons.Contains(reason))
            throw StripeErrorException.Invalid("reason", $"Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer");

        var refund = state.Refunds.Add(new Refund
        {
            Id = Ids.New("re_3"),
            Created = state.WallNow(),
            Charge = charge.Id,
            Amount = amount,
            Reason = reason,
            Metadata = MetadataUpdate.Apply([], p.Metadata()),
        });
        var before = charge.Render(state);
        charge.AmountRefunded += amount;
        charge.Refunds.Add(refund.Id);
        state.Emit("refund.created", refund, request.Cause);
        state.Emit("charge.refunded", charge, request.Cause, JsonDiff.PreviousAttributes(before, charge.Render(state)));
        return refund.Render(state);
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("charge", "payment_intent", "created", "limit", "starting_after", "ending_before", "expand");
        var charge = p.String("charge");
        var intent = p.String("payment_intent");
        var refunds = state.Refunds.NewestFirst().Where(r => (charge is null || r.Charge == charge) && (intent is null || state.Charges.Get(r.Charge).PaymentIntent == intent));
        return ListPage.Render(state, CreatedFilter.Apply(refunds, p), p, "/v1/refunds");
    }
}
