using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

/// <summary>A fresh decision, with its reasons, straight from the database (no cache): for /api/v1/me and explain views.</summary>
public sealed class ReaderEntitlements(EntitlementFactsLoader loader, TimeProvider time, IOptions<MembershipOptions> options)
{
    public async Task<EntitlementDecision> EvaluateAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var facts = (await loader.LoadAsync([readerId], cancellationToken)).GetValueOrDefault(readerId) ?? ReaderFacts.Nothing;
        return EntitlementPolicy.Evaluate(readerId, facts.Subscriptions, facts.Grants, TimeSpan.FromDays(options.Value.GracePeriodDays), time.GetUtcNow());
    }
}
