namespace Membership.StripeEmulator.Payments;

/// <summary>Turns test cards and <c>pm_card_*</c> tokens into payment methods attached to a customer.</summary>
internal static class PaymentMethods
{
    /// <summary>A card entered on a hosted page, attached to the customer (<c>payment_method.attached</c>).</summary>
    public static PaymentMethod AttachCard(EmulatorState state, TestCard card, Customer customer, EventCause cause)
    {
        if (card.Behaviour == CardBehaviour.Declined)
            throw StripeErrorException.CardDeclined(card.DeclineCode, card.DeclineMessage);
        var method = Create(state, card, customer);
        method.Customer = customer.Id;
        state.Emit("payment_method.attached", method, cause);
        return method;
    }

    /// <summary>A payment method unattached for now (a hosted page charges it before the customer exists).</summary>
    public static PaymentMethod Create(EmulatorState state, TestCard card, Customer? customer) =>
        state.PaymentMethods.Add(new PaymentMethod
        {
            Id = Ids.New("pm_1"),
            Created = state.Now(customer?.TestClock),
            Card = card,
            Email = customer?.Email,
            ExpYear = DateTimeOffset.FromUnixTimeSeconds(state.WallNow()).Year + 3,
        });

    public static void Attach(EmulatorState state, PaymentMethod method, Customer customer, EventCause cause)
    {
        if (method.Customer == customer.Id)
            return;
        if (method.Customer is not null)
            throw StripeErrorException.Request($"The payment method you provided has already been attached to a customer.", "payment_method");
        method.Customer = customer.Id;
        state.Emit("payment_method.attached", method, cause);
    }

    /// <summary>
    /// A payment method parameter: a test token (<c>pm_card_visa</c>) becomes a new attached payment method,
    /// an existing id must belong to the customer (or is attached to it when it belongs to nobody).
    /// </summary>
    public static PaymentMethod Resolve(EmulatorState state, string idOrToken, Customer customer, EventCause cause, string param)
    {
        if (TestCards.ByToken(idOrToken) is { } card)
            return AttachCard(state, card, customer, cause);
        var method = state.PaymentMethods.Find(idOrToken) ?? throw StripeErrorException.NotFound("PaymentMethod", idOrToken, param);
        if (method.Customer is not null && method.Customer != customer.Id)
            throw StripeErrorException.Invalid(param, $"The payment method '{method.Id}' belongs to another customer.");
        Attach(state, method, customer, cause);
        return method;
    }
}
