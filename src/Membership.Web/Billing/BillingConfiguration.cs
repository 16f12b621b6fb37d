using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Membership.Web.Billing;

public sealed class MemberSubscriptionConfiguration : IEntityTypeConfiguration<MemberSubscription>
{
    public void Configure(EntityTypeBuilder<MemberSubscription> builder)
    {
        builder.ToTable("subscriptions");
        builder.HasKey(s => s.StripeSubscriptionId);
        builder.Property(s => s.StripeSubscriptionId).HasMaxLength(255);
        builder.Property(s => s.StripeCustomerId).HasMaxLength(255);
        builder.Property(s => s.PlanKey).HasMaxLength(64);
        builder.Property(s => s.StripePriceId).HasMaxLength(255);
        builder.Property(s => s.Status).HasMaxLength(32);
        builder.Property(s => s.TermsVersion).HasMaxLength(64);
        builder.HasIndex(s => s.ReaderId);
        // By status (the sync's live subscriptions), and the admin's members and subscribers per plan as
        // index-only scans of the same index.
        builder.HasIndex(s => new { s.Status, s.PlanKey, s.ReaderId });
        // The renewal check's query: live subscriptions whose period has ended.
        builder.HasIndex(s => s.CurrentPeriodEnd).HasFilter("status IN ('active', 'trialing')");
        builder.HasOne<Accounts.Reader>().WithMany().HasForeignKey(s => s.ReaderId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SubscriptionHistoryEntryConfiguration : IEntityTypeConfiguration<SubscriptionHistoryEntry>
{
    public void Configure(EntityTypeBuilder<SubscriptionHistoryEntry> builder)
    {
        builder.ToTable("subscription_history");
        builder.Property(h => h.Change).HasMaxLength(64);
        builder.Property(h => h.From).HasMaxLength(255);
        builder.Property(h => h.To).HasMaxLength(255);
        builder.Property(h => h.Cause).HasMaxLength(255);
        builder.HasIndex(h => new { h.ReaderId, h.OccurredAt });
        builder.HasIndex(h => h.OccurredAt);
        builder.HasOne<Accounts.Reader>().WithMany().HasForeignKey(h => h.ReaderId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class StripeEventRecordConfiguration : IEntityTypeConfiguration<StripeEventRecord>
{
    public void Configure(EntityTypeBuilder<StripeEventRecord> builder)
    {
        builder.ToTable("stripe_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(128);
        builder.Property(e => e.ApiVersion).HasMaxLength(64);
        builder.Property(e => e.Payload).HasColumnType("text");
        builder.Property(e => e.LastError).HasMaxLength(2000);
        // The worker's claim query: pending rows whose time has come.
        builder.HasIndex(e => e.NextAttemptAt).HasFilter("status = 0");
        // The admin event log's keyset, (received_at, id) < (t, x), newest first; and the same filtered by type.
        builder.HasIndex(e => new { e.ReceivedAt, e.Id });
        builder.HasIndex(e => new { e.Type, e.ReceivedAt, e.Id });
        // The admin event log filtered by status (failed, pending), newest first.
        builder.HasIndex(e => new { e.Status, e.ReceivedAt });
        builder.HasIndex(e => e.ReaderId);
    }
}
