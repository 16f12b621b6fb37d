using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Membership.Web.Rights;

/// <summary>
/// A notice the law asks us to send and to be able to show we sent: a renewal reminder or a price-change
/// notice. Unique per (kind, subscription, subject), so a notice is sent once however often the job runs.
/// </summary>
public sealed class LegalNotice
{
    public const string RenewalReminder = "renewal_reminder";
    public const string PriceChange = "price_change";

    public long Id { get; set; }
    public Guid ReaderId { get; set; }
    public required string StripeSubscriptionId { get; set; }
    public required string Kind { get; set; }

    /// <summary>What the notice is about: the renewal's date for a reminder, the price change for a notice.</summary>
    public required string Subject { get; set; }

    public required string Email { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

public sealed class LegalNoticeConfiguration : IEntityTypeConfiguration<LegalNotice>
{
    public void Configure(EntityTypeBuilder<LegalNotice> builder)
    {
        builder.ToTable("legal_notices");
        builder.Property(n => n.StripeSubscriptionId).HasMaxLength(255);
        builder.Property(n => n.Kind).HasMaxLength(32);
        builder.Property(n => n.Subject).HasMaxLength(255);
        builder.Property(n => n.Email).HasMaxLength(256);
        builder.HasIndex(n => new { n.Kind, n.StripeSubscriptionId, n.Subject }).IsUnique();
        builder.HasIndex(n => n.ReaderId);
        builder.HasOne<Accounts.Reader>().WithMany().HasForeignKey(n => n.ReaderId).OnDelete(DeleteBehavior.Cascade);
    }
}
