namespace Membership.StripeEmulator.Billing;

/// <summary>
/// Runs what falls due with time: scheduled cancellations, trial reminders, renewals, the hour-late
/// finalization of renewal invoices, payment retries, incomplete expiry and Checkout expiry. Objects on a
/// test clock move only when the clock is advanced; the others follow the wall clock (see <see cref="BillingTicker"/>).
/// </summary>
internal static class BillingScheduler
{
    private const int MaxStepsPerRun = 10_000;

    /// <summary>Runs everything due up to <paramref name="until"/> for one clock (null: objects without a test clock), in time order.</summary>
    public static void RunDue(EmulatorState state, TestClock? clock, long until)
    {
        for (var step = 0; step < MaxStepsPerRun; step++)
        {
            var next = NextDue(state, clock?.Id, until);
            if (next is null)
                return;
            if (clock is not null && next.Value.Due > clock.FrozenTime)
                clock.FrozenTime = next.Value.Due;
            next.Value.Run();
            state.RunLater();
        }
        throw new InvalidOperationException("The billing scheduler did not settle; a due action did not move its due time.");
    }

    private static (long Due, int Rank, long Sequence, Action Run)? NextDue(EmulatorState state, string? clockId, long until)
    {
        var candidates = new List<(long Due, int Rank, long Sequence, Action Run)>();
        foreach (var subscription in state.Subscriptions.All.Where(s => s.TestClock == clockId && !s.IsEnded))
        {
            var s = subscription;
            if (s.Status == "incomplete")
            {
                candidates.Add((SubscriptionLifecycle.IncompleteExpiresAt(s), 5, s.Sequence, () => SubscriptionLifecycle.ExpireIncomplete(state, s)));
                continue;
            }
            if (s.CancelAt is { } cancelAt && cancelAt <= s.CurrentPeriodEnd)
                candidates.Add((cancelAt, 0, s.Sequence, () => SubscriptionLifecycle.EndAsScheduled(state, s)));
            else
                candidates.Add((s.CurrentPeriodEnd, 2, s.Sequence, () => SubscriptionLifecycle.Renew(state, s)));
            if (s.PauseCollection is { ResumesAt: { } resumesAt })
                candidates.Add((resumesAt, 0, s.Sequence, () => PauseCollections.Resume(state, s)));
            if (s.Status == "trialing" && s.TrialEnd is not null && !s.TrialWillEndSent)
                candidates.Add((SubscriptionLifecycle.TrialWillEndAt(s), 1, s.Sequence, () => SubscriptionLifecycle.TrialWillEnd(state, s)));
        }
        foreach (var invoice in state.Invoices.All.Where(i => i.TestClock == clockId && i.AutoAdvance))
        {
            var i = invoice;
            if (i.Status == "draft" && i.AutomaticallyFinalizesAt is { } finalizeAt)
            {
                candidates.Add((finalizeAt, 3, i.Sequence, () =>
                {
                    Invoicing.Finalize(state, i, EventCause.Automatic);
                    Invoicing.Collect(state, i, EventCause.Automatic, automatic: true);
                }
                ));
            }
            else if (i.Status == "open" && i.NextPaymentAttempt is { } retryAt)
            {
                candidates.Add((retryAt, 4, i.Sequence, () => Invoicing.Collect(state, i, EventCause.Automatic, automatic: true)));
            }
        }
        foreach (var session in state.CheckoutSessions.All.Where(c => c.Status == "open" && c.TestClock == clockId))
        {
            var c = session;
            candidates.Add((c.ExpiresAt, 6, c.Sequence, () => CheckoutCompletion.Expire(state, c, EventCause.Automatic)));
        }
        var due = candidates.Where(c => c.Due <= until).OrderBy(c => c.Due).ThenBy(c => c.Rank).ThenBy(c => c.Sequence).ToList();
        return due.Count == 0 ? null : due[0];
    }
}
