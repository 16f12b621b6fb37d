using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Membership.Web.Entitlements;

public sealed class ComplimentaryGrantConfiguration : IEntityTypeConfiguration<ComplimentaryGrant>
{
    public void Configure(EntityTypeBuilder<ComplimentaryGrant> builder)
    {
        builder.ToTable("grants");
        builder.Property(g => g.Feature).HasMaxLength(64);
        builder.Property(g => g.Reason).HasMaxLength(500);
        builder.Property(g => g.CreatedBy).HasMaxLength(256);
        builder.HasIndex(g => g.ReaderId);
        builder.HasOne<Accounts.Reader>().WithMany().HasForeignKey(g => g.ReaderId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> builder)
    {
        builder.ToTable("signing_keys");
        builder.HasKey(k => k.Kid);
        builder.Property(k => k.Kid).HasMaxLength(64);
    }
}
