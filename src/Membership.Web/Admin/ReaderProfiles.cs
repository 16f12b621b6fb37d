using System.Text.Json;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.StripeConnection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Membership.Web.Admin;

/// <summary>Reads one reader's profile from local tables only: a handful of indexed reads, no Stripe call.</summary>
public sealed class ReaderProfiles(MembershipDbContext db, ReaderEntitlements entitlements, IOptions<StripeOptions> stripe, TimeProvider time)
{
    private const int InvoiceCount = 10;

    public async Task<ReaderProfile?> GetAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var reader = await db.Users.AsNoTracking().FirstOrDefaultAsync(r => r.Id == readerId, cancellationToken);
        if (reader is null)
            return null;
        var now = time.GetUtcNow();
        var decision = await entitlements.EvaluateAsync(readerId, cancellationToken);
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.ReaderId == readerId)
            .OrderByDescending(s => s.CreatedAt).ToListAsync(cancellationToken);
        var grants = await db.Grants.AsNoTracking().Where(g => g.ReaderId == readerId)
            .OrderByDescending(g => g.CreatedAt).ToListAsync(cancellationToken);
        return new ReaderProfile(
            reader.Id, reader.Email, reader.DisplayName, reader.EmailConfirmed, reader.CreatedAt,
            reader.StripeCustomerId, DashboardUrl(reader.StripeCustomerId),
            EntitlementView.From(decision), decision.Reasons,
            subscriptions.Select(SubscriptionView.From).ToList(),
            await RecentInvoicesAsync(readerId, cancellationToken),
            grants.Select(g => GrantView.From(g, now)).ToList());
    }

    /// <summary>The "Open in Stripe" link of a customer.</summary>
    /// <summary>Stripe's Dashboard knows only Stripe's own ids: against the emulator a link there would be dead.</summary>
    private bool TalksToStripe => stripe.Value.ApiBase.Host.EndsWith("stripe.com", StringComparison.OrdinalIgnoreCase);

    public string? DashboardUrl(string? customerId) =>
        customerId is null || !TalksToStripe ? null : $"{stripe.Value.DashboardBase.ToString().TrimEnd('/')}/customers/{Uri.EscapeDataString(customerId)}";

    private async Task<List<InvoiceView>> RecentInvoicesAsync(Guid readerId, CancellationToken cancellationToken)
    {
        // Each invoice has several events (created, finalized, paid...): the newest says where it stands.
        var events = await db.StripeEvents.AsNoTracking()
            .Where(e => e.ReaderId == readerId && e.Type.StartsWith("invoice."))
            .OrderByDescending(e => e.StripeCreatedAt).Take(InvoiceCount * 4)
            .Select(e => new { e.Type, e.StripeCreatedAt, e.Payload })
            .ToListAsync(cancellationToken);
        var invoices = new List<InvoiceView>();
        foreach (var e in events)
        {
            if (ParseInvoice(e.Payload, e.Type, e.StripeCreatedAt) is { } invoice && invoices.All(i => i.InvoiceId != invoice.InvoiceId))
                invoices.Add(invoice);
        }
        return invoices.Take(InvoiceCount).ToList();
    }

    private static InvoiceView? ParseInvoice(string payload, string type, DateTimeOffset at)
    {
        using var json = JsonDocument.Parse(payload);
        if (!json.RootElement.TryGetProperty("data", out var data) || !data.TryGetProperty("object", out var invoice)
            || invoice.ValueKind != JsonValueKind.Object || Text(invoice, "id") is not { } id)
            return null;
        return new InvoiceView(id, Text(invoice, "number"), Text(invoice, "status"), Number(invoice, "amount_due"),
            Number(invoice, "amount_paid"), Text(invoice, "currency"), at, type, Text(invoice, "hosted_invoice_url"));
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
}
