namespace Membership.StripeEmulator.Billing;

internal sealed record SubscriptionLine(Price Price, long Quantity, Dictionary<string, string> Metadata);

/// <summary>A subscription's life: start (with or without a trial), renewal, the end of a trial, cancellation and expiry.</summary>
internal static class SubscriptionLifecycle
{
    private const long DaySeconds = 86400;

    /// <summary>Creates the subscription (status still to be decided by the caller) without emitting anything.</summary>
    public static Subscription Start(EmulatorState state, Customer customer, IReadOnlyList<SubscriptionLine> lines, Dictionary<string, string> metadata,
        long? trialEnd, string? defaultPaymentMethod, string billingMode, string? description)
    {
        var now = state.Now(customer.TestClock);
        var first = lines[0].Price;
        var subscription = new Subscription
        {
            Id = Ids.New("sub_1"),
            Created = now,
            StartDate = now,
            Customer = customer.Id,
            Currency = first.Currency,
            TestClock = customer.TestClock,
            Metadata = metadata,
            DefaultPaymentMethod = defaultPaymentMethod,
            BillingMode = billingMode,
            Description = description,
        };
        long periodEnd;
        if (trialEnd is { } end)
        {
            subscription.TrialStart = now;
            subscription.TrialEnd = end;
            subscription.Status = "trialing";
            subscription.BillingCycleAnchor = end;
            subscription.Cycle = -1;
            periodEnd = end;
        }
        else
        {
            subscription.BillingCycleAnchor = now;
            periodEnd = first.AddIntervals(DateTimeOffset.FromUnixTimeSeconds(now), 1).ToUnixTimeSeconds();
        }
        foreach (var line in lines)
        {
            subscription.Items.Add(new SubscriptionItem
            {
                Id = Ids.New("si_", 14),
                Created = now,
                Price = line.Price.Id,
                Quantity = line.Quantity,
                Metadata = line.Metadata,
                PeriodStart = now,
                PeriodEnd = periodEnd,
            });
        }
        customer.Currency ??= first.Currency;
        return state.Subscriptions.Add(subscription);
    }

    public static Invoice FirstInvoice(EmulatorState state, Subscription subscription)
    {
        var invoice = Invoicing.Draft(state, subscription, "subscription_create", subscription.Created, subscription.Created, subscription.Status == "trialing");
        invoice.AutoAdvance = false;
        subscription.LatestInvoice = invoice.Id;
        return invoice;
    }

    /// <summary>
    /// A new billing period (also the end of a trial): the next invoice is drafted (finalized and collected an
    /// hour later), then <c>customer.subscription.updated</c> shows the new period and latest invoice.
    /// </summary>
    public static void Renew(EmulatorState state, Subscription subscription)
    {
        var before = subscription.Render(state);
        var previousStart = subscription.CurrentPeriodStart;
        var previousEnd = subscription.CurrentPeriodEnd;
        if (!ScheduleLifecycle.BeforeRenewal(state, subscription, previousEnd))
            return;
        var price = state.Prices.Get(subscription.Items[0].Price);
        subscription.Cycle++;
        var anchor = DateTimeOffset.FromUnixTimeSeconds(subscription.BillingCycleAnchor);
        var start = price.AddIntervals(anchor, subscription.Cycle).ToUnixTimeSeconds();
        var end = price.AddIntervals(anchor, subscription.Cycle + 1).ToUnixTimeSeconds();
        foreach (var item in subscription.Items)
        {
            item.PeriodStart = start;
            item.PeriodEnd = end;
        }
        if (subscription.Status == "trialing")
            subscription.Status = "active";

        var invoice = Invoicing.Draft(state, subscription, "subscription_cycle", previousStart, previousEnd, trial: false);
        invoice.AutomaticallyFinalizesAt = state.Now(subscription.TestClock) + Invoicing.HourSeconds;
        subscription.LatestInvoice = invoice.Id;
        state.Emit("invoice.created", invoice, EventCause.Automatic);
        state.EmitIfChanged("customer.subscription.updated", subscription, before, EventCause.Automatic);
        if (subscription.PauseCollection is { } pause)
            PauseCollections.Handle(state, invoice, pause);
    }

    /// <summary>Ends the subscription now (DELETE, a deleted customer, the last failed retry).</summary>
    public static void CancelNow(EmulatorState state, Subscription subscription, EventCause cause, string reason, string? feedback = null, string? comment = null)
    {
        var now = state.Now(subscription.TestClock);
        subscription.Status = "canceled";
        subscription.CanceledAt = now;
        subscription.EndedAt = now;
        subscription.CancelAt = null;
        subscription.CancelAtPeriodEnd = false;
        subscription.CancellationReason = reason;
        subscription.CancellationFeedback = feedback ?? subscription.CancellationFeedback;
        subscription.CancellationComment = comment ?? subscription.CancellationComment;
        state.Emit("customer.subscription.deleted", subscription, cause);
        Invoicing.StopCollecting(state, subscription, cause);
    }

    /// <summary>A scheduled cancellation comes due: <c>canceled_at</c> keeps the time it was requested.</summary>
    public static void EndAsScheduled(EmulatorState state, Subscription subscription)
    {
        subscription.Status = "canceled";
        subscription.EndedAt = subscription.CancelAt;
        subscription.CanceledAt ??= subscription.CancelAt;
        subscription.CancellationReason ??= "cancellation_requested";
        state.Emit("customer.subscription.deleted", subscription, EventCause.Automatic);
        Invoicing.StopCollecting(state, subscription, EventCause.Automatic);
    }

    /// <summary>A first invoice still unpaid 23 hours on: voided, and the subscription is <c>incomplete_expired</c>.</summary>
    public static void ExpireIncomplete(EmulatorState state, Subscription subscription)
    {
        var now = state.Now(subscription.TestClock);
        if (state.Invoices.Find(subscription.LatestInvoice) is { Status: "open" } invoice)
        {
            invoice.Status = "void";
            invoice.VoidedAt = now;
            invoice.AutoAdvance = false;
            invoice.NextPaymentAttempt = null;
            state.Emit("invoice.voided", invoice, EventCause.Automatic);
        }
        var before = subscription.Render(state);
        subscription.Status = "incomplete_expired";
        subscription.CanceledAt = now;
        subscription.EndedAt = now;
        state.EmitIfChanged("customer.subscription.updated", subscription, before, EventCause.Automatic);
    }

    public static void TrialWillEnd(EmulatorState state, Subscription subscription)
    {
        subscription.TrialWillEndSent = true;
        state.Emit("customer.subscription.trial_will_end", subscription, EventCause.Automatic);
    }

    /// <summary>Stripe sends <c>trial_will_end</c> three days before the trial ends, or at once when less remains.</summary>
    public static long TrialWillEndAt(Subscription subscription) => subscription.TrialEnd!.Value - (3 * DaySeconds);

    public static long IncompleteExpiresAt(Subscription subscription) => subscription.Created + (23 * 3600);
}
