using System.Security.Claims;
using Membership.Web.AdminActions;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.StripeConnection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Stripe;

namespace Membership.Web.Plans;

/// <summary>
/// Creating, changing and archiving plans. A plan is sold in Stripe before it is saved here, so a
/// Stripe failure leaves everything as it was. A price change makes a new Stripe price (the plan's
/// lookup key moves to it); subscribers on the old price keep it. A product gone from Stripe (deleted,
/// archived, another account's) is replaced rather than blocking the change.
/// </summary>
public sealed class PlanEditor(MembershipDbContext db, PlanSubscribers subscribers, StripePlanPrices prices, StripeClient stripe, AuditLog audit, TimeProvider time, ILogger<PlanEditor> logger)
{
    public async Task<IReadOnlyList<PlanView>> ListAsync(CancellationToken cancellationToken)
    {
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.Archived).ThenBy(p => p.Amount).ThenBy(p => p.Key).ToListAsync(cancellationToken);
        var counts = await subscribers.ByPlanAsync(cancellationToken);
        return plans.Select(p => PlanView.From(p, counts.GetValueOrDefault(p.Key))).ToList();
    }

    public async Task<PlanView?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        return plan is null ? null : PlanView.From(plan, await SubscribersAsync(key, cancellationToken));
    }

    public async Task<AdminResult<PlanView>> CreateAsync(ClaimsPrincipal actor, PlanCreateRequest request, CancellationToken cancellationToken)
    {
        var currency = request.Currency?.ToLowerInvariant() ?? "usd";
        var features = request.Features ?? [PlanFeatures.AdFree];
        var errors = new Dictionary<string, string[]>();
        PlanRules.CheckKey(request.Key, errors);
        PlanRules.CheckName(request.Name, errors);
        PlanRules.CheckDescription(request.Description, errors);
        PlanRules.CheckAmount(request.Amount, errors);
        PlanRules.CheckCurrency(currency, errors);
        PlanRules.CheckInterval(request.Interval, errors);
        PlanRules.CheckTrialDays(request.TrialDays, errors);
        PlanRules.CheckFeatures(features, errors);
        if (errors.Count > 0)
            return AdminError.Invalid(errors);
        if (await db.Plans.AnyAsync(p => p.Key == request.Key, cancellationToken))
            return AdminError.Conflict($"A plan with the key '{request.Key}' exists already (archived plans keep their key).");

        var now = time.GetUtcNow();
        var plan = new Plan
        {
            Key = request.Key!,
            Name = request.Name!.Trim(),
            Description = request.Description?.Trim() ?? "",
            Amount = request.Amount!.Value,
            Currency = currency,
            Interval = request.Interval!,
            TrialDays = request.TrialDays ?? 0,
            Features = features.Distinct(StringComparer.Ordinal).ToList(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (await TryStripeAsync(() => prices.EnsureAsync(plan, cancellationToken), plan.Key, cancellationToken) is { } refused)
            return refused;
        db.Plans.Add(plan);
        await RecordPriceAsync(plan, cancellationToken);
        audit.Record(actor, "plan.create", null, plan.Key,
            new { plan.Name, plan.Amount, plan.Currency, plan.Interval, plan.TrialDays, plan.Features, plan.StripePriceId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return AdminError.Conflict($"A plan with the key '{plan.Key}' exists already.");
        }
        return PlanView.From(plan, 0);
    }

    public Task<AdminResult<PlanView>> UpdateAsync(ClaimsPrincipal actor, string key, PlanUpdateRequest request, CancellationToken cancellationToken) =>
        UpdateAsync(actor, key, request, null, cancellationToken);

    /// <summary>
    /// As above, with optimistic concurrency: <paramref name="expectedVersions"/> null changes the plan whatever
    /// its version; else they are the versions the caller read (an <c>If-Match</c>'s tags, the edit page's hidden
    /// field), and the change is refused (412) unless the plan is still at one of them.
    /// </summary>
    public async Task<AdminResult<PlanView>> UpdateAsync(
        ClaimsPrincipal actor, string key, PlanUpdateRequest request, IReadOnlyCollection<uint>? expectedVersions, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (plan is null)
            return AdminError.NotFound($"No plan has the key '{key}'.");
        if (expectedVersions is not null && !expectedVersions.Contains(plan.Version))
            return ChangedMeanwhile(plan);
        var currency = request.Currency?.ToLowerInvariant();
        var errors = new Dictionary<string, string[]>();
        if (request.Name is not null)
            PlanRules.CheckName(request.Name, errors);
        PlanRules.CheckDescription(request.Description, errors);
        if (request.Amount is not null)
            PlanRules.CheckAmount(request.Amount, errors);
        if (currency is not null)
            PlanRules.CheckCurrency(currency, errors);
        if (request.Interval is not null)
            PlanRules.CheckInterval(request.Interval, errors);
        PlanRules.CheckTrialDays(request.TrialDays, errors);
        if (request.Features is not null)
            PlanRules.CheckFeatures(request.Features, errors, allowNone: true);
        if (errors.Count > 0)
            return AdminError.Invalid(errors);

        var changes = new PlanChanges(plan);
        changes.Set(nameof(Plan.Name), request.Name?.Trim(), p => p.Name, (p, v) => p.Name = v);
        changes.Set(nameof(Plan.Description), request.Description?.Trim(), p => p.Description, (p, v) => p.Description = v);
        changes.Set(nameof(Plan.TrialDays), request.TrialDays, p => p.TrialDays, (p, v) => p.TrialDays = v);
        changes.SetList(nameof(Plan.Features), request.Features, p => p.Features, (p, v) => p.Features = v);
        changes.Set(nameof(Plan.Archived), request.Archived, p => p.Archived, (p, v) => p.Archived = v);
        var productChanged = changes.Has(nameof(Plan.Name)) || changes.Has(nameof(Plan.Description));
        var oldPrice = plan.StripePriceId;
        await RecordPriceAsync(plan, cancellationToken);
        changes.Set(nameof(Plan.Amount), request.Amount, p => p.Amount, (p, v) => p.Amount = v);
        changes.Set(nameof(Plan.Currency), currency, p => p.Currency, (p, v) => p.Currency = v);
        changes.Set(nameof(Plan.Interval), request.Interval, p => p.Interval, (p, v) => p.Interval = v);
        if (changes.Count == 0)
            return PlanView.From(plan, await SubscribersAsync(key, cancellationToken));

        var priceChanged = changes.Has(nameof(Plan.Amount)) || changes.Has(nameof(Plan.Currency)) || changes.Has(nameof(Plan.Interval));
        if ((priceChanged || productChanged)
            && await TryStripeAsync(() => ChangeInStripeAsync(plan, priceChanged, productChanged, cancellationToken), key, cancellationToken) is { } refused)
            return refused;
        if (plan.StripePriceId != oldPrice)
        {
            changes.Note(nameof(Plan.StripePriceId), oldPrice, plan.StripePriceId);
            RecordPrice(plan);
        }

        plan.UpdatedAt = time.GetUtcNow();
        var action = changes.OnlyArchived ? (plan.Archived ? "plan.archive" : "plan.unarchive") : "plan.update";
        audit.Record(actor, action, null, plan.Key, changes.Details);
        try
        {
            if (changes.Has(nameof(Plan.Features)))
                await SaveAndAnnounceToAllAsync(cancellationToken);
            else
                await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another change was saved between our read and our write (the UPDATE names the version read).
            logger.LogWarning("Plan {PlanKey} changed while an admin's change to it was being saved: that change was refused", key);
            return ChangedMeanwhile(plan);
        }
        return PlanView.From(plan, await SubscribersAsync(key, cancellationToken));
    }

    private static AdminError ChangedMeanwhile(Plan plan) =>
        AdminError.Changed($"The plan '{plan.Key}' was changed by someone else after you read it, so this change was not saved. "
            + "Read the plan again (GET it for its current ETag) and apply your change to what it is now.");

    private Task<int> SubscribersAsync(string key, CancellationToken cancellationToken) => subscribers.OfPlanAsync(key, cancellationToken);

    /// <summary>
    /// A plan's features are part of every subscriber's entitlement, and its subscribers can be many:
    /// rather than one notification per reader, a payload that is not a reader id, on which every
    /// instance empties its entitlement cache (ARCHITECTURE.md rule 4). Delivered on commit, as the
    /// per-reader ones are. Archiving or renaming decides nothing about access, so announces nothing.
    /// </summary>
    private async Task SaveAndAnnounceToAllAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await EntitlementChanges.NotifyAllAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ChangeInStripeAsync(Plan plan, bool priceChanged, bool productChanged, CancellationToken cancellationToken)
    {
        if (priceChanged)
            await prices.EnsureAsync(plan, cancellationToken);
        if (!productChanged || plan.StripeProductId is null)
            return;
        try
        {
            await stripe.V1.Products.UpdateAsync(plan.StripeProductId, new ProductUpdateOptions { Name = plan.Name, Description = plan.Description },
                cancellationToken: cancellationToken);
        }
        catch (StripeException e) when (e.IsResourceMissing())
        {
            // The product is gone: the plan is sold again (on a new product unless its price's own is live), then named.
            await prices.EnsureAsync(plan, cancellationToken);
            await stripe.V1.Products.UpdateAsync(plan.StripeProductId, new ProductUpdateOptions { Name = plan.Name, Description = plan.Description },
                cancellationToken: cancellationToken);
        }
    }

    /// <summary>Keeps what each Stripe price charges, so revenue counts every subscriber at their own price.</summary>
    private async Task RecordPriceAsync(Plan plan, CancellationToken cancellationToken)
    {
        if (plan.StripePriceId is not null && !await db.Set<PlanPrice>().AnyAsync(p => p.StripePriceId == plan.StripePriceId, cancellationToken))
            RecordPrice(plan);
    }

    private void RecordPrice(Plan plan) =>
        db.Set<PlanPrice>().Add(new PlanPrice
        {
            StripePriceId = plan.StripePriceId!,
            PlanKey = plan.Key,
            Amount = plan.Amount,
            Currency = plan.Currency,
            Interval = plan.Interval,
            RecordedAt = time.GetUtcNow(),
        });

    /// <returns>Null when the call succeeded, else why Stripe did not (logged).</returns>
    private async Task<AdminError?> TryStripeAsync(Func<Task> call, string planKey, CancellationToken cancellationToken)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"the change of plan {planKey}");
            return AdminError.FromStripe(failure);
        }
    }
}
