using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Membership.Web.Accounts;

public sealed class ReaderConfiguration : IEntityTypeConfiguration<Reader>
{
    public void Configure(EntityTypeBuilder<Reader> builder)
    {
        builder.ToTable("readers");
        builder.Property(r => r.DisplayName).HasMaxLength(100);
        builder.Property(r => r.StripeCustomerId).HasMaxLength(255);
        builder.HasIndex(r => r.StripeCustomerId).IsUnique();
        // Admin search: an email prefix is one index range only in byte order (collation "C"); id breaks ties for paging.
        builder.HasIndex(r => new { r.NormalizedEmail, r.Id }).UseCollation("C", null!);
    }
}
