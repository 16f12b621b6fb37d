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

    /// <summary>Actions between two moments when requests waiting for the state's lock may run (reads during a long advance).</summary>
    private const int ActionsBetweenPauses = 250;

    /// <summary>
    /// Runs everything due up to <paramref name="until"/> for one clock (null: objects without a test clock), in time order.
    /// A pass finds what is due once and runs, in order, every action due at the earliest moment, one per customer:
    /// an action changes only its own customer's objects (its subscription, invoices, payments, balance), so the
    /// others' actions found in that pass are still due as found. The next pass looks again (the next moment, or a
    /// second action of a customer already served). A renewal day of thousands of subscriptions on one clock is
    /// then a few passes over the account rather than one per subscription. Every <see cref="ActionsBetweenPauses"/> actions
    /// the requests waiting for the state's lock run (the service's re-reads, as Stripe serves them during an advance).
    /// </summary>
    public static void RunDue(EmulatorState state, TestClock? clock, long until)
    {
        var maxPasses = -1;
        var actions = 0;
        for (var pass = 0; maxPasses < 0 || pass < maxPasses; pass++)
        {
            var due = Due(state, clock?.Id, until);
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
                if (clock is not null && next.Due > clock.FrozenTime)
                    clock.FrozenTime = next.Due;
                next.Run();
                state.RunLater();
                // Requests let in may change what is due: the next pass looks again.
                if (++actions % ActionsBetweenPauses == 0)
                {
                    state.LetWaitingRequestsIn();
                    break;
                }
            }
        }
        throw new InvalidOperationException("The billing scheduler did not settle; a due action did not move its due time.");
    }

    /// <summary>Everything due by <paramref name="until"/>, in the order it runs: time, then kind (<c>Rank</c>), then age.</summary>
    private static List<(long Due, int Rank, long Sequence, string Owner, Action Run)> Due(EmulatorState state, string? clockId, long until)
    {
        var candidates = new List<(long Due, int Rank, long Sequence, string Owner, Action Run)>();
        foreach (var subscription in state.Subscriptions.All.Where(s => s.TestClock == clockId && !s.IsEnded))
        {
            var s = subscription;
            var owner = s.Customer;
            if (s.Status == "incomplete")
            {
                candidates.Add((SubscriptionLifecycle.IncompleteExpiresAt(s), 5, s.Sequence, owner, () => SubscriptionLifecycle.ExpireIncomplete(state, s)));
                continue;
            }
            if (s.CancelAt is { } cancelAt && cancelAt <= s.CurrentPeriodEnd)
                candidates.Add((cancelAt, 0, s.Sequence, owner, () => SubscriptionLifecycle.EndAsScheduled(state, s)));
            else
                candidates.Add((s.CurrentPeriodEnd, 2, s.Sequence, owner, () => SubscriptionLifecycle.Renew(state, s)));
            if (s.PauseCollection is { ResumesAt: { } resumesAt })
                candidates.Add((resumesAt, 0, s.Sequence, owner, () => PauseCollections.Resume(state, s)));
            if (s.Status == "trialing" && s.TrialEnd is not null && !s.TrialWillEndSent)
                candidates.Add((SubscriptionLifecycle.TrialWillEndAt(s), 1, s.Sequence, owner, () => SubscriptionLifecycle.TrialWillEnd(state, s)));
        }
        foreach (var invoice in state.Invoices.All.Where(i => i.TestClock == clockId && i.AutoAdvance))
        {
            var i = invoice;
            if (i.Status == "draft" && i.AutomaticallyFinalizesAt is { } finalizeAt)
            {
                candidates.Add((finalizeAt, 3, i.Sequence, i.Customer, () =>
                {
                    Invoicing.Finalize(state, i, EventCause.Automatic);
                    Invoicing.Collect(state, i, EventCause.Automatic, automatic: true);
                }
                ));
            }
            else if (i.Status == "open" && i.NextPaymentAttempt is { } retryAt)
            {
                candidates.Add((retryAt, 4, i.Sequence, i.Customer, () => Invoicing.Collect(state, i, EventCause.Automatic, automatic: true)));
            }
        }
        foreach (var session in state.CheckoutSessions.All.Where(c => c.Status == "open" && c.TestClock == clockId))
        {
            var c = session;
            candidates.Add((c.ExpiresAt, 6, c.Sequence, c.Customer ?? c.Id, () => CheckoutCompletion.Expire(state, c, EventCause.Automatic)));
        }
        return [.. candidates.Where(c => c.Due <= until).OrderBy(c => c.Due).ThenBy(c => c.Rank).ThenBy(c => c.Sequence)];
    }
}
