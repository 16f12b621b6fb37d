using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Payments;

internal sealed record ChargeOutcome(bool Succeeded, Charge? Charge);

/// <summary>PaymentIntents and the charges that try to pay them, with the events each step emits.</summary>
internal static class Charging
{
    public static bool WouldSucceed(PaymentMethod? method) =>
        method?.Card.Behaviour is CardBehaviour.Succeeds or CardBehaviour.Disputed;

    public static PaymentIntent NewIntent(EmulatorState state, string? customer, long amount, string currency, string description, string? testClock, EventCause cause)
    {
        var intent = state.PaymentIntents.Add(new PaymentIntent
        {
            Id = Ids.New("pi_3"),
            Created = state.Now(testClock),
            Amount = amount,
            Currency = currency,
            Customer = customer,
            Description = description,
        });
        state.Emit("payment_intent.created", intent, cause);
        return intent;
    }

    /// <summary>One charge attempt: <c>charge.succeeded</c> + <c>payment_intent.succeeded</c>, or <c>charge.failed</c> + <c>payment_intent.payment_failed</c>.</summary>
    public static ChargeOutcome Attempt(EmulatorState state, PaymentIntent intent, PaymentMethod method, string? testClock, EventCause cause)
    {
        var succeeded = WouldSucceed(method);
        var card = method.Card;
        var charge = state.Charges.Add(new Charge
        {
            Id = Ids.New("ch_3"),
            Created = state.Now(testClock),
            Amount = intent.Amount,
            Currency = intent.Currency,
            Customer = intent.Customer,
            PaymentIntent = intent.Id,
            PaymentMethod = method,
            Description = intent.Description,
            Succeeded = succeeded,
            FailureCode = succeeded ? null : "card_declined",
            FailureMessage = succeeded ? null : card.DeclineMessage,
            DeclineCode = succeeded ? null : card.DeclineCode,
        });
        intent.LatestCharge = charge.Id;
        intent.PaymentMethod = method.Id;
        if (succeeded)
        {
            intent.Status = "succeeded";
            intent.AmountReceived = intent.Amount;
            intent.LastPaymentError = null;
            state.Emit("charge.succeeded", charge, cause);
            state.Emit("payment_intent.succeeded", intent, cause);
            if (card.Behaviour == CardBehaviour.Disputed)
                state.Later(() => DisputeOpener.Open(state, charge));
        }
        else
        {
            intent.Status = "requires_payment_method";
            intent.LastPaymentError = new JsonObject
            {
                ["charge"] = charge.Id,
                ["code"] = "card_declined",
                ["decline_code"] = card.DeclineCode,
                ["doc_url"] = "https://stripe.com/docs/error-codes/card-declined",
                ["message"] = card.DeclineMessage,
                ["payment_method"] = method.Render(state),
                ["type"] = "card_error",
            };
            state.Emit("charge.failed", charge, cause);
            state.Emit("payment_intent.payment_failed", intent, cause);
        }
        return new ChargeOutcome(succeeded, charge);
    }
}
