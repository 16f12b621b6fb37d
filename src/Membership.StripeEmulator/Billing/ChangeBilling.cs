namespace Membership.StripeEmulator.Billing;

/// <summary>
/// What a change of items bills, by <c>proration_behavior</c>: <c>create_prorations</c> (the default) leaves proration
/// invoice items for the next invoice; <c>always_invoice</c> bills them at once; <c>none</c> makes none. A new interval
/// restarts the period now and is always invoiced at once: the credit for the unused time (unless <c>none</c>) and the
/// new price in full. Nothing is prorated during a trial.
/// </summary>
internal static class ChangeBilling
{
    private static readonly string[] Behaviours = ["create_prorations", "always_invoice", "none"];

    public static string Behaviour(StripeParams? p)
    {
        var behaviour = p?.String("proration_behavior") ?? "create_prorations";
        return Behaviours.Contains(behaviour)
            ? behaviour
            : throw StripeErrorException.Invalid(p!.PathOf("proration_behavior"), "Invalid proration_behavior: must be one of create_prorations, always_invoice, or none");
    }

    /// <summary>Saves and announces the prorations; answers the invoice to collect at once (drafted and announced), if any.</summary>
    public static Invoice? Bill(EmulatorState state, Subscription subscription, IReadOnlyList<ItemChange> changes, string behaviour, long at, EventCause cause)
    {
        if (subscription.Status == "trialing" || !changes.Any(c => c.Changed))
            return null;
        var resets = PlanChange.ResetsCycle(changes);
        var prorations = behaviour == "none" ? [] : PlanChange.Prorations(state, subscription, changes, at);
        var now = state.Now(subscription.TestClock);
        if (resets)
            RestartPeriod(state, subscription, now);
        foreach (var proration in prorations)
        {
            state.InvoiceItems.Add(proration);
            state.Emit("invoiceitem.created", proration, cause);
        }
        if (!resets && (behaviour != "always_invoice" || prorations.Count == 0))
            return null;
        var invoice = Invoicing.Draft(state, subscription, "subscription_update", now, now, trial: false, itemLines: resets);
        invoice.AutoAdvance = true;
        subscription.LatestInvoice = invoice.Id;
        state.Emit("invoice.created", invoice, cause);
        return invoice;
    }

    /// <summary>After the subscription's own update event: finalized and charged, as Stripe does with a change's invoice.</summary>
    public static void Collect(EmulatorState state, Invoice invoice, EventCause cause)
    {
        Invoicing.Finalize(state, invoice, cause);
        Invoicing.Collect(state, invoice, cause, automatic: true);
    }

    /// <summary>The billing cycle anchor moves to now: the new period starts with the change.</summary>
    private static void RestartPeriod(EmulatorState state, Subscription subscription, long now)
    {
        var price = state.Prices.Get(subscription.Items[0].Price);
        subscription.BillingCycleAnchor = now;
        subscription.Cycle = 0;
        var end = price.AddIntervals(DateTimeOffset.FromUnixTimeSeconds(now), 1).ToUnixTimeSeconds();
        foreach (var item in subscription.Items)
        {
            item.PeriodStart = now;
            item.PeriodEnd = end;
        }
    }
}
