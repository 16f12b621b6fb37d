using Microsoft.AspNetCore.Identity;

namespace Membership.Web.Accounts;

/// <summary>A reader of the site: an Identity user with what the membership product needs.</summary>
public sealed class Reader : IdentityUser<Guid>
{
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The reader's one Stripe customer, created on first checkout; unique.</summary>
    public string? StripeCustomerId { get; set; }
}
