using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Plan = Membership.Web.Plans.Plan;

namespace Membership.Web.Billing;

public sealed record BillingCard(string Brand, string Last4);

/// <summary>A switch waiting for the period end (a subscription schedule's next phase).</summary>
public sealed record PendingSwitch(string PlanName, DateTimeOffset At);

/// <summary>A plan the reader can switch to, and when the switch would happen.</summary>
public sealed record SwitchOption(string PlanKey, string Label, bool Now);

/// <summary>What the account page shows about paying: price, next charge, card, a waiting switch, switch options, invoices.</summary>
public sealed record BillingDetails(
    string? Price, string? NextCharge, BillingCard? Card, PendingSwitch? Pending, IReadOnlyList<SwitchOption> SwitchOptions, IReadOnlyList<ReaderInvoice> Invoices)
{
    public static readonly BillingDetails None = new(null, null, null, null, [], []);
}

/// <summary>Reads the reader's billing details from Stripe (the local rows hold no card, price or invoice).</summary>
public sealed class ReaderBillingDetails(MembershipDbContext db, StripeClient stripe, ReaderInvoices invoices)
{
    public async Task<BillingDetails> ReadAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var local = await db.Subscriptions.AsNoTracking()
            .Where(s => s.ReaderId == readerId && LiveSubscriptions.Statuses.Contains(s.Status))
            .OrderByDescending(s => s.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var listed = await invoices.ListAsync(readerId, cancellationToken);
        if (local is null)
            return BillingDetails.None with { Invoices = listed };

        var subscription = await stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId, new SubscriptionGetOptions
        {
            Expand = ["default_payment_method", "customer.invoice_settings.default_payment_method", "schedule"],
        }, cancellationToken: cancellationToken);
        var item = subscription.Items.Data[0];
        var price = item.Price;
        var plans = await db.Plans.AsNoTracking().Where(p => !p.Archived && p.StripePriceId != null).OrderBy(p => p.Amount).ToListAsync(cancellationToken);
        var pendingPrice = PlanSwitches.PendingPrice(subscription);
        var pendingPlan = pendingPrice is null ? null : plans.FirstOrDefault(p => p.StripePriceId == pendingPrice);
        var periodEnd = StripeTime.From(item.CurrentPeriodEnd);
        var cancelling = subscription.CancelAtPeriodEnd || subscription.CancelAt is not null;
        var renewing = StripeSubscriptionStatuses.IsRenewing(subscription.Status) && !cancelling && subscription.PauseCollection is null;

        var nextAmount = pendingPlan?.Amount ?? price.UnitAmount ?? 0;
        var nextCharge = renewing ? $"{Currencies.Format(nextAmount, price.Currency)} on {Day(periodEnd)}" : null;
        var method = subscription.DefaultPaymentMethod ?? subscription.Customer?.InvoiceSettings?.DefaultPaymentMethod;
        var card = method?.Card is { } c ? new BillingCard(Brand(c.Brand), c.Last4) : null;
        var options = renewing
            ? plans.Where(p => p.StripePriceId != price.Id && p.Key != local.PlanKey && p.Currency == price.Currency)
                .Select(p => new SwitchOption(p.Key, $"Switch to {Interval(p)}", Rank(p.Interval) >= Rank(price.Recurring?.Interval)))
                .ToList()
            : [];
        return new BillingDetails(
            $"{Currencies.Format(price.UnitAmount ?? 0, price.Currency)} / {price.Recurring?.Interval ?? "period"}",
            nextCharge, card, pendingPlan is null ? null : new PendingSwitch(pendingPlan.Name, periodEnd), options, listed);
    }

    public static string Day(DateTimeOffset moment) => moment.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static string Interval(Plan plan) => plan.Interval switch { "year" => "yearly", "month" => "monthly", "week" => "weekly", _ => plan.Name };

    private static int Rank(string? interval) => interval switch { "day" => 0, "week" => 1, "month" => 2, _ => 3 };

    private static string Brand(string brand) => brand switch
    {
        "visa" => "Visa",
        "mastercard" => "Mastercard",
        "amex" => "American Express",
        "discover" => "Discover",
        _ => brand.Length == 0 ? "Card" : char.ToUpperInvariant(brand[0]) + brand[1..],
    };
}
