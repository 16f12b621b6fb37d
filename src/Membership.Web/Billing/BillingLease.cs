using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Membership.Web.Billing;

/// <summary>
/// A reader's billing work in progress on some instance (a checkout starting, a customer being made, the
/// portal opening): a row rather than a row lock, so the Stripe calls it covers hold no database connection.
/// See <see cref="BillingLeases"/>.
/// </summary>
public sealed class BillingLease
{
    public Guid ReaderId { get; set; }

    /// <summary>The attempt holding the lease; its release removes only its own row.</summary>
    public Guid Holder { get; set; }

    /// <summary>On the database's clock; after it, the lease can be taken over (its holder has given up or died).</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class BillingLeaseConfiguration : IEntityTypeConfiguration<BillingLease>
{
    public void Configure(EntityTypeBuilder<BillingLease> builder)
    {
        builder.ToTable("billing_leases");
        builder.HasKey(l => l.ReaderId);
        builder.HasOne<Accounts.Reader>().WithMany().HasForeignKey(l => l.ReaderId).OnDelete(DeleteBehavior.Cascade);
    }
}
