namespace Membership.StripeEmulator.Checkout;

/// <summary>What happens when the customer pays on the hosted page, or the session runs out.</summary>
internal static class CheckoutCompletion
{
    /// <summary>
    /// Pays with a test card in the order Stripe's basil-era Checkout does: the customer and its card, the payment,
    /// then the subscription and its first invoice (created already paid), then <c>checkout.session.completed</c>.
    /// A declined card leaves the session open with no subscription; its message is returned.
    /// </summary>
    public static string? Pay(EmulatorState state, CheckoutSession session, TestCard card, string? email)
    {
        var cause = EventCause.HostedPage();
        var existing = state.Customers.Find(session.Customer);
        var amount = session.HasTrial ? 0 : session.AmountSubtotal(state);
        var currency = session.Currency;

        var declines = card.Behaviour == CardBehaviour.Declined || (amount > 0 && card.Behaviour == CardBehaviour.DeclinesCharges);
        if (declines)
        {
            // basil: a declined attempt leaves only the PaymentIntent's (or SetupIntent's) own events behind.
            var method = PaymentMethods.Create(state, card, existing);
            if (amount == 0)
            {
                var setup = state.SetupIntents.Add(new SetupIntent { Id = Ids.New("seti_1"), Created = state.Now(session.TestClock), Customer = existing?.Id });
                state.Emit("setup_intent.created", setup, cause);
                state.Emit("setup_intent.setup_failed", setup, cause);
                return card.DeclineMessage;
            }
            var attempt = state.PaymentIntents.Find(session.AttemptIntent)
                ?? Charging.NewIntent(state, existing?.Id, amount, currency, "Subscription creation", session.TestClock, cause);
            session.AttemptIntent = attempt.Id;
            Charging.Attempt(state, attempt, method, session.TestClock, cause);
            return card.DeclineMessage;
        }

        var customer = existing ?? CreateCustomer(state, session, email, cause);
        var paymentMethod = PaymentMethods.AttachCard(state, card, customer, cause);

        PaymentIntent? intent = null;
        if (amount > 0)
        {
            intent = state.PaymentIntents.Find(session.AttemptIntent)
                ?? Charging.NewIntent(state, customer.Id, amount, currency, "Subscription creation", customer.TestClock, cause);
            intent.Customer = customer.Id;
            Charging.Attempt(state, intent, paymentMethod, customer.TestClock, cause);
        }
        else
        {
            SaveCardWithSetupIntent(state, customer, paymentMethod, cause);
        }

        var now = state.Now(customer.TestClock);
        long? trialEnd = session.TrialEnd ?? (session.TrialPeriodDays is { } days ? now + (days * 86400) : null);
        var subscription = SubscriptionLifecycle.Start(state, customer, session.Lines(state), new(session.SubscriptionMetadata, StringComparer.Ordinal),
            trialEnd, paymentMethod.Id, "flexible", session.SubscriptionDescription);
        subscription.Status = trialEnd is null ? "active" : "trialing";
        var invoice = SubscriptionLifecycle.FirstInvoice(state, subscription);
        state.Emit("customer.subscription.created", subscription, cause);
        state.Emit("invoice.created", invoice, cause);
        Invoicing.Finalize(state, invoice, cause);
        Invoicing.MarkPaid(state, invoice, intent, cause);

        session.Status = "complete";
        session.PaymentStatus = amount > 0 ? "paid" : "no_payment_required";
        session.Customer = customer.Id;
        session.CustomerDetailsEmail = customer.Email;
        session.Subscription = subscription.Id;
        session.Invoice = invoice.Id;
        state.Emit("checkout.session.completed", session, cause);

        if (trialEnd is { } end && end - now <= 3 * 86400)
            SubscriptionLifecycle.TrialWillEnd(state, subscription);
        return null;
    }

    public static void Expire(EmulatorState state, CheckoutSession session, EventCause cause)
    {
        session.Status = "expired";
        state.Emit("checkout.session.expired", session, cause);
    }

    private static Customer CreateCustomer(EmulatorState state, CheckoutSession session, string? email, EventCause cause)
    {
        var customer = state.Customers.Add(new Customer
        {
            Id = Ids.New("cus_", 14),
            Created = state.WallNow(),
            Email = session.CustomerEmail ?? email,
        });
        state.Emit("customer.created", customer, cause);
        return customer;
    }

    private static void SaveCardWithSetupIntent(EmulatorState state, Customer customer, PaymentMethod method, EventCause cause)
    {
        var setup = state.SetupIntents.Add(new SetupIntent { Id = Ids.New("seti_1"), Created = state.Now(customer.TestClock), Customer = customer.Id });
        state.Emit("setup_intent.created", setup, cause);
        setup.PaymentMethod = method.Id;
        setup.Status = "succeeded";
        state.Emit("setup_intent.succeeded", setup, cause);
    }
}
