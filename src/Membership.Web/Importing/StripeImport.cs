using System.Globalization;
using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.Importing;

/// <summary>
/// Brings over every Stripe customer with a subscription on this site's plans: each subscription is linked to
/// the reader its customer already has, else to the reader with the customer's email (case-insensitive), else
/// to a new reader (no password, nothing mailed), then written through <see cref="SubscriptionSync"/>, the one
/// writer, exactly as a webhook would write it. A subscription that cancels at period end stays a paid member
/// until then, as the entitlement policy says for any subscription. Pages of Stripe's list are checkpointed, so
/// a run that dies resumes after the last whole page, and lines written since are not done twice.
/// </summary>
public sealed class StripeImport(
    MembershipDbContext db, StripeClient stripe, SubscriptionReads reads, SubscriptionSync sync, ReaderManager readers,
    ImportJobStore jobs, IOptions<ImportsOptions> options)
{
    private static readonly string[] Ended = ["canceled", "incomplete_expired"];

    public async Task RunAsync(ClaimedImport job, CancellationToken cancellationToken)
    {
        var cursor = job.Cursor;
        while (true)
        {
            var plans = await PlanPricesAsync(cancellationToken);
            // Taken before the page is read, so the listed objects are written like any other read (see ImportListedAsync).
            var ticket = await reads.NextTicketAsync(cancellationToken);
            var page = await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions
            {
                // "all": a cursor that stopped being live between pages still pages on.
                Status = "all",
                Limit = options.Value.PageSize,
                StartingAfter = cursor,
                Expand = ["data.customer", "data.latest_invoice", "data.items.data.price"],
            }, cancellationToken: cancellationToken);
            foreach (var subscription in page.Data)
                await ImportAsync(job, subscription, ticket, plans, cancellationToken);
            if (page.Data.Count > 0)
            {
                cursor = page.Data[^1].Id;
                if (!await jobs.CheckpointAsync(job, cursor, cancellationToken))
                    throw new ImportLeaseLostException(job.Id);
            }
            if (!page.HasMore)
                return;
        }
    }

    private async Task ImportAsync(ClaimedImport job, Subscription subscription, long ticket, PlanPrices plans, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        if (await ImportItems.FindAsync(db, job.Id, subscription.Id, cancellationToken) is { } done)
        {
            // Written before a crash or a lost lease: only the sync may be missing (it is safe to repeat).
            if (!job.DryRun && !done.Synced && done.ReaderId is { } readerId && done.Action is ImportActions.Created or ImportActions.Linked or ImportActions.Unchanged)
                await SyncAsync(job, readerId, subscription, ticket, cancellationToken);
            return;
        }

        var decision = await DecideAsync(job, subscription, plans, cancellationToken);
        var writes = decision.Action is ImportActions.Created or ImportActions.Linked or ImportActions.Unchanged;
        if (job.DryRun || !writes)
        {
            await ImportItems.InsertAsync(db, job.Id, decision.Line, decision.NormalizedEmail, job.DryRun && writes, cancellationToken);
            return;
        }

        var line = decision.Line;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (decision.Action == ImportActions.Created)
            {
                var reader = new Reader { UserName = line.Email, Email = line.Email, DisplayName = decision.Name };
                var created = await readers.CreateAsync(reader);
                if (!created.Succeeded)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    var why = string.Join(" ", created.Errors.Select(e => e.Description));
                    await ImportItems.InsertAsync(db, job.Id, line with { Action = ImportActions.Skipped, Reason = $"No reader could be made for this email: {why}" },
                        decision.NormalizedEmail, false, cancellationToken);
                    return;
                }
                line = line with { ReaderId = reader.Id };
            }
            if (!await ImportItems.InsertAsync(db, job.Id, line, decision.NormalizedEmail, false, cancellationToken))
                return; // another run of this job wrote the line meanwhile; the transaction rolls back
            await transaction.CommitAsync(cancellationToken);
        }
        await SyncAsync(job, line.ReaderId!.Value, subscription, ticket, cancellationToken);
    }

    private async Task SyncAsync(ClaimedImport job, Guid readerId, Subscription subscription, long ticket, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await sync.ImportListedAsync(readerId, subscription, ticket, $"import {job.Id}", cancellationToken);
        await ImportItems.MarkSyncedAsync(db, job.Id, subscription.Id, cancellationToken);
    }

    private sealed record Decision(ImportReportLine Line, string? NormalizedEmail, string? Name)
    {
        public string Action => Line.Action;
    }

    private async Task<Decision> DecideAsync(ClaimedImport job, Subscription subscription, PlanPrices plans, CancellationToken cancellationToken)
    {
        var customer = subscription.Customer;
        var email = customer?.Email?.Trim();
        email = string.IsNullOrEmpty(email) ? null : email;
        var normalized = email is null ? null : readers.NormalizeEmail(email);
        var line = new ImportReportLine(subscription.Id, null, email, subscription.CustomerId, null, ImportActions.Skipped, null);
        Decision Skip(string reason) => new(line with { Reason = reason }, normalized, null);
        Decision Take(string action, Guid? readerId, string reason) =>
            new(line with { Action = action, ReaderId = readerId, Reason = $"{reason}; {Describe(subscription)}" }, normalized, customer?.Name);

        if (Ended.Contains(subscription.Status))
            return Skip($"The subscription is {subscription.Status}: nothing to bring over.");
        var prices = subscription.Items?.Data.Select(i => i.Price).Where(p => p is not null).ToList() ?? [];
        if (!prices.Any(p => plans.PriceIds.Contains(p.Id) || plans.ProductIds.Contains(p.ProductId)))
            return Skip($"Not on this site's plans (price {string.Join(", ", prices.Select(p => p.Id))}).");
        if (customer is null || customer.Deleted == true)
            return Skip("The customer is deleted in Stripe.");

        var byCustomer = await db.Users.AsNoTracking().Where(r => r.StripeCustomerId == customer.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (byCustomer is not null)
            return Take(ImportActions.Unchanged, byCustomer, "Already linked to this customer");

        var named = await NamedReaderAsync(subscription, customer, cancellationToken);
        if (named is not null)
        {
            return named.StripeCustomerId is null
                ? Take(ImportActions.Linked, named.Id, "The customer names this reader (metadata reader_id)")
                : Skip($"The reader the customer names is linked to another Stripe customer ({named.StripeCustomerId}); a reader has one.");
        }
        if (email is null)
            return Skip("The customer has no email, so no reader can be matched or made.");

        var byEmail = await db.Users.AsNoTracking().Where(r => r.NormalizedEmail == normalized).Select(r => new { r.Id, r.StripeCustomerId }).FirstOrDefaultAsync(cancellationToken);
        if (byEmail is not null)
        {
            return byEmail.StripeCustomerId is null
                ? Take(ImportActions.Linked, byEmail.Id, "A reader has this email")
                : Skip($"The reader with this email is linked to another Stripe customer ({byEmail.StripeCustomerId}); a reader has one.");
        }
        // Only a dry run gets here with an address an earlier line took: applying, that line made the reader.
        if (await ImportItems.EarlierWithEmailAsync(db, job.Id, normalized!, cancellationToken) is { } earlier)
        {
            return earlier.CustomerId == customer.Id
                ? Take(ImportActions.Unchanged, null, $"The customer's reader comes from {earlier.Key}")
                : Skip($"Another Stripe customer with this email ({earlier.CustomerId}) comes first; a reader has one customer.");
        }
        return Take(ImportActions.Created, null, "No reader had this email");
    }

    private async Task<Reader?> NamedReaderAsync(Subscription subscription, Customer customer, CancellationToken cancellationToken)
    {
        var named = subscription.Metadata?.GetValueOrDefault(CheckoutMetadata.ReaderId) ?? customer.Metadata?.GetValueOrDefault(CheckoutMetadata.ReaderId);
        return Guid.TryParse(named, out var id) ? await db.Users.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) : null;
    }

    /// <summary>What the reader will have, so a dry run shows cancelled-but-paid-up members as members.</summary>
    private static string Describe(Subscription subscription)
    {
        var end = subscription.Items?.Data.Count > 0 ? subscription.Items.Data.Max(i => i.CurrentPeriodEnd) : (DateTime?)null;
        var until = end is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "?";
        return subscription.CancelAtPeriodEnd || subscription.CancelAt is not null
            ? $"{subscription.Status}, cancelled: a member until {(subscription.CancelAt ?? end)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? until}"
            : $"{subscription.Status}, period ends {until}";
    }

    private sealed record PlanPrices(HashSet<string> PriceIds, HashSet<string> ProductIds);

    private async Task<PlanPrices> PlanPricesAsync(CancellationToken cancellationToken)
    {
        var plans = await db.Plans.AsNoTracking().Select(p => new { p.StripePriceId, p.StripeProductId }).ToListAsync(cancellationToken);
        return new(plans.Where(p => p.StripePriceId != null).Select(p => p.StripePriceId!).ToHashSet(StringComparer.Ordinal),
            plans.Where(p => p.StripeProductId != null).Select(p => p.StripeProductId!).ToHashSet(StringComparer.Ordinal));
    }
}

/// <summary>Another runner took the job over (this one was too slow to renew its lease): stop without writing more.</summary>
public sealed class ImportLeaseLostException(Guid jobId) : Exception($"Import {jobId}: the lease passed to another runner.");
