using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Plan = Membership.Web.Plans.Plan;

namespace Membership.Web.Billing;

/// <summary>
/// Switching a live subscription to another plan. To a longer (or equal) interval it happens now: Stripe credits
/// the unused time, restarts the period and bills the difference at once (<c>always_invoice</c>). To a shorter one it
/// waits for the end of the paid period: a subscription schedule whose second phase has the new price, released
/// after it, so the reader keeps what they paid for. A preview asks Stripe's <c>invoices/create_preview</c> and
/// changes nothing. Made in Stripe under the reader's billing lease, then written back through the one sync path.
/// </summary>
public sealed class PlanSwitches(MembershipDbContext db, StripeClient stripe, BillingLeases leases, SubscriptionSync sync, TimeProvider time)
{
    public async Task<PlanSwitchResult> SwitchAsync(Guid readerId, string planKey, bool preview, CancellationToken cancellationToken)
    {
        var target = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Key == planKey && !p.Archived && p.StripePriceId != null, cancellationToken);
        if (target is null)
            return new PlanSwitchResult.UnknownPlan();
        var local = await db.Subscriptions.AsNoTracking()
            .Where(s => s.ReaderId == readerId && LiveSubscriptions.Statuses.Contains(s.Status))
            .OrderByDescending(s => s.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (local is null)
            return new PlanSwitchResult.NoSubscription();

        // Two clicks (or tabs) must not switch twice: the reader's billing work is serialised.
        await using var lease = preview ? null : await leases.AcquireAsync(readerId, cancellationToken);
        var token = lease?.Token ?? cancellationToken;
        var current = await stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId, new SubscriptionGetOptions { Expand = ["schedule"] }, cancellationToken: token);
        if (!StripeSubscriptionStatuses.IsRenewing(current.Status))
            return new PlanSwitchResult.NotSwitchable(StripeSubscriptionStatuses.IsFailing(current.Status)
                ? "Your last payment failed: update your card under Manage billing before switching plans."
                : $"Your membership is {current.Status}: it cannot switch plans now.");
        if (current.CancelAtPeriodEnd || current.CancelAt is not null)
            return new PlanSwitchResult.NotSwitchable("Your membership is cancelled: resume it before switching plans.");
        if (current.PauseCollection is not null)
            return new PlanSwitchResult.NotSwitchable("Your membership is paused: resume it before switching plans.");

        var item = current.Items.Data[0];
        var fromPlanKey = local.PlanKey ?? item.Price.LookupKey ?? item.Price.Id;
        var pending = PendingPrice(current);
        if (item.Price.Id == target.StripePriceId || fromPlanKey == target.Key)
        {
            // Back to the plan they are on while a switch waits for the period end: the waiting switch is called off.
            if (pending is null)
                return new PlanSwitchResult.SamePlan();
            if (!preview)
                await ReleaseAsync(current, token);
            var end = StripeTime.From(item.CurrentPeriodEnd);
            return Done(preview, fromPlanKey, target, "now", time.GetUtcNow(), 0, item.Price.UnitAmount ?? target.Amount, end, []);
        }

