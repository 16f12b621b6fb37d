using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Membership.Web.Plans;

public sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.ToTable("plans");
        builder.HasKey(p => p.Key);
        builder.Property(p => p.Key).HasMaxLength(64);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.Description).HasMaxLength(1000);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Interval).HasMaxLength(5);
        builder.Property(p => p.StripeProductId).HasMaxLength(255);
        builder.Property(p => p.StripePriceId).HasMaxLength(255);
        builder.Property(p => p.Version).IsRowVersion();
    }
}
