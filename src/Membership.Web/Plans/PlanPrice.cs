using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Membership.Web.Plans;

/// <summary>
/// Every Stripe price a plan has sold at. Subscribers keep the price they signed up at when the plan's
/// price changes, so revenue figures read each subscription's own price from here.
/// </summary>
public sealed class PlanPrice
{
    public required string StripePriceId { get; set; }
    public required string PlanKey { get; set; }
    public long Amount { get; set; }
    public required string Currency { get; set; }
    public required string Interval { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class PlanPriceConfiguration : IEntityTypeConfiguration<PlanPrice>
{
    public void Configure(EntityTypeBuilder<PlanPrice> builder)
    {
        builder.ToTable("plan_prices");
        builder.HasKey(p => p.StripePriceId);
        builder.Property(p => p.StripePriceId).HasMaxLength(255);
        builder.Property(p => p.PlanKey).HasMaxLength(64);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Interval).HasMaxLength(5);
        builder.HasIndex(p => p.PlanKey);
    }
}