        var now = Rank(target.Interval) >= Rank(item.Price.Recurring?.Interval ?? "month");
        if (!now)
            return await AtPeriodEndAsync(current, item, fromPlanKey, target, preview, token);
        return await NowAsync(current, item, fromPlanKey, target, preview, token);
    }

    private async Task<PlanSwitchResult> NowAsync(Subscription current, SubscriptionItem item, string fromPlanKey, Plan target, bool preview, CancellationToken cancellationToken)
    {
        var intervalChanges = target.Interval != item.Price.Recurring?.Interval;
        if (preview)
        {
            // Prorated to Stripe's own now (a test clock's time included), as the change itself will be.
            var invoice = await stripe.V1.Invoices.CreatePreviewAsync(new InvoiceCreatePreviewOptions
            {
                Subscription = current.Id,
                SubscriptionDetails = new InvoiceSubscriptionDetailsOptions
                {
                    Items = [new InvoiceSubscriptionDetailsItemOptions { Id = item.Id, Price = target.StripePriceId }],
                    ProrationBehavior = "always_invoice",
                },
            }, cancellationToken: cancellationToken);
            var at = StripeTime.From(invoice.Created);
            var next = intervalChanges ? AddInterval(at, target.Interval) : StripeTime.From(item.CurrentPeriodEnd);
            return Done(true, fromPlanKey, target, "now", at, invoice.AmountDue, target.Amount, next, Lines(invoice));
        }

        if (PendingPrice(current) is not null)
            await ReleaseAsync(current, cancellationToken);
        var updated = await stripe.V1.Subscriptions.UpdateAsync(current.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = item.Id, Price = target.StripePriceId }],
            ProrationBehavior = "always_invoice",
            Expand = ["latest_invoice"],
        }, cancellationToken: cancellationToken);
        await sync.SyncSubscriptionAsync(current.Id, current.CustomerId, $"reader switched to {target.Key}", cancellationToken);
        var bill = updated.LatestInvoice;
        var changedItem = updated.Items.Data[0];
        return Done(false, fromPlanKey, target, "now", StripeTime.From(changedItem.CurrentPeriodStart),
            bill is null || bill.Id == current.LatestInvoiceId ? 0 : bill.AmountDue, target.Amount, StripeTime.From(changedItem.CurrentPeriodEnd), bill is null ? [] : Lines(bill));
    }

    private async Task<PlanSwitchResult> AtPeriodEndAsync(Subscription current, SubscriptionItem item, string fromPlanKey, Plan target, bool preview, CancellationToken cancellationToken)
    {
        var end = StripeTime.From(item.CurrentPeriodEnd);
        var line = new PlanSwitchLine($"{target.Name} from {end.UtcDateTime:d MMMM yyyy}", target.Amount);
        if (!preview)
        {
            var schedule = current.Schedule is { Status: "active" or "not_started" } existing
                ? existing
                : await stripe.V1.SubscriptionSchedules.CreateAsync(new SubscriptionScheduleCreateOptions { FromSubscription = current.Id }, cancellationToken: cancellationToken);
            var phase = schedule.Phases[0];
            await stripe.V1.SubscriptionSchedules.UpdateAsync(schedule.Id, new SubscriptionScheduleUpdateOptions
            {
                EndBehavior = "release",
                Phases =
                [
                    new SubscriptionSchedulePhaseOptions
                    {
                        StartDate = phase.StartDate,
                        EndDate = item.CurrentPeriodEnd,
                        Items = [new SubscriptionSchedulePhaseItemOptions { Price = item.Price.Id, Quantity = item.Quantity }],
                    },
                    new SubscriptionSchedulePhaseOptions
                    {
                        Items = [new SubscriptionSchedulePhaseItemOptions { Price = target.StripePriceId, Quantity = 1 }],
                        Duration = new SubscriptionSchedulePhaseDurationOptions { Interval = target.Interval, IntervalCount = 1 },
                    },
                ],
            }, cancellationToken: cancellationToken);
            await sync.SyncSubscriptionAsync(current.Id, current.CustomerId, $"reader switches to {target.Key} at the period end", cancellationToken);
        }
        return Done(preview, fromPlanKey, target, "period_end", end, 0, target.Amount, end, [line]);
    }

    private async Task ReleaseAsync(Subscription current, CancellationToken cancellationToken)
    {
        await stripe.V1.SubscriptionSchedules.ReleaseAsync(current.ScheduleId, cancellationToken: cancellationToken);
        await sync.SyncSubscriptionAsync(current.Id, current.CustomerId, "reader called off a plan switch", cancellationToken);
    }

    /// <summary>The price a live schedule moves the subscription to at the period end, if any.</summary>
    public static string? PendingPrice(Subscription subscription) =>
        subscription.Schedule is { Status: "active" or "not_started", Phases.Count: > 1 } schedule
            ? schedule.Phases[^1].Items.FirstOrDefault()?.PriceId
            : null;

    private static PlanSwitchResult.Done Done(bool preview, string from, Plan target, string when, DateTimeOffset effectiveAt, long dueNow, long nextAmount,
        DateTimeOffset nextAt, IReadOnlyList<PlanSwitchLine> lines) =>
        new PlanSwitchResult.Done(new PlanSwitchResponse(preview, from, target.Key, when, effectiveAt, dueNow, target.Currency, nextAmount, nextAt, lines));

    private static List<PlanSwitchLine> Lines(Invoice invoice) => [.. invoice.Lines.Data.Select(l => new PlanSwitchLine(l.Description, l.Amount))];

    private static int Rank(string interval) => interval switch { "day" => 0, "week" => 1, "month" => 2, _ => 3 };

    private static DateTimeOffset AddInterval(DateTimeOffset from, string interval) => interval switch
    {
        "year" => from.AddYears(1),
        "week" => from.AddDays(7),
        "day" => from.AddDays(1),
        _ => from.AddMonths(1),
    };
}
