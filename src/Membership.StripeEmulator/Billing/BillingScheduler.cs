namespace Membership.StripeEmulator.Billing;

/// <summary>
/// Runs what falls due with time: scheduled cancellations, trial reminders, renewals, the hour-late
/// finalization of renewal invoices, payment retries, incomplete expiry and Checkout expiry. Objects on a
/// test clock move only when the clock is advanced; the others follow the wall clock (see <see cref="BillingTicker"/>).
/// </summary>
internal static class BillingScheduler
{
    /// <summary>Passes beyond the first pass's count of due actions (a pass runs at least one): more means an action did not move its due time.</summary>
    private const int MaxExtraPasses = 10_000;

    /// <summary>Work between two moments when requests waiting for the state's lock may run (reads during a long advance).</summary>
    private static readonly TimeSpan WorkBetweenPauses = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Runs everything due up to <paramref name="until"/> for one clock (null: objects without a test clock), in time order.
    /// A pass finds what is due once and runs, in order, every action due at the earliest moment, one per customer:
    /// an action changes only its own customer's objects (its subscription, invoices, payments, balance), so the
    /// others' actions found in that pass are still due as found. The next pass looks again (the next moment, or a
    /// second action of a customer already served). A renewal day of thousands of subscriptions on one clock is
    /// then a few passes over the account rather than one per subscription. Every <see cref="WorkBetweenPauses"/> the
    /// requests waiting for the state's lock run (the service's re-reads, as Stripe serves them during an advance);
    /// as they may change objects, each action is checked to be still due, as found, just before it runs.
    /// </summary>
    public static void RunDue(EmulatorState state, TestClock? clock, long until)
    {
        var clockId = clock?.Id;
        var maxPasses = -1;
        var sincePause = System.Diagnostics.Stopwatch.StartNew();
        for (var pass = 0; maxPasses < 0 || pass < maxPasses; pass++)
        {
            var due = Due(state, clockId, until);
            if (due.Count == 0)
                return;
            if (maxPasses < 0)
                maxPasses = due.Count + MaxExtraPasses;
            var moment = due[0].Due;
            var served = new HashSet<string>(StringComparer.Ordinal);
            foreach (var next in due)
            {
                if (next.Due != moment || !served.Add(next.Owner))
                    break;
                if (!StillDue(state, next))
                    continue;
                if (clock is not null && next.Due > clock.FrozenTime)
                    clock.FrozenTime = next.Due;
                next.Run();
                state.RunLater();
                if (sincePause.Elapsed >= WorkBetweenPauses)
                {
                    state.LetWaitingRequestsIn();
                    sincePause.Restart();
                }
            }
        }
        throw new InvalidOperationException("The billing scheduler did not settle; a due action did not move its due time.");
    }

    /// <summary>One action that falls due: when, its kind (<c>Rank</c>, the order at one moment), the object's age, whose it is and what it does.</summary>
    private readonly record struct DueAction(long Due, int Rank, long Sequence, string Owner, StripeObject Subject, Action Run);

    /// <summary>Everything due by <paramref name="until"/>, in the order it runs: time, then kind, then age.</summary>
    private static List<DueAction> Due(EmulatorState state, string? clockId, long until)
    {
        var candidates = new List<DueAction>();
        foreach (var subscription in state.Subscriptions.All.Where(s => s.TestClock == clockId))
            AddActions(state, subscription, until, candidates);
        foreach (var invoice in state.Invoices.All.Where(i => i.TestClock == clockId))
            AddActions(state, invoice, until, candidates);
        foreach (var session in state.CheckoutSessions.All.Where(c => c.TestClock == clockId))
            AddActions(state, session, until, candidates);
        return [.. candidates.OrderBy(a => a.Due).ThenBy(a => a.Rank).ThenBy(a => a.Sequence)];
    }

    /// <summary>Whether the object still has this action due at that time (a request let in meanwhile may have changed it).</summary>
    private static bool StillDue(EmulatorState state, DueAction action)
    {
        var now = new List<DueAction>(2);
        AddActions(state, action.Subject, action.Due, now);
        return now.Exists(a => a.Due == action.Due && a.Rank == action.Rank);
    }

    private static void AddActions(EmulatorState state, StripeObject subject, long until, List<DueAction> into)
    {
        void Add(long due, int rank, string owner, Action run)
        {
            if (due <= until)
                into.Add(new DueAction(due, rank, subject.Sequence, owner, subject, run));
        }

        switch (subject)
        {
            case Subscription s when !s.IsEnded:
                if (s.Status == "incomplete")
                {
                    Add(SubscriptionLifecycle.IncompleteExpiresAt(s), 5, s.Customer, () => SubscriptionLifecycle.ExpireIncomplete(state, s));
                    return;
                }
                if (s.CancelAt is { } cancelAt && cancelAt <= s.CurrentPeriodEnd)
                    Add(cancelAt, 0, s.Customer, () => SubscriptionLifecycle.EndAsScheduled(state, s));
                else
                    Add(s.CurrentPeriodEnd, 2, s.Customer, () => SubscriptionLifecycle.Renew(state, s));
                if (s.PauseCollection is { ResumesAt: { } resumesAt })
                    Add(resumesAt, 0, s.Customer, () => PauseCollections.Resume(state, s));
                if (s.Status == "trialing" && s.TrialEnd is not null && !s.TrialWillEndSent)
                    Add(SubscriptionLifecycle.TrialWillEndAt(s), 1, s.Customer, () => SubscriptionLifecycle.TrialWillEnd(state, s));
                return;

            case Invoice i when i.AutoAdvance:
                if (i.Status == "draft" && i.AutomaticallyFinalizesAt is { } finalizeAt)
                {
                    Add(finalizeAt, 3, i.Customer, () =>
                    {
                        Invoicing.Finalize(state, i, EventCause.Automatic);
                        Invoicing.Collect(state, i, EventCause.Automatic, automatic: true);
                    });
                }
                else if (i.Status == "open" && i.NextPaymentAttempt is { } retryAt)
                {
                    Add(retryAt, 4, i.Customer, () => Invoicing.Collect(state, i, EventCause.Automatic, automatic: true));
                }
                return;

            case CheckoutSession c when c.Status == "open":
                Add(c.ExpiresAt, 6, c.Customer ?? c.Id, () => CheckoutCompletion.Expire(state, c, EventCause.Automatic));
                return;
        }
    }
}
