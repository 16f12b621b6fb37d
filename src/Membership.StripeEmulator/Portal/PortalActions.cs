namespace Membership.StripeEmulator.Portal;

/// <summary>What the customer can do in the portal, with the events Stripe's portal emits for each.</summary>
internal static class PortalActions
{
    /// <summary>
    /// Cancel at period end. Flexible billing mode (the default since clover) shows it as <c>cancel_at</c> alone;
    /// classic mode as <c>cancel_at_period_end=true</c> with <c>cancel_at</c> at the period end.
    /// </summary>
    public static void CancelAtPeriodEnd(EmulatorState state, Subscription subscription, EventCause cause)
    {
        var before = subscription.Render(state);
        subscription.CancelAt = subscription.CurrentPeriodEnd;
        subscription.CancelAtPeriodEnd = subscription.BillingMode == "classic";
        subscription.CanceledAt = state.Now(subscription.TestClock);
        subscription.CancellationReason = "cancellation_requested";
        state.EmitIfChanged("customer.subscription.updated", subscription, before, cause);
    }

    public static void Resume(EmulatorState state, Subscription subscription, EventCause cause)
    {
        var before = subscription.Render(state);
        subscription.CancelAt = null;
        subscription.CancelAtPeriodEnd = false;
        subscription.CanceledAt = null;
        subscription.CancellationReason = null;
        state.EmitIfChanged("customer.subscription.updated", subscription, before, cause);
    }

    /// <summary>A new card through a setup intent; it becomes the customer's default and replaces the subscriptions' own.</summary>
    public static void ChangeCard(EmulatorState state, Customer customer, TestCard card, EventCause cause)
    {
        if (card.Behaviour == CardBehaviour.Declined)
            throw StripeErrorException.CardDeclined(card.DeclineCode, card.DeclineMessage);
        var setup = state.SetupIntents.Add(new SetupIntent { Id = Ids.New("seti_1"), Created = state.Now(customer.TestClock), Customer = customer.Id });
        state.Emit("setup_intent.created", setup, cause);
        var method = PaymentMethods.AttachCard(state, card, customer, cause);
        setup.PaymentMethod = method.Id;
        setup.Status = "succeeded";
        state.Emit("setup_intent.succeeded", setup, cause);

        var beforeCustomer = customer.Render(state);
        customer.DefaultPaymentMethod = method.Id;
        state.EmitIfChanged("customer.updated", customer, beforeCustomer, cause);
        foreach (var subscription in state.Subscriptions.All.Where(s => s.Customer == customer.Id && !s.IsEnded && s.DefaultPaymentMethod is not null).OrderBy(s => s.Sequence))
        {
            var before = subscription.Render(state);
            subscription.DefaultPaymentMethod = method.Id;
            state.EmitIfChanged("customer.subscription.updated", subscription, before, cause);
        }
    }
}
